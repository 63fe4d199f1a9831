import { FlagSpec, parseArgv, readFlags, UsageError } from './argv';

describe('parseArgv', () => {
  it.each([
    [[], { command: null, flags: {} }],
    [['help'], { command: 'help', flags: {} }],
    [['--help'], { command: 'help', flags: {} }],
    [['-h'], { command: 'help', flags: {} }],
    [['ledger', '--id', 'x', '--limit=5'], { command: 'ledger', flags: { id: 'x', limit: '5' } }],
    [
      ['accounts:create', '--approved', '--email', 'a@b.co'],
      { command: 'accounts:create', flags: { approved: true, email: 'a@b.co' } },
    ],
    [
      ['accounts:create', '--email', 'a@b.co', '--approved'],
      { command: 'accounts:create', flags: { email: 'a@b.co', approved: true } },
    ],
    [['credits:add', '--amount', '-50'], { command: 'credits:add', flags: { amount: '-50' } }],
    [
      ['credits:add', '--reason', 'a reason with spaces'],
      { command: 'credits:add', flags: { reason: 'a reason with spaces' } },
    ],
    [['x', '--reason=--dashes=and=equals'], { command: 'x', flags: { reason: '--dashes=and=equals' } }],
    [['x', '--reason='], { command: 'x', flags: { reason: '' } }],
    [['--id', '1'], { command: null, flags: { id: '1' } }],
  ])('%j', (args, expected) => {
    expect(parseArgv(args)).toEqual(expected);
  });

  it.each([
    [['ledger', 'stray'], 'unexpected argument "stray"'],
    [['ledger', '--id', 'a', 'b'], 'unexpected argument "b"'],
    [['ledger', '-i', 'a'], 'unexpected argument "-i"'],
    [['ledger', '--'], 'malformed flag "--"'],
    [['ledger', '--=x'], 'malformed flag "--=x"'],
    [['ledger', '--Id', 'x'], 'malformed flag "--Id"'],
    [['ledger', '--id', 'a', '--id', 'b'], '--id given twice'],
  ])('refuses %j', (args, message) => {
    expect(() => parseArgv(args)).toThrow(new UsageError(message));
  });
});

describe('readFlags', () => {
  const specs: FlagSpec[] = [
    { name: 'id', kind: 'string', required: true },
    { name: 'amount', kind: 'integer' },
    { name: 'approved', kind: 'boolean' },
    { name: 'capabilities', kind: 'list' },
  ];

  it('converts by kind and leaves out flags not given', () => {
    expect(readFlags(specs, { id: 'x', amount: '-50', approved: true, capabilities: 'a, b,,c' })).toEqual({
      id: 'x',
      amount: -50,
      approved: true,
      capabilities: ['a', 'b', 'c'],
    });
    expect(readFlags(specs, { id: 'x' })).toEqual({ id: 'x' });
  });

  it.each([
    ['true', true],
    ['false', false],
    ['maybe', 'maybe'],
  ])('boolean %s → %j (anything else is left to the DTO)', (raw, value) => {
    expect(readFlags(specs, { id: 'x', approved: raw }).approved).toBe(value);
  });

  it.each([
    ['12', 12],
    ['1.5', 1.5],
    ['abc', 'abc'],
    [' ', ' '],
  ])('integer %j → %j (the DTO judges non-integers)', (raw, value) => {
    expect(readFlags(specs, { id: 'x', amount: raw }).amount).toBe(value);
  });

  it.each([
    [{}, 'missing --id'],
    [{ id: 'x', bogus: 'y' }, 'unknown flag --bogus'],
    [{ id: true }, '--id needs a value'],
    [{ id: 'x', amount: true }, '--amount needs a value'],
  ])('refuses %j', (raw, message) => {
    expect(() => readFlags(specs, raw as Record<string, string | true>)).toThrow(new UsageError(message));
  });
});
