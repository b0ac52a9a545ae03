import { isAddressEqual } from 'viem';

import { CheckKind } from '../../guard/manifest.js';
import { describeShapeEvidence } from '../../proxy/implementationShape.js';
import { installedImplementations } from '../../proxy/installedImplementations.js';
import type { InstalledImplementationShape } from '../../simulate/implementationShapes.js';
import type { GateAuthorityEffects } from '../parameters.js';
import type { GateReason } from '../types.js';
import { type GateRule, reason } from './rule.js';

/**
 * Every upgrade step carries a code-hash check of its implementation: `noCodeHashCheck` (hold) for each upgrade step of
 * the manifest whose phase has no `CodeHash` check of the implementation the step installs (`installedImplementations`:
 * ProxyAdmin `upgrade`/`upgradeAndCall`, UUPS `upgradeTo…`, beacon `upgradeTo`, also inside a MultiSend batch).
 * Without it nothing on chain says that the code the proxy now runs is the code reviewed.
 */
export const implementationCodeHash: GateRule = ({ manifest, safe }) => {
  const reasons: GateReason[] = [];
  manifest.phases.forEach((phase, phaseIndex) => {
    phase.steps.forEach((step, stepIndex) => {
      for (const install of installedImplementations(step, safe)) {
        const checked = phase.checks.some(
          (check) => check.kind === CheckKind.CodeHash && isAddressEqual(check.target, install.implementation),
        );
        if (checked) continue;
        reasons.push(
          reason(
            'noCodeHashCheck',
            'hold',
            `Step ${stepIndex} of phase ${phaseIndex} installs the implementation ${install.implementation} in ` +
              `${install.upgraded}, but the phase has no code-hash check of it: nothing on chain would say that the ` +
              'code the proxy runs after the phase is the code reviewed. Add codeHashCheck({ target: implementation, ' +
              'codeHash: await codeHashOf(...) }) to the phase (implementationChecks adds it for every proxy kind).',
            {
              phase: phaseIndex,
              step: stepIndex,
              upgraded: install.upgraded,
              implementation: install.implementation,
            },
          ),
        );
      }
    });
  });
  return reasons;
};

/**
 * The reasons of the implementations the simulated transaction installs (`authorityEffects.implementations`):
 * - `implementationIsProxy` (reject): the implementation is itself a proxy (its own EIP-1967 implementation, beacon or
 *   admin slot is set, or its code is an EIP-1167 / ERC-7511 minimal proxy or an EIP-7702 delegation). The code that
 *   would run is not the code reviewed, whatever the proxy in the middle forwards to today; no release needs this.
 * - `implementationDelegates` (hold): a call through the proxy after the upgrade delegatecalls, in the proxy's
 *   storage, into a third contract. That is the hidden proxy whose real target sits in the proxy's storage, but also
 *   what an external library call looks like, so a person decides.
 * Each names the implementation, the proxy (or beacon) it is installed in and the evidence.
 */
export function implementationShapeReasons(effects: GateAuthorityEffects | null): GateReason[] {
  const shapes: readonly InstalledImplementationShape[] = effects?.implementations ?? [];
  const at = effects ? ` (simulated on a fork of block ${effects.forkBlockNumber})` : '';
  return shapes.flatMap((shape): GateReason[] => {
    if (shape.verdict !== 'proxy' && shape.verdict !== 'delegates') return [];
    const evidence = describeShapeEvidence(shape.evidence);
    const values = {
      implementation: shape.implementation,
      upgraded: shape.upgraded,
      evidence,
      targets: [...new Set(shape.evidence.map((known) => ('target' in known ? known.target : known.address)))],
    };
    if (shape.verdict === 'proxy') {
      return [
        reason(
          'implementationIsProxy',
          'reject',
          `The new implementation ${shape.implementation} of ${shape.upgraded} is itself a proxy: ` +
            `${evidence.join('; ')}${at}. The code the proxy would run is not the code reviewed (the hidden-proxy ` +
            'pattern): build the upgrade with the real implementation.',
          values,
        ),
      ];
    }
    return [
      reason(
        'implementationDelegates',
        'hold',
        `The new implementation ${shape.implementation} of ${shape.upgraded} delegatecalls on to another contract: ` +
          `${evidence.join('; ')}${at}. Its code would run in the proxy's storage: unless it is a library the team ` +
          'reviewed, build the upgrade with an implementation that does not delegate.',
        values,
      ),
    ];
  });
}
