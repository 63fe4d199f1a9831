/** Shape checks for one registry entry (API.md §6), as a list of `field: problem` messages. */

const SLUG = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
const KINDS = ['image', 'video', 'audio', 'text'];
const UNITS = ['call', 'image', 'second', '1k-tokens'];
const INPUT_TYPES = ['text', 'image', 'video', 'audio', 'json'];
const PARAM_TYPES = ['string', 'integer', 'number', 'boolean'];

type Fields = Record<string, unknown>;

const isObject = (v: unknown): v is Fields => typeof v === 'object' && v !== null && !Array.isArray(v);

export function checkModelEntry(raw: unknown, tiers: readonly string[]): string[] {
  if (!isObject(raw)) return ['must be an object'];
  const problems: string[] = [];
  const need = (ok: boolean, field: string, rule: string) => {
    if (!ok) problems.push(`field "${field}" ${rule}`);
  };
  const oneOf = (list: readonly string[]) => `must be one of ${list.join(', ')}`;

  need(
    typeof raw.id === 'string' && raw.id.length <= 64 && SLUG.test(raw.id),
    'id',
    'must be a slug (a-z, 0-9, -)',
  );
  need(typeof raw.name === 'string' && raw.name.trim() !== '', 'name', 'must be a non-empty string');
  need(KINDS.includes(raw.kind as string), 'kind', oneOf(KINDS));
  need(typeof raw.provider === 'string' && raw.provider !== '', 'provider', 'must be a non-empty string');
  need(tiers.includes(raw.minTier as string), 'minTier', oneOf(tiers));
  need(typeof raw.supportsAsync === 'boolean', 'supportsAsync', 'must be true or false');
  need(raw.enabled === undefined || typeof raw.enabled === 'boolean', 'enabled', 'must be true or false');
  need(raw.settings === undefined || isObject(raw.settings), 'settings', 'must be an object');

  if (!isObject(raw.pricing)) {
    need(false, 'pricing', 'must be an object { unit, credits }');
  } else {
    const { unit, credits, unitsParam } = raw.pricing;
    need(UNITS.includes(unit as string), 'pricing.unit', oneOf(UNITS));
    need(
      typeof credits === 'number' && Number.isFinite(credits) && credits >= 0,
      'pricing.credits',
      'must be a number ≥ 0',
    );
    const { reserveUnits } = raw.pricing;
    need(
      reserveUnits === undefined || (typeof reserveUnits === 'number' && reserveUnits > 0),
      'pricing.reserveUnits',
      'must be a number > 0',
    );
    need(
      unitsParam === undefined || typeof unitsParam === 'string',
      'pricing.unitsParam',
      'must be a string',
    );
  }

  problems.push(...checkList(raw.inputs, 'inputs', (item, at) => checkInput(item, at, oneOf)));
  problems.push(...checkList(raw.params, 'params', (item, at) => checkParam(item, at, oneOf)));
  return problems;
}

function checkList(
  value: unknown,
  field: string,
  checkItem: (item: Fields, at: string) => string[],
): string[] {
  if (!Array.isArray(value)) return [`field "${field}" must be an array`];
  const problems: string[] = [];
  const names = new Set<unknown>();
  value.forEach((item, i) => {
    const at = `${field}[${i}]`;
    if (!isObject(item)) return problems.push(`field "${at}" must be an object`);
    problems.push(...checkItem(item, at));
    if (names.has(item.name)) problems.push(`field "${at}.name" repeats "${String(item.name)}"`);
    names.add(item.name);
  });
  return problems;
}

function checkInput(item: Fields, at: string, oneOf: (l: readonly string[]) => string): string[] {
  const problems: string[] = [];
  if (typeof item.name !== 'string' || item.name === '')
    problems.push(`field "${at}.name" must be a non-empty string`);
  if (!INPUT_TYPES.includes(item.type as string)) problems.push(`field "${at}.type" ${oneOf(INPUT_TYPES)}`);
  if (item.required !== undefined && typeof item.required !== 'boolean') {
    problems.push(`field "${at}.required" must be true or false`);
  }
  return problems;
}

function checkParam(item: Fields, at: string, oneOf: (l: readonly string[]) => string): string[] {
  const problems: string[] = [];
  if (typeof item.name !== 'string' || item.name === '')
    problems.push(`field "${at}.name" must be a non-empty string`);
  if (!PARAM_TYPES.includes(item.type as string)) problems.push(`field "${at}.type" ${oneOf(PARAM_TYPES)}`);
  for (const bound of ['min', 'max'] as const) {
    if (item[bound] !== undefined && typeof item[bound] !== 'number')
      problems.push(`field "${at}.${bound}" must be a number`);
  }
  if (typeof item.min === 'number' && typeof item.max === 'number' && item.min > item.max) {
    problems.push(`field "${at}.min" must not exceed max`);
  }
  if (item.options !== undefined && !Array.isArray(item.options))
    problems.push(`field "${at}.options" must be an array`);
  if (item.default !== undefined && !fitsParam(item.default, item)) {
    problems.push(`field "${at}.default" does not fit the param's type, range or options`);
  }
  return problems;
}

function fitsParam(value: unknown, spec: Fields): boolean {
  const typeOk =
    (spec.type === 'string' && typeof value === 'string') ||
    (spec.type === 'boolean' && typeof value === 'boolean') ||
    (spec.type === 'number' && typeof value === 'number' && Number.isFinite(value)) ||
    (spec.type === 'integer' && Number.isInteger(value));
  if (!typeOk) return false;
  if (typeof value === 'number') {
    if (typeof spec.min === 'number' && value < spec.min) return false;
    if (typeof spec.max === 'number' && value > spec.max) return false;
  }
  return !Array.isArray(spec.options) || spec.options.includes(value);
}
