import { BaseSequencer, type TestSpecification } from 'vitest/node';

/**
 * The files that take longest on 2 cores (seconds per file, measured in a fresh-clone `npm test`), in that order. On a
 * fresh clone vitest has no durations of earlier runs and starts files by size: the desk's start-and-stop test (about
 * 170 s) then began a third of the way in and ended the run alone. Started first, it runs beside everything else.
 */
const longestFirst = [
  'test/e2e/start.test.ts', // ~170 s
  'test/e2e/readme.test.ts', // ~45 s
  'test/e2e/browser/release.test.ts', // ~45 s
  'test/cli/pipeline.anvil.test.ts', // ~35 s
  'shared/src/hashing/manifestId.test.ts', // ~33 s
  'shared/src/package/parseReleasePackage.test.ts', // ~30 s
  'test/cli/release.anvil.test.ts', // ~26 s
  'shared/src/package/toManifest.test.ts', // ~25 s
  'shared/src/txbuilder/exportTxBuilderBatch.test.ts', // ~19 s
];

/** Vitest's order, with the known-long files moved to the front (the rest keep their order). */
export default class LongestFirst extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const sorted = await super.sort(files);
    const rank = (file: TestSpecification) => {
      const index = longestFirst.findIndex((path) => file.moduleId.endsWith(path));
      return index === -1 ? longestFirst.length : index;
    };
    return [...sorted].sort((a, b) => rank(a) - rank(b));
  }
}
