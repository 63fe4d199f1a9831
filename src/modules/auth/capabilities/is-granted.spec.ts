import { isGranted, isGrantedAny } from './is-granted';

describe('isGranted (API.md §3 match rule)', () => {
  it.each<[string[], string, boolean]>([
    [['*'], 'workflow:run', true],
    [['*'], 'model:sandbox-image:run', true],
    [['workflow:run'], 'workflow:run', true],
    [['workflow:read'], 'workflow:run', false],
    [['workflow:*'], 'workflow:run', true],
    [['workflow:*'], 'workflow:read', true],
    [['workflow:*'], 'workflow:write', true],
    [['workflow:*'], 'workflow:my-flow:run', true],
    [['workflow:*'], 'model:run', false],
    [['workflow:run'], 'workflow:my-flow:run', true],
    [['workflow:my-flow:run'], 'workflow:my-flow:run', true],
    [['workflow:my-flow:run'], 'workflow:other:run', false],
    [['workflow:my-flow:run'], 'workflow:run', false],
    [['workflow:my-flow:run'], 'workflow:read', false],
    [['model:run'], 'model:sandbox-text:run', true],
    [['model:sandbox-text:run'], 'model:run', false],
    [['model:*'], 'model:sandbox-text:run', true],
    [['workflow:run'], 'model:sandbox-text:run', false],
    [['execution:*'], 'execution:cancel', true],
    [['key:manage'], 'key:*', false],
    [[], 'workflow:read', false],
    [['workflow:run'], '*', false],
  ])('%j grants %s: %s', (held, capability, expected) => {
    expect(isGranted(held, capability)).toBe(expected);
  });

  it('passes when any acceptable capability is granted', () => {
    expect(isGrantedAny(['workflow:a:run'], ['workflow:run', 'workflow:a:run'])).toBe(true);
    expect(isGrantedAny(['workflow:b:run'], ['workflow:run', 'workflow:a:run'])).toBe(false);
  });
});
