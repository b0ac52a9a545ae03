import { Countdown } from '../../ui/Countdown.js';
import type { Inspection } from '../inspectTransaction.js';

/** The manifest's next step as the guard answers it: may run now (until when), or why not; executable from when. */
export function NextStepFact({ next, now }: Pick<Inspection, 'next' | 'now'>) {
  return (
    <dd data-testid="inspect-next" data-open={next ? String(next.open) : 'none'} data-rule={next?.words?.rule}>
      {!next && '–'}
      {next?.open && (
        <>
          the guard lets the manifest’s next step run now; the window closes{' '}
          <Countdown until={next.expiry} now={now} at />
        </>
      )}
      {next && !next.open && (
        <>
          {next.words?.sentence}
          {next.words?.advice && <span> {next.words.advice}</span>}
        </>
      )}
      {next && next.executableFrom > 0n && (
        <span data-testid="inspect-executable">
          {' '}
          · executable from <Countdown until={next.executableFrom} now={now} at />
        </span>
      )}
    </dd>
  );
}
