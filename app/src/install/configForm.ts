import { type Address, type Hex, getAddress, isAddress, isHex } from 'viem';

import type { GuardConfig } from '../../../shared/src/index.js';
import { InvalidFieldError } from '../inspect/errors.js';

/** The guard configuration as typed in the form. */
export type ConfigDraft = {
  proposers: string;
  approvers: string;
  executors: string;
  guardians: string;
  routineThreshold: string;
  privilegedThreshold: string;
  routineDelayHours: string;
  privilegedDelayHours: string;
  maxFreezeHours: string;
  freezeCooldownHours: string;
  multiSendCallOnly: string;
  authorities: string;
  privilegedSelectors: string;
  containmentSelectors: string;
};

export const emptyDraft: ConfigDraft = {
  proposers: '',
  approvers: '',
  executors: '',
  guardians: '',
  routineThreshold: '2',
  privilegedThreshold: '2',
  routineDelayHours: '1',
  privilegedDelayHours: '24',
  maxFreezeHours: '72',
  freezeCooldownHours: '24',
  multiSendCallOnly: '',
  authorities: '',
  privilegedSelectors: '',
  containmentSelectors: '',
};

/**
 * Parses the form into the guard's `GuardConfig`.
 *
 * @throws {InvalidFieldError} naming the field and the value that does not parse.
 */
export function parseConfigDraft(draft: ConfigDraft): GuardConfig {
  const multiSend = draft.multiSendCallOnly.trim();
  if (!isAddress(multiSend))
    throw new InvalidFieldError('MultiSendCallOnly', multiSend, 'the MultiSendCallOnly address of the Safe’s version');
  return {
    proposers: addresses('Proposers', draft.proposers),
    approvers: addresses('Approvers', draft.approvers),
    executors: addresses('Executors', draft.executors),
    guardians: addresses('Guardians', draft.guardians),
    routineThreshold: small('Routine threshold', draft.routineThreshold),
    privilegedThreshold: small('Privileged threshold', draft.privilegedThreshold),
    routineDelay: hours('Routine delay', draft.routineDelayHours),
    privilegedDelay: hours('Privileged delay', draft.privilegedDelayHours),
    maxFreeze: hours('Maximum freeze', draft.maxFreezeHours),
    freezeCooldown: hours('Freeze cooldown', draft.freezeCooldownHours),
    multiSendCallOnly: getAddress(multiSend),
    authorities: addresses('Authorities', draft.authorities),
    privilegedSelectors: selectors('Privileged selectors', draft.privilegedSelectors),
    containmentSelectors: selectors('Containment selectors', draft.containmentSelectors),
  };
}

/**
 * The form for a configuration read from a deployed guard (delays in hours, one address per line).
 *
 * @example
 * setDraft(draftFromConfig(await guard.read.getConfig()));
 */
export function draftFromConfig(config: GuardConfig): ConfigDraft {
  const hoursOf = (seconds: number) => String(seconds / 3600);
  return {
    proposers: config.proposers.join('\n'),
    approvers: config.approvers.join('\n'),
    executors: config.executors.join('\n'),
    guardians: config.guardians.join('\n'),
    routineThreshold: String(config.routineThreshold),
    privilegedThreshold: String(config.privilegedThreshold),
    routineDelayHours: hoursOf(config.routineDelay),
    privilegedDelayHours: hoursOf(config.privilegedDelay),
    maxFreezeHours: hoursOf(config.maxFreeze),
    freezeCooldownHours: hoursOf(config.freezeCooldown),
    multiSendCallOnly: config.multiSendCallOnly,
    authorities: config.authorities.join('\n'),
    privilegedSelectors: config.privilegedSelectors.join('\n'),
    containmentSelectors: config.containmentSelectors.join('\n'),
  };
}

function selectors(field: string, text: string): Hex[] {
  return lines(text).map((selector) => {
    if (!isHex(selector) || selector.length !== 10)
      throw new InvalidFieldError(field, selector, 'a 4-byte selector (0x + 8 hex digits)');
    return selector.toLowerCase() as Hex;
  });
}

const lines = (text: string) =>
  text
    .split(/[\s,]+/)
    .map((line) => line.trim())
    .filter(Boolean);

function addresses(field: string, text: string): Address[] {
  return lines(text).map((line) => {
    if (!isAddress(line)) throw new InvalidFieldError(field, line, 'an address (0x + 40 hex digits), one per line');
    return getAddress(line);
  });
}

function small(field: string, text: string): number {
  if (!/^\d{1,3}$/.test(text.trim()) || Number(text) > 255)
    throw new InvalidFieldError(field, text, 'a whole number from 0 to 255');
  return Number(text);
}

function hours(field: string, text: string): number {
  const value = Number(text.trim());
  if (!Number.isFinite(value) || value < 0) throw new InvalidFieldError(field, text, 'a number of hours');
  return Math.round(value * 3600);
}
