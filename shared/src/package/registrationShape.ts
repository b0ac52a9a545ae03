import { type Address, getAddress, isAddressEqual } from 'viem';

import { type ReleasePackageIssue, formatPath } from './errors.js';
import type { ReleasePackage } from './schema.js';

/*
 * The shape of a manifest as registration takes it, checked off chain for early feedback (`manifest-guard validate`,
 * the package schema). THE GUARD DECIDES: it checks its own rules again at registration, against its configuration
 * and the chain's time, and only its verdict counts (SPEC rule 10). Nothing here reads the chain; a rule that needs
 * chain state (roles, live manifests, the configured MultiSendCallOnly of a given guard) is the guard's alone.
 *
 * Two kinds of rules live here:
 * - the guard's registration rules that depend only on the package (a repeated step, a delegatecall to something
 *   that is not a MultiSendCallOnly, a window that has already ended), mirrored by `registrationIssues`;
 * - this project's own limits on the text signers read (ticket, title, description, link labels and URLs, invariant
 *   names): a length that keeps registration cheap (a 100,000-character ticket costs about 4 M gas) and no control,
 *   bidirectional-override or invisible characters, which can make a signer read something other than what is
 *   signed. The schema applies them (`parseText`), so no command reads such a package.
 */

/** The longest text of each kind signers read, in characters (code points). */
export const textLimits = {
  ticket: 128,
  title: 200,
  description: 4_000,
  linkLabel: 100,
  url: 2_048,
  invariantName: 200,
} as const;

/** Bidirectional controls (the "Trojan Source" set) and their Unicode names. */
const bidiControls: Record<number, string> = {
  0x061c: 'ARABIC LETTER MARK',
  0x200e: 'LEFT-TO-RIGHT MARK',
  0x200f: 'RIGHT-TO-LEFT MARK',
  0x202a: 'LEFT-TO-RIGHT EMBEDDING',
  0x202b: 'RIGHT-TO-LEFT EMBEDDING',
  0x202c: 'POP DIRECTIONAL FORMATTING',
  0x202d: 'LEFT-TO-RIGHT OVERRIDE',
  0x202e: 'RIGHT-TO-LEFT OVERRIDE',
  0x2066: 'LEFT-TO-RIGHT ISOLATE',
  0x2067: 'RIGHT-TO-LEFT ISOLATE',
  0x2068: 'FIRST STRONG ISOLATE',
  0x2069: 'POP DIRECTIONAL ISOLATE',
};
/** Characters that show nothing, so two different values look alike. */
const invisible: Record<number, string> = {
  0x00ad: 'SOFT HYPHEN',
  0x200b: 'ZERO WIDTH SPACE',
  0x200c: 'ZERO WIDTH NON-JOINER',
  0x200d: 'ZERO WIDTH JOINER',
  0x2060: 'WORD JOINER',
  0xfeff: 'ZERO WIDTH NO-BREAK SPACE',
  0x2028: 'LINE SEPARATOR',
  0x2029: 'PARAGRAPH SEPARATOR',
};

/**
 * What is wrong with a character of `text` signers would read, or `undefined`: a control character (tab, line feed
 * and carriage return are allowed in `multiline` text), a bidirectional control, an invisible character.
 *
 * @example
 * hiddenCharacter('REL-42\u202e'); // 'contains U+202E (RIGHT-TO-LEFT OVERRIDE) at character 7: …'
 */
export function hiddenCharacter(text: string, options: { multiline?: boolean } = {}): string | undefined {
  let position = 0;
  for (const character of text) {
    position += 1;
    const code = character.codePointAt(0)!;
    const at = `U+${code.toString(16).toUpperCase().padStart(4, '0')}`;
    const bidi = bidiControls[code];
    if (bidi) {
      return (
        `contains ${at} (${bidi}) at character ${position}: a bidirectional control reorders what signers see, so ` +
        'they can read something other than what they sign. Remove it.'
      );
    }
    const hidden = invisible[code];
    if (hidden) {
      return `contains ${at} (${hidden}) at character ${position}: an invisible character makes different values look alike. Remove it.`;
    }
    const control = code < 0x20 || (code >= 0x7f && code <= 0x9f);
    if (control && !(options.multiline && (code === 0x09 || code === 0x0a || code === 0x0d))) {
      return (
        `contains ${at} (a control character) at character ${position}: it can hide or rewrite what signers see. ` +
        `Remove it${options.multiline ? '' : ' (this field is one line)'}.`
      );
    }
  }
  return undefined;
}

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
  /** MultiSendCallOnly addresses besides the known deployments (the guard's own, when it uses another). */
  multiSendCallOnly?: readonly Address[];
};

/**
 * The registration rules of the guard a package can be checked against without the chain, mirrored for early
 * feedback; each issue names the field and the guard's error. The guard checks them again and decides.
 *
 * - a step repeated in the manifest (`ManifestGuardStepClaimed`);
 * - a delegatecall step whose target is not a MultiSendCallOnly (`ManifestGuardDelegateCallForbidden`: the guard
 *   allows delegatecall only to its configured one; a known deployment or `multiSendCallOnly` passes here);
 * - a window that has already ended (`ManifestGuardInvalidWindow`).
 *
 * @example
 * const issues = registrationIssues(pkg, { now: BigInt(Math.floor(Date.now() / 1000)) });
 */
export function registrationIssues(
  pkg: ReleasePackage,
  options: RegistrationIssuesOptions = {},
): ReleasePackageIssue[] {
  const isoTime = (seconds: bigint) => new Date(Number(seconds) * 1000).toISOString().replace('.000Z', 'Z');
  const issues: ReleasePackageIssue[] = [];
  const issue = (path: (string | number)[], message: string) => issues.push({ path: formatPath(path), message });
  const now = options.now ?? BigInt(Math.floor(Date.now() / 1000));
  const multiSends = [...knownMultiSendCallOnly, ...(options.multiSendCallOnly ?? [])].map((entry) =>
    getAddress(entry),
  );

  const seen = new Map<string, string>();
  pkg.phases.forEach((phase, p) =>
    phase.steps.forEach((step, s) => {
      const key = `${step.to.toLowerCase()}|${step.value}|${step.data.toLowerCase()}|${step.operation}`;
      const earlier = seen.get(key);
      if (earlier !== undefined) {
        issue(
          ['phases', p, 'steps', s],
          `is the same step as ${earlier} (same to, value, data and operation). The guard refuses a manifest that ` +
            'repeats a step (ManifestGuardStepClaimed): remove one, or make them differ.',
        );
      } else seen.set(key, formatPath(['phases', p, 'steps', s]));
      if (step.operation === 'delegatecall' && !multiSends.some((entry) => isAddressEqual(entry, step.to))) {
        issue(
          ['phases', p, 'steps', s, 'operation'],
          `is "delegatecall" to ${step.to}, which is not a known MultiSendCallOnly. The guard allows delegatecall ` +
            'only to the MultiSendCallOnly it is configured with (ManifestGuardDelegateCallForbidden): make the step ' +
            'a "call", or, if this address is the one the guard is configured with, pass --multisend-call-only.',
        );
      }
    }),
  );

  if (pkg.expiry <= now) {
    issue(
      ['expiry'],
      `is ${isoTime(pkg.expiry)}, which has passed (now ${isoTime(now)}). The guard refuses a window that has ` +
        'ended (ManifestGuardInvalidWindow) and never executes an expired manifest: set a new window.',
    );
  }
  return issues;
}
