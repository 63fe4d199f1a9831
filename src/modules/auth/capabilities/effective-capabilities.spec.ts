import { isValidCapability, tierAllows } from './capability.vocabulary';
import { checkNewKeyCapabilities, effectiveCapabilities } from './effective-capabilities';

describe('isValidCapability', () => {
  it.each<[string, boolean]>([
    ['*', true],
    ['workflow:run', true],
    ['workflow:read', true],
    ['workflow:my-flow:run', true],
    ['model:sandbox-image:run', true],
    ['model:*', true],
    ['agent:invoke', true],
    ['agent:*', true],
    ['webhook:receive', true],
    ['key:manage', true],
    ['workflow:My_Flow:run', false],
    ['workflow:my-flow:read', false],
    ['workflow', false],
    ['billing:*', false],
    ['workflow:run:extra', false],
    ['key:*:*', false],
    ['', false],
    [`workflow:${'a'.repeat(65)}:run`, false],
  ])('%s → %s', (capability, expected) => expect(isValidCapability(capability)).toBe(expected));
});

describe('tier ceilings', () => {
  it.each<[Parameters<typeof tierAllows>[0], string, boolean]>([
    ['free', 'workflow:read', false],
    ['pro', 'workflow:*', true],
    ['pro', 'execution:cancel', true],
    ['pro', 'key:manage', true],
    ['pro', 'webhook:receive', true],
    ['pro', 'model:run', false],
    ['pro', 'model:sandbox-text:run', false],
    ['pro', 'agent:invoke', false],
    ['business', 'model:run', true],
    ['business', 'agent:*', true],
    ['enterprise', 'model:*', true],
    ['enterprise', '*', false],
  ])('%s may hold %s: %s', (tier, capability, expected) =>
    expect(tierAllows(tier, capability)).toBe(expected),
  );

  it('drops what the current tier no longer allows, except for admins', () => {
    expect(effectiveCapabilities(['workflow:run', 'model:run'], 'pro', 'user')).toEqual(['workflow:run']);
    expect(effectiveCapabilities(['*'], 'enterprise', 'admin')).toEqual(['*']);
  });
});

describe('checkNewKeyCapabilities', () => {
  const pro = { tier: 'pro' as const, role: 'user' as const };
  it('expands presets with execution:read', () => {
    expect(checkNewKeyCapabilities({ preset: 'workflow-deploy' }, pro, null)).toEqual({
      ok: true,
      capabilities: ['workflow:run', 'workflow:read', 'execution:read'],
    });
  });
  it('refuses an unknown preset and malformed capabilities', () => {
    expect(checkNewKeyCapabilities({ preset: 'god-mode' }, pro, null)).toMatchObject({
      code: 'INVALID_CAPABILITY',
    });
    expect(checkNewKeyCapabilities({ capabilities: ['workflow:fly'] }, pro, null)).toEqual({
      ok: false,
      code: 'INVALID_CAPABILITY',
      invalid: ['workflow:fly'],
    });
  });
  it('lists only the capabilities above the tier ceiling', () => {
    expect(checkNewKeyCapabilities({ capabilities: ['workflow:run', 'model:run', '*'] }, pro, null)).toEqual({
      ok: false,
      code: 'CAPABILITY_ABOVE_CEILING',
      attempted: ['model:run', '*'],
    });
  });
  it('never lets a key mint more than its creator holds', () => {
    const creator = ['key:manage', 'workflow:run'];
    expect(
      checkNewKeyCapabilities({ capabilities: ['workflow:a:run', 'workflow:read'] }, pro, creator),
    ).toEqual({
      ok: false,
      code: 'CAPABILITY_ABOVE_CEILING',
      attempted: ['workflow:read'],
    });
    expect(checkNewKeyCapabilities({ capabilities: ['workflow:*'] }, pro, creator)).toMatchObject({
      attempted: ['workflow:*'],
    });
  });
  it('exempts admin-role owners from ceilings', () => {
    expect(
      checkNewKeyCapabilities({ capabilities: ['*'] }, { tier: 'enterprise', role: 'admin' }, null),
    ).toEqual({
      ok: true,
      capabilities: ['*'],
    });
  });
});
