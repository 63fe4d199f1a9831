/**
 * The operator CLI's argument handling, pure so it is tested on its own (argv.spec.ts).
 * Form only: `<command> --flag value --flag=value --switch`. Whether a value is acceptable (an email, a tier, an
 * amount) is decided by the same DTO validation the HTTP routes use, so values pass through as typed as they can be.
 */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

export interface ParsedArgv {
  command: string | null;
  /** `true` for a flag given without a value. */
  flags: Record<string, string | true>;
}

export type FlagKind = 'string' | 'integer' | 'boolean' | 'list';
export type FlagValue = string | number | boolean | string[];

export interface FlagSpec {
  name: string;
  kind: FlagKind;
  required?: boolean;
  /** Shown in the usage text, e.g. `EMAIL`; flags with `values` show those instead. */
  hint?: string;
  /** The values the flag accepts, named in the usage text and in errors (the DTO still decides). */
  values?: readonly string[];
}

const HELP_ALIASES = ['--help', '-h'];

export function parseArgv(args: readonly string[]): ParsedArgv {
  const flags: Record<string, string | true> = {};
  let rest = [...args];
  let command: string | null = null;
  if (rest.length > 0 && HELP_ALIASES.includes(rest[0])) return { command: 'help', flags };
  if (rest.length > 0 && !rest[0].startsWith('-')) {
    command = rest[0];
    rest = rest.slice(1);
  }
  for (let i = 0; i < rest.length; i++) {
    const token = rest[i];
    if (!token.startsWith('--')) throw new UsageError(`unexpected argument "${token}"`);
    const eq = token.indexOf('=');
    const name = token.slice(2, eq === -1 ? undefined : eq);
    if (!/^[a-z][a-z0-9-]*$/.test(name)) throw new UsageError(`malformed flag "${token}"`);
    if (name in flags) throw new UsageError(`--${name} given twice`);
    if (eq !== -1) {
      flags[name] = token.slice(eq + 1);
    } else if (i + 1 < rest.length && !rest[i + 1].startsWith('--')) {
      // A following token that is not a flag is this flag's value (so `--amount -50` works).
      flags[name] = rest[++i];
    } else {
      flags[name] = true;
    }
  }
  return { command, flags };
}

/** Checks flags against a command's specs and converts them: numbers, booleans, comma lists. */
export function readFlags(
  specs: readonly FlagSpec[],
  raw: Record<string, string | true>,
): Record<string, FlagValue> {
  const known = new Map(specs.map((spec) => [spec.name, spec]));
  for (const name of Object.keys(raw)) {
    if (!known.has(name)) throw new UsageError(`unknown flag --${name}`);
  }
  const out: Record<string, FlagValue> = {};
  for (const spec of specs) {
    const value = raw[spec.name];
    if (value === undefined) {
      if (spec.required) throw new UsageError(`missing --${spec.name}`);
      continue;
    }
    out[spec.name] = convert(spec, value);
  }
  return out;
}

function convert(spec: FlagSpec, value: string | true): FlagValue {
  if (spec.kind === 'boolean') {
    if (value === true || value === 'true') return true;
    return value === 'false' ? false : value;
  }
  if (value === true) throw new UsageError(`--${spec.name} needs a value`);
  if (spec.kind === 'integer') {
    // Anything numeric becomes a number (1.5 included) so the DTO, not the CLI, says what is wrong with it.
    return value.trim() !== '' && Number.isFinite(Number(value)) ? Number(value) : value;
  }
  if (spec.kind === 'list') {
    return value
      .split(',')
      .map((item) => item.trim())
      .filter((item) => item !== '');
  }
  return value;
}
