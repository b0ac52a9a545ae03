import { useState } from 'react';
import { type Hex, getAddress, isAddress, isHex } from 'viem';

import { InvalidFieldError } from '../../inspect/errors.js';
import { useConnection } from '../../safe/useSafeAppsSdk.js';
import { ErrorNotice } from '../../ui/ErrorNotice.js';
import { Progress } from '../../ui/Progress.js';
import { useAction } from '../../ui/useAsync.js';
import { buildUpgrade } from '../buildUpgrade.js';
import type { DraftUpdate } from '../draft.js';

/** Pick a proxy (its kind is detected) and the new implementation; the step and its checks join a phase. */
export function AddUpgrade({ phases, update }: { phases: number; update: DraftUpdate }) {
  const { client } = useConnection();
  const [proxy, setProxy] = useState('');
  const [implementation, setImplementation] = useState('');
  const [callData, setCallData] = useState('');
  const [viewData, setViewData] = useState('0x54fd4d50');
  const [phase, setPhase] = useState(0);
  const action = useAction();

  const add = () =>
    action.run(
      'Detecting the proxy kind and building the step…',
      async () => {
        if (!isAddress(proxy.trim())) throw new InvalidFieldError('Proxy', proxy, 'the proxy’s address');
        if (!isAddress(implementation.trim()))
          throw new InvalidFieldError('New implementation', implementation, 'the new implementation’s address');
        const data = callData.trim();
        if (data && !isHex(data))
          throw new InvalidFieldError('Call after upgrade', data, 'hex calldata (0x…) or empty');
        if (!isHex(viewData.trim()))
          throw new InvalidFieldError('Check view', viewData, 'hex calldata of a view (0x…)');
        const built = await buildUpgrade({
          client,
          proxy: getAddress(proxy.trim()),
          implementation: getAddress(implementation.trim()),
          data: (data || undefined) as Hex | undefined,
          viewData: viewData.trim() as Hex,
        });
        update((draft) => {
          const phases = draft.manifest.phases.map((p, index) =>
            index === Math.min(phase, draft.manifest.phases.length - 1)
              ? { ...p, steps: [...p.steps, built.step], checks: [...p.checks, ...built.checks] }
              : p,
          );
          return { ...draft, manifest: { ...draft.manifest, phases } };
        });
        setProxy('');
        setImplementation('');
        setCallData('');
        return built;
      },
      'Step added.',
    );

  return (
    <div className="card" data-testid="add-upgrade">
      <h2>Add a proxy upgrade</h2>
      <div className="row">
        <label>
          Proxy
          <input
            value={proxy}
            onChange={(e) => setProxy(e.target.value)}
            placeholder="0x…"
            data-testid="upgrade-proxy"
          />
        </label>
        <label>
          New implementation
          <input
            value={implementation}
            onChange={(e) => setImplementation(e.target.value)}
            placeholder="0x…"
            data-testid="upgrade-implementation"
          />
        </label>
      </div>
      <div className="row">
        <label>
          Call after upgrade (optional calldata)
          <input
            value={callData}
            onChange={(e) => setCallData(e.target.value)}
            placeholder="0x… (initializer)"
            data-testid="upgrade-call"
          />
        </label>
        <label>
          Check view (v5 / UUPS)
          <input value={viewData} onChange={(e) => setViewData(e.target.value)} data-testid="upgrade-view" />
        </label>
        <label>
          Phase
          <select value={phase} onChange={(e) => setPhase(Number(e.target.value))} data-testid="upgrade-phase">
            {Array.from({ length: phases }, (_, index) => (
              <option key={index} value={index}>
                Phase {index + 1}
              </option>
            ))}
          </select>
        </label>
      </div>
      <button type="button" disabled={action.busy} onClick={add} data-testid="add-step">
        Add step
      </button>
      {action.progress && <Progress message={action.progress} />}
      {action.error !== undefined && <ErrorNotice error={action.error} testId="add-upgrade-error" />}
      {action.done && (
        <p role="status" data-testid="add-upgrade-done">
          {action.done}
        </p>
      )}
    </div>
  );
}
