/** Nest injection tokens owned by the engine. */

/** The TargetPolicy (API.md §9 URL rules) that http-request nodes fetch under. */
export const NET_POLICY = Symbol('NET_POLICY');

/** The OutputLimits (API.md §5: MAX_NODE_OUTPUT_BYTES, MAX_RESULT_BYTES, MAX_MEDIA_BYTES) runs are held to. */
export const OUTPUT_LIMITS = Symbol('OUTPUT_LIMITS');
