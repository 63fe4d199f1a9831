/**
 * The match rule of API.md §3, in order: the key holds `*`; or the capability exactly; or `<resource>:*` for the
 * capability's first segment; and `workflow:run` covers every `workflow:<slug>:run`, `model:run` every `model:<id>:run`.
 */
export function isGranted(held: readonly string[], capability: string): boolean {
  if (held.includes('*') || held.includes(capability)) return true;
  const [resource, scope, action] = capability.split(':');
  if (held.includes(`${resource}:*`)) return true;
  const isScopedRun =
    action === 'run' && scope !== undefined && (resource === 'workflow' || resource === 'model');
  return isScopedRun && held.includes(`${resource}:run`);
}

/** Where a route accepts several capabilities, any one passes. */
export function isGrantedAny(held: readonly string[], acceptable: readonly string[]): boolean {
  return acceptable.some((capability) => isGranted(held, capability));
}
