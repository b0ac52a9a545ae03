import { type Hex, zeroAddress } from 'viem';
import { describe, expect, test } from 'vitest';

import type { LabelledQueueEntry } from '../queue/useLabelledQueue.js';
import { hostNonceAdvice, misplacedSentence, placementSentence } from './placementWords.js';
import { blockingNonce } from './queuedSteps.js';
import { entryReadiness, factsReadiness } from './readiness.js';

const hash = (n: number) => `0x${n.toString(16).padStart(2, '0').repeat(32)}` as Hex;
const dead = `0x${'12'.repeat(31)}ab` as Hex;
const haltedWhy = 'nonce 3 holds a step of a halted manifest (REL-42)';

function entry(nonce: bigint, label: LabelledQueueEntry['label'], more: Partial<LabelledQueueEntry> = {}) {
  const call = { to: zeroAddress, value: 0n, data: '0x' as Hex, operation: 0 as const };
  const safeTxHash = more.safeTxHash ?? hash(Number(nonce));
  return {
    safeTxHash,
    nonce,
    call,
    confirmations: 1,
    label,
    competing: [],
    position: undefined,
    verdict: { allowed: true, reason: '0x' as Hex },
    why: label === 'dead' ? haltedWhy : 'a step of RB-42',
    nearest: undefined,
    ready: false,
    transaction: {
      safeTxHash,
      call,
      nonce,
      confirmations: [],
      confirmationsRequired: 2,
      executed: false,
      source: 'tx-service' as const,
    },
    ...more,
  } satisfies LabelledQueueEntry;
}

describe('placementSentence', () => {
  test('default: where the proposals go', () => {
    expect(placementSentence({ nonce: 3n, replaces: [] }, 1)).toBe('Proposes at nonce 3.');
    expect(placementSentence({ nonce: 3n, replaces: [] }, 3)).toBe('Proposes at nonces 3 to 5.');
  });

  test('args: what they replace, with why', () => {
    expect(placementSentence({ nonce: 3n, replaces: [{ nonce: 3n, safeTxHash: dead, why: haltedWhy }] }, 1)).toBe(
      'Proposes at nonce 3, replacing 0x1212…12ab: nonce 3 holds a step of a halted manifest (REL-42).',
    );
  });

  test('inside Safe{Wallet}: set the nonce in its review', () => {
    expect(hostNonceAdvice({ nonce: 3n, replaces: [] }, 3)).toMatch(
      /^In Safe\{Wallet\}’s review, set the nonce to 3 before you sign: .* The next 2 follow at nonces 4 to 5 by themselves\.$/,
    );
    const twoDead = {
      nonce: 3n,
      replaces: [
        { nonce: 3n, safeTxHash: dead, why: haltedWhy },
        { nonce: 4n, safeTxHash: hash(4), why: 'nonce 4 holds a step of a halted manifest (REL-42)' },
      ],
    };
    expect(hostNonceAdvice(twoDead, 3)).toMatch(
      / Then set the nonces 4 to 5 in the reviews that follow, one by one\.$/,
    );
  });
});

describe('misplacedSentence', () => {
  const placement = { nonce: 3n, replaces: [{ nonce: 3n, safeTxHash: dead, why: haltedWhy }] };

  test('behind a nonce that can never execute', () => {
    expect(misplacedSentence({ phase: 0, step: 0, wanted: 3n, queuedAt: 4n }, placement, undefined)).toBe(
      'Phase 1, step 1 was queued at nonce 4 behind nonce 3, which can never execute: replace it: propose it again and set the nonce to 3 in Safe{Wallet}’s review.',
    );
  });

  test('elsewhere, or the host did not say', () => {
    expect(misplacedSentence({ phase: 0, step: 1, wanted: 4n, queuedAt: 6n }, placement, [entry(4n, 'step')])).toMatch(
      /^Phase 1, step 2 was queued at nonce 6, not 4: /,
    );
    expect(misplacedSentence({ phase: 0, step: 0, wanted: 3n, queuedAt: undefined }, placement, undefined)).toMatch(
      /did not say which nonce/,
    );
  });
});

describe('readiness', () => {
  test('ready only from the labelled entry', () => {
    const entries = [entry(3n, 'step', { confirmations: 2, ready: true })];
    expect(entryReadiness(entries[0]!, entries, 3n, 2)).toEqual({ ready: true, why: 'Ready.' });
    // Confirmed and allowed, but not ready by the labeller: not ready.
    const notReady = entry(3n, 'step', { confirmations: 2, why: 'waits for the soak' });
    expect(entryReadiness(notReady, [notReady], 3n, 2)).toEqual({ ready: false, why: 'Waits for the soak.' });
  });

  test('why not: the threshold, a nonce that comes first, a dead nonce in the way, the guard', () => {
    const first = entry(3n, 'step');
    const second = entry(4n, 'step');
    expect(entryReadiness(first, [first, second], 3n, 2).why).toBe(
      'Needs 1 more owner confirmation before it can execute.',
    );
    expect(entryReadiness(second, [first, second], 3n, 2).why).toBe(
      'Nonce 3 comes first: this one waits for the transactions before it.',
    );
    const stuck = entry(3n, 'dead', { safeTxHash: dead });
    expect(blockingNonce([stuck, second], 3n, 4n)).toEqual({ nonce: 3n, held: [stuck] });
    expect(entryReadiness(second, [stuck, second], 3n, 2).why).toBe(
      `Nonce 3 comes first: it holds 0x1212…12ab (${haltedWhy}), which can never execute: replace it by proposing this step again at nonce 3.`,
    );
    expect(entryReadiness(stuck, [stuck], 3n, 2)).toEqual({
      ready: false,
      why: 'Nonce 3 holds a step of a halted manifest (REL-42).',
    });
  });

  test('without the shared queue: all three facts', () => {
    const facts = { nonce: 3n, safeNonce: 3n, have: 2, need: 2 };
    expect(factsReadiness({ ...facts, verdict: { allowed: true, sentence: undefined } }).ready).toBe(true);
    expect(factsReadiness({ ...facts, nonce: 4n, verdict: { allowed: true, sentence: undefined } }).ready).toBe(false);
    expect(factsReadiness({ ...facts, have: 1, verdict: { allowed: true, sentence: undefined } }).ready).toBe(false);
    expect(factsReadiness({ ...facts, verdict: { allowed: false, sentence: 'The Safe is frozen.' } })).toEqual({
      ready: false,
      why: 'The guard would reject it now: The Safe is frozen.',
    });
    expect(factsReadiness({ ...facts, verdict: undefined }).ready).toBe(false);
  });
});
