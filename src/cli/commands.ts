import { DomainError } from '../common/errors/domain-error';
import { parsePageQuery } from '../common/http/pagination';
import { ROLES, TIERS } from '../config/tiers';
import type { AdminService } from '../modules/auth/admin/admin.service';
import { FIXED_CAPABILITIES, PRESETS } from '../modules/auth/capabilities/capability.vocabulary';
import { FlagSpec, FlagValue } from './argv';

/** What a command may ask main.ts for; each is opened only when asked, and closed by main.ts. */
export interface CliServices {
  /** Boots the application context (pending migrations run first) and returns the admin operations. */
  admin(): Promise<AdminService>;
  /** Applies pending migrations on a bare connection and returns the names applied. */
  migrate(): Promise<string[]>;
}

export interface CliCommand {
  name: string;
  description: string;
  flags: FlagSpec[];
  run(services: CliServices, flags: Record<string, FlagValue>): Promise<unknown>;
}

// The path id check the HTTP routes make (PathIdsGuard), so a malformed id is INVALID_SLUG here too.
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/i;

function accountId(flags: Record<string, FlagValue>): string {
  const id = String(flags.id);
  if (!UUID.test(id)) throw new DomainError('INVALID_SLUG', `The path id "${id}" is not a valid id.`);
  return id;
}

/** Only the flags given, under the body field names of API.md §10. */
function body(flags: Record<string, FlagValue>, fields: Record<string, string>): Record<string, FlagValue> {
  const out: Record<string, FlagValue> = {};
  for (const [flag, field] of Object.entries(fields)) {
    if (flags[flag] !== undefined) out[field] = flags[flag];
  }
  return out;
}

function keyId(flags: Record<string, FlagValue>): string {
  const id = String(flags.key);
  if (!UUID.test(id)) throw new DomainError('INVALID_SLUG', `The key id "${id}" is not a valid id.`);
  return id;
}

const ID: FlagSpec = { name: 'id', kind: 'string', required: true, hint: 'ACCOUNT_ID' };
const TIER: FlagSpec = { name: 'tier', kind: 'string', values: TIERS };
const PAGE: FlagSpec[] = [
  { name: 'limit', kind: 'string', hint: '1-100' },
  { name: 'cursor', kind: 'string', hint: 'CURSOR' },
];

/** Every command, as data: the usage text and the dispatcher both read this table. */
export const COMMANDS: CliCommand[] = [
  {
    name: 'migrate',
    description: 'Apply pending database migrations',
    flags: [],
    async run(services) {
      const applied = await services.migrate();
      return { applied, message: applied.length ? `applied ${applied.length} migration(s)` : 'up to date' };
    },
  },
  {
    name: 'accounts:create',
    description: 'Create an account (approved defaults to false, role to user)',
    flags: [
      { name: 'email', kind: 'string', required: true, hint: 'EMAIL' },
      { ...TIER, required: true },
      { name: 'approved', kind: 'boolean' },
      { name: 'role', kind: 'string', values: ROLES },
    ],
    async run(services, flags) {
      return (await services.admin()).createAccount(
        body(flags, { email: 'email', tier: 'tier', approved: 'approved', role: 'role' }),
      );
    },
  },
  {
    name: 'accounts:list',
    description: 'A page of accounts, newest first (pass nextCursor as --cursor for the next)',
    flags: PAGE,
    async run(services, flags) {
      const page = parsePageQuery({ limit: flags.limit, cursor: flags.cursor });
      return (await services.admin()).listAccounts(page);
    },
  },
  {
    name: 'accounts:get',
    description: 'Show an account',
    flags: [ID],
    async run(services, flags) {
      const id = accountId(flags);
      return (await services.admin()).getAccount(id);
    },
  },
  {
    name: 'accounts:update',
    description: "Change an account's tier or approval",
    flags: [ID, TIER, { name: 'approved', kind: 'boolean', values: ['true', 'false'] }],
    async run(services, flags) {
      const id = accountId(flags);
      return (await services.admin()).updateAccount(id, body(flags, { tier: 'tier', approved: 'approved' }));
    },
  },
  {
    name: 'credits:add',
    description: 'Top up (positive amount) or adjust (negative amount) credits',
    flags: [
      ID,
      { name: 'amount', kind: 'integer', required: true, hint: 'N' },
      { name: 'reason', kind: 'string', required: true, hint: 'TEXT' },
    ],
    async run(services, flags) {
      const id = accountId(flags);
      return (await services.admin()).changeCredits(id, body(flags, { amount: 'amount', reason: 'reason' }));
    },
  },
  {
    name: 'ledger',
    description: "A page of the account's ledger, newest first",
    flags: [ID, ...PAGE],
    async run(services, flags) {
      const id = accountId(flags);
      const page = parsePageQuery({ limit: flags.limit, cursor: flags.cursor });
      return (await services.admin()).ledger(id, page);
    },
  },
  {
    name: 'keys:create',
    description: 'Create an API key (tier ceilings apply); prints the plaintext key once',
    flags: [
      ID,
      { name: 'name', kind: 'string', required: true, hint: 'NAME' },
      { name: 'capabilities', kind: 'list', hint: 'a,b,c' },
      { name: 'preset', kind: 'string', values: Object.keys(PRESETS) },
      { name: 'expires-at', kind: 'string', hint: 'ISO-8601' },
    ],
    async run(services, flags) {
      const id = accountId(flags);
      const raw = body(flags, {
        name: 'name',
        capabilities: 'capabilities',
        preset: 'preset',
        'expires-at': 'expiresAt',
      });
      return (await services.admin()).createKey(id, raw);
    },
  },
  {
    name: 'keys:list',
    description: "The account's keys, oldest first (never their plaintext)",
    flags: [ID],
    async run(services, flags) {
      const id = accountId(flags);
      return (await services.admin()).listKeys(id);
    },
  },
  {
    name: 'keys:revoke',
    description: "Revoke one of the account's keys (takes effect on its next request); prints the key",
    flags: [ID, { name: 'key', kind: 'string', required: true, hint: 'KEY_ID' }],
    async run(services, flags) {
      const id = accountId(flags);
      return (await services.admin()).revokeKey(id, keyId(flags));
    },
  },
];

export function findCommand(name: string): CliCommand | undefined {
  return COMMANDS.find((command) => command.name === name);
}

function flagUsage(spec: FlagSpec): string {
  const value = spec.values ? spec.values.join('|') : spec.hint;
  const text = spec.kind === 'boolean' && !value ? `--${spec.name}` : `--${spec.name} ${value ?? 'VALUE'}`;
  return spec.required ? text : `[${text}]`;
}

/** The accepted values of a command's flags, for an error about them: `--tier: free, pro, …`. */
export function validValues(command: CliCommand): string {
  return command.flags
    .filter((spec) => spec.values)
    .map((spec) => `  --${spec.name}: ${spec.values!.join(', ')}`)
    .join('\n');
}

function presetLines(): string[] {
  return Object.entries(PRESETS).map(
    ([name, capabilities]) => `  ${name.padEnd(18)}${capabilities.join(', ')}`,
  );
}

export function usage(): string {
  const lines = ['Usage: npm run cli -- <command> [--flags]', '', 'Commands:'];
  for (const command of COMMANDS) {
    lines.push(
      `  ${[command.name, ...command.flags.map(flagUsage)].join(' ')}`,
      `      ${command.description}`,
    );
  }
  lines.push(
    '  help',
    '      Show this text',
    '',
    '',
    'Key presets (--preset):',
    ...presetLines(),
    '',
    'Keys take --capabilities or --preset, not both. Capabilities (comma-separated):',
    `  ${FIXED_CAPABILITIES.join(', ')},`,
    '  workflow:<slug>:run, model:<id>:run, <resource>:* , and * (admin accounts only)',
    '',
    'Results are JSON on stdout and nothing else: `npm run -s cli -- accounts:list | jq`. Messages and errors go',
    'to stderr (exit 1; usage errors exit 2).',
  );
  return lines.join('\n') + '\n';
}
