import { type Address, type Hex, type PublicClient, getAddress } from 'viem';

import { type AuthorityChanges, authorityChanges } from '../authority/authorityChanges.js';
import { type AuthorityChange, diffAuthority } from '../authority/diffAuthority.js';
import type { HoldingChange } from '../authority/holdings.js';
import { touchedContracts } from '../authority/touchedContracts.js';
import { targetProxy } from '../gate/targetProxy.js';
import { type ManifestView, readManifestView } from '../gate/readChainState.js';
import { CheckKind, type Manifest, ManifestKind, ManifestStatus } from '../guard/manifest.js';
import { manifestId } from '../hashing/manifestId.js';
import type { ReleasePackage } from '../package/schema.js';
import { toManifest } from '../package/toManifest.js';
import { detectProxyKind } from '../proxy/detectProxyKind.js';
import { SimulationError } from './errors.js';
import { type ExecutionResult, executeAsExecutor } from './executeAsExecutor.js';
import { type Fork, openFork, ownBlock } from './fork.js';
import {
  type ImplementationFinding,
  type InstalledImplementationShape,
  implementationFindings,
  installedImplementationShapes,
} from './implementationShapes.js';
import { ensureApproved, openPhaseGate } from './prepareOnFork.js';
import { type ProxySlots, type StateSnapshot, readState } from './stateSnapshot.js';

export type SimulatePhaseParameters = {
  /** The chain to fork (with `forkPort`), unless `fork` is given. */
  rpcUrl?: string;
  forkPort?: number;
  /** An open fork to run on (left running; e.g. to rehearse the rollback after). */
  fork?: Fork;
  pkg?: ReleasePackage;
  manifest?: Manifest;
  /** The Release's Rollback manifest, registered and approved on the fork if it is not yet on chain. */
  rollbackManifest?: Manifest;
  /** The phase to simulate; earlier phases not yet executed run first. */
  phase: number;
  safe: Address;
  guard: Address;
  executor: Address;
  /** The proxies to read slots and authority of (default: the proxies the steps upgrade). */
  proxies?: readonly Address[];
  /** Authorities the team expects besides the Safe (a new holder outside them is a finding). */
  declared?: readonly Address[];
};

/** One simulated step. */
export type SimulatedStep = ExecutionResult & { phase: number; step: number; to: Address; operation: number };

/** The simulation report: JSON-serialisable (numbers that may be large as strings), hashable for the evidence. */
export type SimulationReport = {
  forkedFrom: string;
  chainId: number;
  manifestId: Hex;
  phase: number;
  success: boolean;
  /** What the simulation did on the fork besides the steps (registrations, approvals, clock, attestations). */
  notes: string[];
  perStep: SimulatedStep[];
  slots: { [proxy: Address]: { before: ProxySlots; after: ProxySlots } };
  safe: { before: StateSnapshot['safe']; after: StateSnapshot['safe'] };
  authority: {
    before: StateSnapshot['authority'];
    after: StateSnapshot['authority'];
    gained: AuthorityChange[];
    lost: AuthorityChange[];
  };
  /**
   * Who holds authority (owner, pending owner, admin, beacon owner, roles) over the proxies, every contract the
   * executed steps touch and every contract that emitted an ownership or role event, before and after the phase,
   * with the findings: authority that left the Safe, authority outside the declared set.
   */
  authorityChanges: AuthorityChanges;
  /** Every address that gained a place among a contract's authority holders (`authorityChanges.gained`). */
  gainedAuthority: HoldingChange[];
  /**
   * Every implementation the executed steps install, read and traced on the fork after the phase
   * (`installedImplementationShapes`): is it itself a proxy, does a call through the proxy delegatecall on to a
   * third contract.
   */
  implementations: InstalledImplementationShape[];
  /** The hidden proxies among them (`implementationIsProxy`, `implementationDelegates`), each in one sentence. */
  implementationFindings: ImplementationFinding[];
  /** Proof that a payload other than the approved one cannot pass: the first step with one byte flipped. */
  driftRejected: {
    phase: number;
    step: number;
    editedData: Hex;
    rejected: boolean;
    guardError: string | null;
  } | null;
};

/**
 * The simulation gate (SPEC): on a throwaway Anvil fork of `rpcUrl`, executes the phase exactly as the executor
 * would (owners' `approveHash`, the executor's `execTransaction` through the Safe and the guard), after making it
 * executable on the fork if needed (registration, approvals, clock, soak and "continue" attestation, all noted),
 * and reports the outcome and the method: per-step transaction, gas and decoded events, EIP-1967 slots, Safe owners
 * and authority map before and after, who holds authority over every contract the phase touches (and every
 * contract that emitted an ownership or role event) before and after, who gained authority, the authority
 * findings, every implementation the phase installs (is it itself a proxy, does a call through the proxy delegatecall
 * on to a third contract: the hidden-proxy pattern, with the traced chain), and whether a drifted payload is rejected.
 *
 * @throws {RpcUnreachableError} when `rpcUrl` does not answer.
 * @throws {SimulationError} for missing inputs or a phase already executed.
 *
 * @example
 * const report = await simulatePhase({ rpcUrl, forkPort: 8575, pkg, phase: 0, safe, guard, executor });
 * report.success; // true
 */
export async function simulatePhase(parameters: SimulatePhaseParameters): Promise<SimulationReport> {
  const manifest = parameters.manifest ?? (parameters.pkg ? toManifest(parameters.pkg) : undefined);
  if (!manifest) throw new SimulationError('no manifest', 'Pass pkg (a release package) or manifest.');
  const ownFork = !parameters.fork;
  if (ownFork && (!parameters.rpcUrl || parameters.forkPort === undefined)) {
    throw new SimulationError('no chain to fork', 'Pass rpcUrl and forkPort, or an open fork (openFork).');
  }
  const fork = parameters.fork ?? (await openFork({ rpcUrl: parameters.rpcUrl!, port: parameters.forkPort! }));
  try {
    return await run(fork, manifest, parameters);
  } finally {
    if (ownFork) await fork.anvil.stop();
  }
}

async function run(fork: Fork, manifest: Manifest, parameters: SimulatePhaseParameters): Promise<SimulationReport> {
  const { clients } = fork;
  const { publicClient } = clients;
  const safe = getAddress(parameters.safe);
  const guard = getAddress(parameters.guard);
  const executor = getAddress(parameters.executor);
  const { phase } = parameters;
  if (!manifest.phases[phase]) {
    throw new SimulationError(
      `the manifest has no phase ${phase}`,
      `Use a phase from 0 to ${manifest.phases.length - 1}.`,
    );
  }
  const id = manifestId({ manifest, chainId: fork.chainId, guard });
  const notes: string[] = [];
  const context = { clients, guard, notes };
  if (manifest.kind === ManifestKind.Release) {
    await ensureApproved(context, manifest.rollback, parameters.rollbackManifest);
  }
  let view = await ensureApproved(context, id, manifest);
  if (view.status === ManifestStatus.Approved && view.currentPhase > phase) {
    throw new SimulationError(
      `phase ${phase} of ${id} has already executed (the cursor is at phase ${view.currentPhase})`,
      'Simulate the next phase, or fork a block before it executed.',
    );
  }
  const proxies = parameters.proxies ?? (await upgradedProxies(publicClient, manifest));
  await ownBlock(clients);
  const before = await readState({ publicClient, proxies, safe });
  const executed: { to: Address; data: Hex; operation: number }[] = [];

  const perStep: SimulatedStep[] = [];
  let driftRejected: SimulationReport['driftRejected'] = null;
  while (view.status === ManifestStatus.Approved && view.currentPhase <= phase) {
    const position = { phase: view.currentPhase, step: view.nextStep };
    if (position.step === 0) await openPhaseGate(context, id, manifest, position.phase);
    const step = manifest.phases[position.phase]!.steps[position.step]!;
    if (position.phase === phase && position.step === 0) {
      const editedData = flipLastByte(step.data);
      const attempt = await executeAsExecutor({
        clients,
        safe,
        executor,
        transaction: { ...step, data: editedData },
        dryRun: true,
      });
      driftRejected = { ...position, editedData, rejected: attempt.reverted, guardError: attempt.guardError };
    }
    const result = await executeAsExecutor({ clients, safe, executor, transaction: step });
    perStep.push({ ...position, to: step.to, operation: step.operation, ...result });
    executed.push(step);
    if (result.reverted) break;
    view = await readView(publicClient, guard, id);
  }
  const after = await readState({ publicClient, proxies, safe });
  const diff = diffAuthority(before.authority, after.authority);
  const changes = await authorityChanges({
    publicClient,
    safe,
    contracts: [...proxies, ...touchedContracts(executed, safe)],
    fromBlock: BigInt(before.blockNumber),
    toBlock: BigInt(after.blockNumber),
    declared: parameters.declared,
  });
  const implementations = await installedImplementationShapes({
    client: publicClient,
    calls: executed,
    safe,
    contracts: [...proxies, ...(changes.contracts as Address[])],
    probes: manifest.phases
      .slice(0, phase + 1)
      .flatMap((each) => each.checks)
      .filter((check) => check.kind === CheckKind.ResultHash)
      .map((check) => ({ to: check.target, data: check.data })),
    trace: perStep.every((step) => !step.reverted),
  });
  const finalView = await readView(publicClient, guard, id);
  const completed = finalView.status === ManifestStatus.Completed || finalView.currentPhase > phase;
  const slots: SimulationReport['slots'] = {};
  for (const proxy of Object.keys(before.slots) as Address[]) {
    slots[proxy] = { before: before.slots[proxy]!, after: after.slots[proxy]! };
  }
  return {
    forkedFrom: fork.forkedFrom,
    chainId: fork.chainId,
    manifestId: id,
    phase,
    success: perStep.length > 0 && perStep.every((step) => !step.reverted) && completed,
    notes,
    perStep,
    slots,
    safe: { before: before.safe, after: after.safe },
    authority: { before: before.authority, after: after.authority, gained: diff.gained, lost: diff.lost },
    authorityChanges: changes,
    gainedAuthority: changes.gained,
    implementations,
    implementationFindings: implementationFindings(implementations),
    driftRejected,
  };
}

/** The state before the phase, as `readState` returns it (the baseline a rollback rehearsal compares with). */
export function stateBefore(report: SimulationReport): StateSnapshot {
  const slots: StateSnapshot['slots'] = {};
  for (const [proxy, entry] of Object.entries(report.slots)) slots[proxy as Address] = entry.before;
  return {
    blockNumber: report.authorityChanges.blockBefore,
    slots,
    safe: report.safe.before,
    authority: report.authority.before,
    holdings: report.authorityChanges.before,
  };
}

async function readView(publicClient: PublicClient, guard: Address, id: Hex): Promise<ManifestView> {
  return readManifestView(publicClient, guard, id);
}

async function upgradedProxies(publicClient: PublicClient, manifest: Manifest): Promise<Address[]> {
  const candidates = [...new Set(manifest.phases.flatMap((phase) => phase.steps.map((step) => targetProxy(step))))];
  const proxies: Address[] = [];
  for (const candidate of candidates) {
    const kind = await detectProxyKind({ client: publicClient, address: candidate }).catch(() => undefined);
    if (kind) proxies.push(candidate);
  }
  return proxies;
}

function flipLastByte(data: Hex): Hex {
  if (data.length <= 2) return '0x01';
  const last = Number.parseInt(data.slice(-2), 16) ^ 0x01;
  return `${data.slice(0, -2)}${last.toString(16).padStart(2, '0')}` as Hex;
}
