import { type DecodedCall, formatValue } from '../../../../shared/src/index.js';

/** A decoded call as a tree: summary, function and arguments, inner calls of a batch, an initializer. */
export function DecodedCallView({ call }: { call: DecodedCall }) {
  return (
    <li data-testid="decoded-call" data-kind={call.kind} className={call.operation === 1 ? 'delegatecall' : undefined}>
      <div data-testid="decoded-summary">{call.summary}</div>
      {call.kind === 'call' && (
        <>
          <div>
            <code>{call.signature}</code> on {call.targetLabel ?? <code>{call.to}</code>}
            {call.contracts.length > 0 && <span className="hash-label"> ({call.contracts.join(', ')})</span>}
          </div>
          {call.args.length > 0 && (
            <dl className="facts">
              {call.args.map((arg, index) => (
                <div className="fact-row" key={index}>
                  <dt>
                    {arg.name || `arg${index}`} <span className="hash-label">{arg.type}</span>
                  </dt>
                  <dd>
                    <code>{formatValue(arg.value)}</code>
                  </dd>
                </div>
              ))}
            </dl>
          )}
          {call.initializer && (
            <ul className="calls" aria-label="Initializer">
              <DecodedCallView call={call.initializer} />
            </ul>
          )}
        </>
      )}
      {call.kind === 'multiSend' && (
        <ul className="calls" aria-label="Calls in the batch">
          {call.calls.map((inner, index) => (
            <DecodedCallView key={index} call={inner} />
          ))}
        </ul>
      )}
      {(call.kind === 'unknown' || call.kind === 'malformed') && <div className="field-error">{call.message}</div>}
    </li>
  );
}
