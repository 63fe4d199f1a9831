/** What a run is charged once it has ended (API.md §8). Pure. */
import type { NodeQuote } from './run-quote';

export type RunOutcome = 'completed' | 'failed' | 'cancelled';

/** What settlement needs to know about each model node once the run has ended. */
export interface SettledNode extends NodeQuote {
  /** The node finished in a run that did not fail: it is paid for (by credits or by its grant). */
  completed: boolean;
}

/**
 * Whether a model node is paid for: it finished, and the run did not fail. A failed run is charged nothing,
 * whatever branches finished before the failure; a completed or cancelled run pays for the nodes that finished.
 */
export function isPaidFor(outcome: RunOutcome, stepStatus: string | undefined): boolean {
  return outcome !== 'failed' && stepStatus === 'completed';
}

/** Completed nodes not paid by a grant are charged; the rest of the reservation is refunded. */
export function settlementOf(reserved: number, nodes: SettledNode[]): { charged: number; refunded: number } {
  const charged = nodes.reduce((sum, node) => sum + (node.completed && !node.grant ? node.credits : 0), 0);
  return { charged, refunded: reserved - charged };
}
