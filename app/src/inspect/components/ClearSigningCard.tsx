import type { ClearSignView } from '../../../../shared/src/index.js';
import { Hash } from '../../ui/Hash.js';
import { localTime } from '../../ui/localTime.js';
import type { ApprovalOnDevice, StepOnDevice } from '../clearSigning.js';

/**
 * What the signer's hardware wallet shows (ERC-7730 clear signing), beside the hashes: for the Safe transaction, each
 * call it makes, clear-signed with Manifest Guard's descriptor (calls to the guard) or blind, naming the missing
 * descriptor and the hash the device shows instead; for the manifest it belongs to, the EIP-712 approval.
 */
export function ClearSigningCard({ step, approval }: { step: StepOnDevice; approval?: ApprovalOnDevice }) {
  return (
    <div className="card" data-testid="clear-signing">
      <h2>On your signing device</h2>
      <p>
        Your device signs the Safe transaction (EIP-712 SafeTx). With a Safe descriptor it shows each call below; where
        a call has no descriptor it blind-signs and shows hashes only.
      </p>
      <ul className="calls">
        {step.calls.map((call, index) => (
          <li key={index} data-testid="clear-sign-call" data-kind={call.view.kind}>
            <div>
              <code>{call.what}</code>
            </div>
            {call.view.kind === 'clear' ? (
              <DeviceLines view={call.view} />
            ) : (
              <div className="notice notice-warning" data-testid="clear-sign-missing">
                No descriptor: the device will blind-sign this call. Missing: {call.missing ?? call.view.reason}.
              </div>
            )}
          </li>
        ))}
      </ul>
      {step.blind && (
        <div data-testid="clear-sign-blind-hashes">
          <p>The device shows these hashes instead; compare every digit before you sign:</p>
          <dl className="facts">
            <dt>safeTxHash</dt>
            <dd>
              <Hash value={step.hashes.safeTxHash} />
            </dd>
            <dt>Domain hash</dt>
            <dd>
              <Hash value={step.hashes.domainHash} />
            </dd>
            <dt>Message hash</dt>
            <dd>
              <Hash value={step.hashes.messageHash} />
            </dd>
          </dl>
        </div>
      )}
      {approval && (
        <div data-testid="clear-sign-approval" data-kind={approval.view.kind}>
          <h3>Approving this manifest offline (approve --sign)</h3>
          <p>The device shows the manifest id only: check that it is the id of the manifest you reviewed.</p>
          {approval.view.kind === 'clear' ? (
            <DeviceLines view={approval.view} />
          ) : (
            <div className="notice notice-warning">{approval.view.reason}</div>
          )}
          <dl className="facts">
            {approval.ticket !== undefined && (
              <>
                <dt>The id stands for</dt>
                <dd data-testid="clear-sign-approval-ticket">“{approval.ticket}”</dd>
              </>
            )}
            {approval.executableFrom !== undefined && (
              <>
                <dt>Executable from</dt>
                <dd data-testid="clear-sign-approval-from">{localTime(approval.executableFrom)}</dd>
              </>
            )}
            <dt>EIP-712 digest signed</dt>
            <dd>
              <Hash value={approval.digest} testId="clear-sign-approval-digest" />
            </dd>
          </dl>
        </div>
      )}
    </div>
  );
}

/** The intent and the label / value lines, as the device shows them; a shortened hex value also in full, to compare. */
function DeviceLines({ view }: { view: Extract<ClearSignView, { kind: 'clear' }> }) {
  return (
    <div className="device-view" data-testid="clear-sign-view">
      <strong data-testid="clear-sign-intent">{view.intent}</strong>
      <dl className="facts">
        {view.lines.map((line, index) => (
          <div className="fact-row" key={index} data-testid="clear-sign-line">
            <dt>{line.label}</dt>
            <dd title={line.full}>
              <code data-testid="clear-sign-value">{line.value}</code>
              {line.full !== line.value && line.full.startsWith('0x') && (
                <div>
                  <Hash value={line.full} label="in full" testId="clear-sign-full" />
                </div>
              )}
            </dd>
          </div>
        ))}
      </dl>
    </div>
  );
}
