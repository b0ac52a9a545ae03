import { zeroAddress } from 'viem';
import { describe, expect, test } from 'vitest';

import { Lane, ManifestKind, ManifestStatus } from '../../../shared/src/index.js';
import { haltQuestion } from './haltQuestion.js';
import { offeredActions } from './offeredActions.js';
import type { AccountRoles } from './readRoles.js';

const proposer = '0x90F79bf6EB2c4f870365E785982E1f101E93b906';
const other = '0x15d34AAf54267DB7D7c367839AAf71A00a2C6A65';
const none = { proposer: false, approver: false, executor: false, guardian: false };
const account = (address: `0x${string}`, roles: Partial<typeof none>): AccountRoles => ({
  account: address,
  bits: 1,
  ...none,
  ...roles,
});
const registered: { status: number; reinstatable: boolean } = {
  status: ManifestStatus.Registered,
  reinstatable: false,
};
const offered = (roles: AccountRoles | undefined, state = registered, frozenUntil = 0n) =>
  Object.entries(offeredActions({ roles, state, proposer, needsApprovals: true, frozenUntil, now: 100n }))
    .filter(([, offer]) => offer)
    .map(([name]) => name);

describe('offeredActions', () => {
  test('the manifest’s proposer: cancel while registered, nothing once approved', () => {
    expect(offered(account(proposer, { proposer: true }))).toEqual(['cancel']);
    expect(offered(account(proposer, { proposer: true }), { ...registered, status: ManifestStatus.Approved })).toEqual(
      [],
    );
    expect(offered(account(other, { proposer: true }))).toEqual([]);
  });

  test('an approver: approve, reinstate when the guard says reinstatable, lift while frozen', () => {
    expect(offered(account(other, { approver: true }))).toEqual(['approve']);
    expect(offered(account(proposer, { approver: true }))).toEqual([]);
    const halted = { status: ManifestStatus.Halted, reinstatable: true };
    expect(offered(account(other, { approver: true }), halted, 200n)).toEqual(['approve', 'reinstate', 'lift']);
  });

  test('a guardian: halt while registered or approved, freeze at any time', () => {
    expect(offered(account(other, { guardian: true }))).toEqual(['halt', 'freeze']);
    expect(
      offered(account(other, { guardian: true }), { status: ManifestStatus.Completed, reinstatable: false }),
    ).toEqual(['freeze']);
  });

  test('no wallet, or an account without a role: nothing', () => {
    expect(offered(undefined)).toEqual([]);
    expect(offered({ ...account(zeroAddress, {}), bits: 0 })).toEqual([]);
  });
});

describe('haltQuestion', () => {
  test('a privileged manifest’s halt can be overridden once; a routine one is final', () => {
    expect(
      haltQuestion(
        { ticket: 'OPS-12', kind: ManifestKind.Release, lane: Lane.Privileged, privilegedThreshold: 2 },
        'oracle off',
      ),
    ).toBe(
      'Halt OPS-12? This stops its remaining steps and lets its rollback run at once. It is privileged: approvers at the privileged threshold (2) can override this halt once (reinstate). Reason: “oracle off”.',
    );
    expect(
      haltQuestion({ ticket: 'RB-7', kind: ManifestKind.Rollback, lane: Lane.Routine, privilegedThreshold: 2 }, 'x'),
    ).toBe('Halt RB-7? This stops its remaining steps. It is routine: this halt is final. Reason: “x”.');
  });
});
