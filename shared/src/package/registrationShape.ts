import { type Address, isAddressEqual, zeroAddress } from 'viem';

import { validateManifestShape } from '../lane/manifestShape.js';
import { type ReleasePackageIssue, formatPath } from './errors.js';
import type { ReleasePackage } from './schema.js';
import { hiddenCharacter, textLimits } from './signerText.js';
import { toManifest } from './toManifest.js';

export { hiddenCharacter, textLimits };

/*
 * The shape of a manifest as registration takes it, checked off chain for early feedback (`manifest-guard validate`,
 * the package schema). THE GUARD DECIDES: it checks its own rules again at registration, against its configuration
 * and the chain's time, and only its verdict counts (SPEC rule 10). Nothing here reads the chain; a rule that needs
 * chain state (roles, steps held by live manifests, the MultiSendCallOnly a given guard is configured with) is the
 * guard's alone.
 *
 * - `registrationIssues`: the guard's registration rules that depend only on the package. The registrar's own checks
 *   (window, operations and MultiSend batches, counts, checks, conditions) are mirrored once, in
 *   `lane/manifestShape.ts`; this adds a step repeated within the manifest, and, offline, which delegatecall targets
 *   count as a MultiSendCallOnly.
 * - `hiddenCharacter` and `textLimits`: this project's own limits on the text signers read (ticket, title,
 *   description, link labels and URLs, invariant names): a length that keeps registration cheap (a 100,000-character
 *   ticket costs about 4 M gas) and no control, bidirectional-override or invisible characters, which can make a
 *   signer read something other than what is signed. The schema applies them (`parseText`), so no command reads such
 *   a package.
 */

/**
 * The MultiSendCallOnly deployments of the Safe versions with guards, as `@safe-global/safe-deployments` lists them
 * (1.3.0 canonical, EIP-155 and zkSync; 1.4.1 canonical and zkSync; 1.5.0). A guard is configured with one of them.
 */
export const knownMultiSendCallOnly: readonly Address[] = [
  '0x40A2aCCbd92BCA938b02010E17A5b8929b49130D',
  '0xA1dabEF33b3B82c7814B6D82A79e50F4AC44102B',
  '0xf220D3b4DFb23C4ade8C88E526C1353AbAcbC38F',
  '0x9641d764fc13c8B624c04430C7356C1C7C8102e2',
  '0x0408EF011960d02349d50286D20531229BCef773',
  '0xA83c336B20401Af773B6219BA5027174338D1836',
];

export type RegistrationIssuesOptions = {
  /** The time to compare the window with, unix seconds (default: now). */
  now?: bigint;
  /**
   * The MultiSendCallOnly the guard is configured with, when known; otherwise a delegatecall may go to one of the
   * known deployments (`knownMultiSendCallOnly`).
   */
  multiSendCallOnly?: Address;
};

/**
 * The registration rules of the guard a package can be checked against without the chain, for early feedback; each
 * issue names the field and the guard's error. The guard checks them again and decides.
 *
 * - every rule `validateManifestShape` mirrors (a window that has ended, an operation other than call or
 *   delegatecall, a delegatecall to another address than the MultiSendCallOnly, a malformed MultiSend batch, …);
 * - a step repeated within the manifest (`ManifestGuardStepClaimed`).
 *
 * @example
 * const issues = registrationIssues(pkg, { now: BigInt(Math.floor(Date.now() / 1000)) });
 */
export function registrationIssues(
  pkg: ReleasePackage,
  options: RegistrationIssuesOptions = {},
): ReleasePackageIssue[] {
  const issues: ReleasePackageIssue[] = [];
  const now = options.now ?? BigInt(Math.floor(Date.now() / 1000));
  const manifest = toManifest(pkg);
  const delegated = manifest.phases.flatMap((phase) =>
    phase.steps.filter((step) => step.operation === 1).map((step) => step.to),
  );
  const assumed =
    options.multiSendCallOnly ??
    delegated.find((to) => knownMultiSendCallOnly.some((known) => isAddressEqual(known, to)));
  for (const issue of validateManifestShape({ manifest, multiSendCallOnly: assumed ?? zeroAddress, now })) {
    const message =
      issue.error === 'ManifestGuardDelegateCallForbidden' && assumed === undefined
        ? `delegatecall to ${String(issue.args[0])}, which is not a known MultiSendCallOnly. The guard allows ` +
          'delegatecall only to the MultiSendCallOnly it is configured with: make the step a call, or pass ' +
          '--multisend-call-only <address> if this is the one'
        : issue.message.replace(/\.$/, '');
    issues.push({ path: issue.path, message: `${message} (${issue.error}).` });
  }

  const seen = new Map<string, string>();
  pkg.phases.forEach((phase, p) =>
    phase.steps.forEach((step, s) => {
      const key = `${step.to.toLowerCase()}|${step.value}|${step.data.toLowerCase()}|${step.operation}`;
      const earlier = seen.get(key);
      if (earlier !== undefined) {
        issues.push({
          path: formatPath(['phases', p, 'steps', s]),
          message:
            `is the same step as ${earlier} (same to, value, data and operation). The guard refuses a manifest that ` +
            'repeats a step (ManifestGuardStepClaimed): remove one, or make them differ.',
        });
      } else seen.set(key, formatPath(['phases', p, 'steps', s]));
    }),
  );
  return issues;
}
