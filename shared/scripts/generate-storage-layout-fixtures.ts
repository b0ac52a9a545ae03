/**
 * Generates `shared/src/policy/fixtures/storageLayouts.json`: the solc `storageLayout` outputs of small v1/v2
 * contracts, for the storage-layout report tests. They come from solc-js (the compiler forge runs here, see
 * foundry.toml) with `outputSelection` `storageLayout`, which is exactly what
 * `forge build --extra-output storageLayout` writes into each artifact's `storageLayout`. `--check` fails when the
 * committed file differs from what the compiler produces.
 *
 * Usage: npx tsx shared/scripts/generate-storage-layout-fixtures.ts [--check]
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { format, resolveConfig } from 'prettier';
import solc from 'solc';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const target = join(root, 'shared', 'src', 'policy', 'fixtures', 'storageLayouts.json');

const header = '// SPDX-License-Identifier: MIT\npragma solidity ^0.8.20;\n';

/** The base of every Box version: two variables and a 50-slot gap, then Box's own variables after it. */
const base = (variables = 'address internal owner;\n    bool internal paused;', gap = 50) => `
abstract contract Base {
    ${variables}
    uint256[${gap}] private __gap;
}
`;
const box = (variables: string, limits = 'uint64 min;\n        uint64 max;') => `
contract Box is Base {
    struct Limits {
        ${limits}
    }

    ${variables}
}
`;
const boxVariables = ['uint256 public fee;', 'mapping(address => uint256) public balances;', 'Limits public limits;'];
const withBox = (edit: (variables: string[]) => string[]) => edit([...boxVariables]).join('\n    ');

/** Each source becomes the layout of the same name, its contract `Box` (or `Vault`, `Ticket`) at `<name>/<File>.sol`. */
const sources: { [name: string]: { file: string; contract: string; content: string } } = {
  v1: { file: 'Box.sol', contract: 'Box', content: base() + box(withBox((v) => v)) },
  'v2-append': {
    file: 'Box.sol',
    contract: 'Box',
    content: base() + box(withBox((v) => [...v, 'uint256 public feeCap;', 'address public treasury;'])),
  },
  'v2-insert': {
    file: 'Box.sol',
    contract: 'Box',
    content: base() + box(withBox(([fee, ...rest]) => [fee!, 'address public treasury;', ...rest])),
  },
  'v2-retype': {
    file: 'Box.sol',
    contract: 'Box',
    content: base() + box(withBox(([, ...rest]) => ['uint128 public fee;', ...rest])),
  },
  'v2-remove': {
    file: 'Box.sol',
    contract: 'Box',
    content: base() + box(withBox(([, ...rest]) => rest)),
  },
  'v2-rename': {
    file: 'Box.sol',
    contract: 'Box',
    content: base() + box(withBox(([, ...rest]) => ['uint256 public feeBps;', ...rest])),
  },
  'v2-struct-retype': {
    file: 'Box.sol',
    contract: 'Box',
    content:
      base() +
      box(
        withBox((v) => v),
        'uint32 min;\n        uint64 max;',
      ),
  },
  'v2-gap': {
    file: 'Box.sol',
    contract: 'Box',
    content:
      base(
        'address internal owner;\n    bool internal paused;\n    uint256 internal cap;\n    address internal keeper;',
        48,
      ) + box(withBox((v) => v)),
  },
  'v2-gap-unshrunk': {
    file: 'Box.sol',
    contract: 'Box',
    content:
      base('address internal owner;\n    bool internal paused;\n    uint256 internal cap;', 50) +
      box(withBox((v) => v)),
  },
  'enum-v1': {
    file: 'Ticket.sol',
    contract: 'Ticket',
    content: `
contract Ticket {
    enum Status {
        Open,
        Closed
    }

    address public owner;
    Status public status;
}
`,
  },
  'namespaced-v1': {
    file: 'Vault.sol',
    contract: 'Vault',
    content: `
contract Vault {
    /// @custom:storage-location erc7201:example.vault
    struct VaultStorage {
        uint256 total;
        address keeper;
    }

    // keccak256(abi.encode(uint256(keccak256("example.vault")) - 1)) & ~bytes32(uint256(0xff))
    bytes32 private constant VAULT_STORAGE = 0xd1921ee58d28820c9487d4d5d3eec1942edd7f5897e909e18a400cd2422da100;

    address public owner;

    function _vault() private pure returns (VaultStorage storage vault) {
        assembly {
            vault.slot := VAULT_STORAGE
        }
    }
}
`,
  },
  'namespaced-v2': {
    file: 'Vault.sol',
    contract: 'Vault',
    content: `
contract Vault {
    /// @custom:storage-location erc7201:example.vault
    struct VaultStorage {
        address keeper;
        uint256 total;
    }

    // keccak256(abi.encode(uint256(keccak256("example.vault")) - 1)) & ~bytes32(uint256(0xff))
    bytes32 private constant VAULT_STORAGE = 0xd1921ee58d28820c9487d4d5d3eec1942edd7f5897e909e18a400cd2422da100;

    address public owner;

    function _vault() private pure returns (VaultStorage storage vault) {
        assembly {
            vault.slot := VAULT_STORAGE
        }
    }
}
`,
  },
};

const input = {
  language: 'Solidity',
  sources: Object.fromEntries(
    Object.entries(sources).map(([name, source]) => [`${name}/${source.file}`, { content: header + source.content }]),
  ),
  settings: { evmVersion: 'cancun', outputSelection: { '*': { '*': ['storageLayout'] } } },
};
const output = JSON.parse(solc.compile(JSON.stringify(input))) as {
  errors?: { severity: string; formattedMessage: string }[];
  contracts: { [file: string]: { [contract: string]: { storageLayout: unknown } } };
};
const errors = (output.errors ?? []).filter((error) => error.severity === 'error');
if (errors.length > 0) {
  console.error(errors.map((error) => error.formattedMessage).join('\n'));
  process.exit(1);
}

const fixtures = {
  $comment:
    'Generated by shared/scripts/generate-storage-layout-fixtures.ts: the solc-js storageLayout output of each ' +
    'source, what forge build --extra-output storageLayout writes into artifacts. Do not edit.',
  solc: solc.version(),
  sources: input.sources,
  layouts: Object.fromEntries(
    Object.entries(sources).map(([name, source]) => [
      name,
      output.contracts[`${name}/${source.file}`]![source.contract]!.storageLayout,
    ]),
  ),
};
const text = await format(JSON.stringify(fixtures), { ...(await resolveConfig(target)), parser: 'json' });

if (process.argv.includes('--check')) {
  if (!existsSync(target) || readFileSync(target, 'utf8') !== text) {
    console.error(`${target} is stale. Run: npx tsx shared/scripts/generate-storage-layout-fixtures.ts`);
    process.exit(1);
  }
  console.log(`Storage layout fixtures are up to date (${Object.keys(sources).length} layouts).`);
} else {
  writeFileSync(target, text);
  console.log(`Wrote ${Object.keys(sources).length} storage layouts to ${target}`);
}
