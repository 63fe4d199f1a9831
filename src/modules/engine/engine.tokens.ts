/** Nest injection tokens owned by the engine. */

/** The TargetPolicy (API.md §9 URL rules) that http-request nodes fetch under. */
export const NET_POLICY = Symbol('NET_POLICY');
