import { cleanup, render } from '@testing-library/react';
import { zeroAddress, zeroHash } from 'viem';
import { afterEach, describe, expect, test } from 'vitest';

import { guardErrors, sampleErrorData } from '../../../test/support/guardErrorSamples.js';
import { VerdictNotice } from '../inspect/components/VerdictNotice.js';
import type { Inspection } from '../inspect/inspectTransaction.js';
import { localTime } from '../ui/localTime.js';
import { guardWords } from './explain.js';

afterEach(cleanup);

/** The Inspect verdict for a transaction the guard refuses with `reason`. */
function refused(reason: `0x${string}`): Pick<Inspection, 'verdict' | 'manifest'> {
  return {
    verdict: {
      allowed: false,
      reason: undefined,
      words: guardWords(reason),
      manifestId: zeroHash,
      phase: 0,
      step: 0,
      msgSender: zeroAddress,
    },
    manifest: undefined,
  };
}

describe('every guard error reads as a sentence in the app (the list comes from the generated ABI)', () => {
  test('the ABI has the guard’s errors', () => {
    expect(guardErrors.length).toBeGreaterThan(50);
  });

  test.each(guardErrors.map((error) => error.name))('%s', (name) => {
    const { getByTestId, queryByTestId } = render(<VerdictNotice {...refused(sampleErrorData(name))} />);
    const sentence = getByTestId('inspect-reason').textContent ?? '';
    expect(getByTestId('inspect-verdict').dataset.rule).toBe(name);
    expect(sentence).toMatch(/^\S.*[.!?)`]$/s);
    // No raw error, no undecoded values: neither `ErrorName(…)`, nor unix seconds, nor enum numbers for statuses.
    expect(sentence).not.toMatch(/ManifestGuard[A-Z]\w*\(|undefined|NaN|\[object|1800000000|18000\d{5}/);
    const rule = queryByTestId('inspect-guard-rule')?.textContent;
    if (rule) expect(rule).not.toMatch(/undefined|NaN|1800000000/);
  });

  test('times read in the signer’s local time, with how long until or since', () => {
    const data = sampleErrorData('ManifestGuardTooEarly', [`0x${'1d'.repeat(32)}`, 1_800_003_600n, 1_800_000_000n]);
    const words = guardWords(data)!;
    expect(words.sentence).toContain(localTime(1_800_003_600n));
    expect(words.sentence).toContain('(in 1 h, block time');
    expect(words.sentence).not.toContain('T09:00:00Z');
    // The NatSpec of the error is the rule the guard states.
    expect(words.notice).toBe(`Not yet executable: \`max(notBefore, approvedAt + delay(lane))\` is in the future.`);
  });
});
