import { describe, expect, test } from 'vitest';

import { configDifferences } from './configDifferences.js';
import { InstallConfigError, parseInstallConfig } from './parseInstallConfig.js';

const file = {
  safe: '0x1111111111111111111111111111111111111111',
  proposers: ['0x90f79bf6eb2c4f870365e785982e1f101e93b906'],
  approvers: ['0x15d34AAf54267DB7D7c367839AAf71A00a2C6A65', '0x9965507D1a55bcC2695C58ba16FB37d819B0A4dc'],
  executors: ['0x976EA74026E726554dB657fA54763abd0C3a0aa9'],
  guardians: ['0x14dC79964da2C08b23698B3D3cc7Ca32193d9955'],
  routineThreshold: 2,
  privilegedThreshold: 2,
  routineDelay: 3600,
  privilegedDelay: 86400,
  maxFreeze: 259200,
  freezeCooldown: 86400,
  multiSendCallOnly: '0x9641d764fc13c8B624c04430C7356C1C7C8102e2',
  authorities: [],
  privilegedSelectors: ['0x12345678'],
};

const issuesOf = (value: unknown) => {
  try {
    parseInstallConfig(value);
  } catch (error) {
    expect(error).toBeInstanceOf(InstallConfigError);
    return Object.fromEntries((error as InstallConfigError).issues.map((issue) => [issue.path, issue.message]));
  }
  throw new Error('the configuration should have been refused');
};

describe('parseInstallConfig', () => {
  test("reads DeployManifestGuard.s.sol's format: the Safe and the GuardConfig, addresses checksummed", () => {
    const { safe, config } = parseInstallConfig(JSON.stringify(file));
    expect(safe).toBe('0x1111111111111111111111111111111111111111');
    expect(config).toEqual({
      proposers: ['0x90F79bf6EB2c4f870365E785982E1f101E93b906'],
      approvers: file.approvers,
      executors: file.executors,
      guardians: file.guardians,
      routineThreshold: 2,
      privilegedThreshold: 2,
      routineDelay: 3600,
      privilegedDelay: 86400,
      maxFreeze: 259200,
      freezeCooldown: 86400,
      multiSendCallOnly: file.multiSendCallOnly,
      authorities: [],
      privilegedSelectors: ['0x12345678'],
      containmentSelectors: [], // optional: absent means pause() alone
    });
  });

  test('every problem, with its field and what to write', () => {
    const { proposers: _, ...withoutProposers } = file;
    const issues = issuesOf({
      ...withoutProposers,
      approvers: ['alice', '0x15D34AAF54267DB7D7C367839AAF71A00A2C6A65'.replace('D34', 'd34')],
      routineDelay: -1,
      privilegedThreshold: '2',
      privilegedSelectors: ['0x1234'],
      routineDelays: 3600,
    });
    expect(issues).toEqual({
      proposers: 'missing: write a list ([] when empty).',
      'approvers[0]': '"alice" is not an address: write "0x" and 40 hex digits.',
      'approvers[1]':
        '"0x15d34AAF54267DB7D7C367839AAF71A00A2C6A65" has a wrong EIP-55 checksum: copy it again, or write it in lower case.',
      privilegedThreshold: '"2" is not a number of approvals (a whole number from 0 to 255).',
      routineDelay: '-1 is not a number of seconds (a whole number from 0 to 4294967295).',
      'privilegedSelectors[0]': '"0x1234" is not a selector: write "0x" and 8 hex digits.',
      routineDelays: 'not a field of the configuration: remove it (or fix its spelling).',
    });
  });

  test('not JSON, not an object', () => {
    expect(issuesOf('{ "safe": ')['(root)']).toMatch(/^not JSON \(/);
    expect(issuesOf('[]')['(root)']).toBe('not a JSON object: write { "safe": "0x…", … }.');
    expect(() => parseInstallConfig('{}')).toThrow(
      /Invalid guard configuration: 14 problems\.[\s\S]*DeployManifestGuard\.s\.sol/,
    );
  });
});

describe('configDifferences', () => {
  test('names each differing field with both values; case and checksums do not count', () => {
    const { config } = parseInstallConfig(file);
    expect(configDifferences(config, { ...config, proposers: [config.proposers[0]!.toLowerCase() as never] })).toEqual(
      [],
    );
    expect(
      configDifferences(config, { ...config, routineDelay: 60, guardians: [], privilegedSelectors: ['0xabcdef01'] }),
    ).toEqual([
      'guardians: [0x14dc79964da2c08b23698b3d3cc7ca32193d9955] ≠ []',
      'routineDelay: 3600 ≠ 60',
      'privilegedSelectors: [0x12345678] ≠ [0xabcdef01]',
    ]);
  });
});
