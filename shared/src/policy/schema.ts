import { z } from 'zod';

/** The policy format version this library reads. */
export const policySchemaVersion = 1;

const seconds = (what: string) =>
  z
    .number({ error: `must be a number of seconds (${what}).` })
    .int({ error: `must be a whole number of seconds (${what}).` })
    .min(0, { error: `must not be negative (${what}).` });

/**
 * A team's own release policy (SPEC "Policy"): extra rules the gate applies on top of the guard's. Every rule is
 * optional; a missing rule is not applied.
 */
export const policySchema = z.strictObject(
  {
    schemaVersion: z.literal(policySchemaVersion, { error: 'must be 1 (the policy format this library reads).' }),
    /** Privileged releases need at least this many canary phases. */
    privilegedMinPhases: z
      .number({ error: 'must be a number of phases (e.g. 2).' })
      .int({ error: 'must be a whole number of phases.' })
      .min(1, { error: 'must be at least 1.' })
      .optional(),
    /** The longest release window (`expiry - notBefore`) the team accepts. */
    maxWindowSeconds: seconds('the longest window, e.g. 1209600 for 14 days').optional(),
    /** Every Transparent (ProxyAdmin) upgrade needs a passing storage-layout report in the evidence. */
    transparentUpgradesNeedStorageLayoutCheck: z.boolean({ error: 'must be true or false.' }).optional(),
    /** The evidence must show a rollback rehearsal whose state came back (`rehearseRollback`). */
    requireRollbackRehearsal: z.boolean({ error: 'must be true or false.' }).optional(),
    /** Every phase followed by another one soaks at least this long. */
    minSoakSeconds: seconds('the shortest soak between phases, e.g. 3600').optional(),
  },
  {
    error: (issue) =>
      issue.code === 'unrecognized_keys'
        ? 'is not a policy rule. The rules are privilegedMinPhases, maxWindowSeconds, ' +
          'transparentUpgradesNeedStorageLayoutCheck, requireRollbackRehearsal and minSoakSeconds.'
        : 'must be a JSON object with "schemaVersion": 1 and the rules the team applies.',
  },
);

/** A parsed team policy. */
export type Policy = z.output<typeof policySchema>;
/** The names of the policy's rules. */
export type PolicyRule = Exclude<keyof Policy, 'schemaVersion'>;
