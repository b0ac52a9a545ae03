import type { Address, Hex } from 'viem';

import type { Effect } from './effects.js';

/** What an address read should hold after the phase, and the step that set it (-1: none, the standing value). */
export type Expectation = { subject: Address; expected: Address; step: number };

/** What the phase leaves behind, by kind: the values the state reads are judged against. */
export type StateExpectations = {
  /** Each upgraded proxy's implementation, through a ProxyAdmin or `upgradeTo[AndCall]`. */
  implementations: Map<Address, Expectation & { via: 'proxyAdmin' | 'upgradeTo' }>;
  /** Each transparent proxy's EIP-1967 admin. */
  admins: Map<Address, Expectation>;
  /**
   * Each `owner()`: the Safe's for a ProxyAdmin or a UUPS proxy the phase upgrades (`required` for a ProxyAdmin; a
   * UUPS proxy may have no `owner()`), or the new owner a step sets (`explicit`).
   */
  owners: Map<Address, Expectation & { explicit: boolean; required: boolean }>;
  /** Each role a step grants or revokes. */
  roles: Map<string, { subject: Address; role: Hex; account: Address; granted: boolean; step: number }>;
  /** The Safe's guard: this guard, unless a step sets another. */
  safeGuard: Expectation;
};

/**
 * What the phase's effects (`phaseEffects`) should leave on chain: the last step that touches a value sets its
 * expectation; an owner a step sets explicitly is never replaced by the Safe an upgrade implies.
 *
 * @example
 * const { implementations, owners } = stateExpectations(phaseEffects(steps, safe), safe, guard);
 */
export function stateExpectations(effects: readonly Effect[], safe: Address, guard: Address): StateExpectations {
  const expectations: StateExpectations = {
    implementations: new Map(),
    admins: new Map(),
    owners: new Map(),
    roles: new Map(),
    safeGuard: { subject: safe, expected: guard, step: -1 },
  };
  const { implementations, admins, owners, roles } = expectations;
  const safeOwns = (subject: Address, step: number, required: boolean) => {
    if (!owners.get(subject)?.explicit)
      owners.set(subject, { subject, expected: safe, step, explicit: false, required });
  };
  for (const effect of effects) {
    switch (effect.kind) {
      case 'transparentUpgrade':
        implementations.set(effect.proxy, {
          subject: effect.proxy,
          expected: effect.implementation,
          step: effect.step,
          via: 'proxyAdmin',
        });
        admins.set(effect.proxy, { subject: effect.proxy, expected: effect.proxyAdmin, step: effect.step });
        safeOwns(effect.proxyAdmin, effect.step, true);
        break;
      case 'upgradeTo':
        implementations.set(effect.target, {
          subject: effect.target,
          expected: effect.implementation,
          step: effect.step,
          via: 'upgradeTo',
        });
        safeOwns(effect.target, effect.step, false);
        break;
      case 'adminChange':
        admins.set(effect.proxy, { subject: effect.proxy, expected: effect.admin, step: effect.step });
        break;
      case 'ownerChange':
        owners.set(effect.target, {
          subject: effect.target,
          expected: effect.owner,
          step: effect.step,
          explicit: true,
          required: true,
        });
        break;
      case 'roleChange':
        roles.set(`${effect.target}:${effect.role}:${effect.account}`, { subject: effect.target, ...effect });
        break;
      case 'guardChange':
        expectations.safeGuard = { subject: safe, expected: effect.guard, step: effect.step };
        break;
    }
  }
  return expectations;
}
