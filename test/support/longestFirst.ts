import { BaseSequencer, type TestSpecification } from 'vitest/node';

/**
 * The files that take longest on 2 cores (seconds per file, measured in a fresh-clone `npm test`, with everything else running beside them), in that order. On a
 * fresh clone vitest has no durations of earlier runs and starts files by size: the desk's start-and-stop test (about
 * 170 s) then began a third of the way in and ended the run alone. Started first, it runs beside everything else.
 */
const longestFirst = [
  'test/e2e/start.test.ts', // ~170 s
  'test/e2e/readme.test.ts', // ~100 s
  'test/cli/release.anvil.test.ts', // ~75 s
  'test/e2e/browser/release.test.ts', // ~67 s
  'test/cli/rollbackPlacement.anvil.test.ts', // ~51 s
  'test/cli/pipeline.anvil.test.ts', // ~47 s
  'test/cli/importFoundry.anvil.test.ts', // ~47 s
  'test/e2e/browser/incident.test.ts', // ~40 s
  'test/cli/importOz.anvil.test.ts', // ~35 s
  'shared/src/gate/hiddenProxy.anvil.test.ts', // ~28 s
  'test/e2e/browser/standalone.test.ts', // ~27 s
  'test/e2e/browser/sharedQueue.test.ts', // ~27 s
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
