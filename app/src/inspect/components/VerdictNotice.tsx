import type { Inspection } from '../inspectTransaction.js';

/** The guard's verdict: the manifest step the transaction matches, or the rule it breaks and what to do. */
export function VerdictNotice({ verdict, manifest }: Pick<Inspection, 'verdict' | 'manifest'>) {
  const ruleName = verdict.words?.rule;
  return verdict.allowed ? (
    <div className="notice notice-ok" data-testid="inspect-verdict" data-allowed="true">
      <strong>
        Matches {manifest?.ticket ? `“${manifest.ticket}”` : 'manifest'}: phase {verdict.phase + 1}, step{' '}
        {verdict.step + 1}.
      </strong>
      <p>The guard lets this transaction through if an executor sends it now.</p>
    </div>
  ) : (
    <div className="notice notice-error" data-testid="inspect-verdict" data-allowed="false" data-rule={ruleName}>
      <strong>The guard rejects this: {ruleName}.</strong>
      <p data-testid="inspect-reason">{verdict.words?.sentence}</p>
      {verdict.words && verdict.words.notice !== verdict.words.sentence && (
        <p className="muted" data-testid="inspect-guard-rule">
          The guard’s rule: {verdict.words.notice}
        </p>
      )}
      {verdict.words?.advice && <p>{verdict.words.advice}</p>}
    </div>
  );
}
