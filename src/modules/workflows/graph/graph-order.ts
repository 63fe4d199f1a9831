/** Order and reachability over a workflow's edges: what runs, and in which order (API.md §5 "Running"). */
import type { WorkflowGraph } from '../workflow.types';

interface EdgeLike {
  source: string;
  target: string;
}

/** Successor lists; edges whose ends are not both nodes of `ids` are ignored. */
function successors(ids: string[], edges: EdgeLike[]): Map<string, string[]> {
  const next = new Map(ids.map((id) => [id, [] as string[]]));
  for (const edge of edges) {
    if (next.has(edge.source) && next.has(edge.target)) next.get(edge.source)!.push(edge.target);
  }
  return next;
}

/**
 * A cycle as a list of node ids (first id repeated at the end), or undefined when the graph is acyclic.
 * Iterative DFS, so a 200-node chain cannot overflow the stack.
 */
export function findCycle(ids: string[], edges: EdgeLike[]): string[] | undefined {
  const next = successors(ids, edges);
  const state = new Map<string, 'open' | 'done'>();
  for (const root of ids) {
    if (state.has(root)) continue;
    const path: string[] = [root];
    const cursors: number[] = [0];
    state.set(root, 'open');
    while (path.length > 0) {
      const node = path[path.length - 1];
      const targets = next.get(node)!;
      const cursor = cursors[cursors.length - 1]++;
      if (cursor >= targets.length) {
        state.set(node, 'done');
        path.pop();
        cursors.pop();
        continue;
      }
      const target = targets[cursor];
      if (state.get(target) === 'open') return [...path.slice(path.indexOf(target)), target];
      if (!state.has(target)) {
        state.set(target, 'open');
        path.push(target);
        cursors.push(0);
      }
    }
  }
  return undefined;
}

/** Node ids in dependency order (Kahn; deterministic, roots in document order). Throws on a cycle: validate first. */
export function topologicalOrder(graph: WorkflowGraph): string[] {
  const ids = graph.nodes.map((node) => node.id);
  const next = successors(ids, graph.edges);
  const waitingOn = new Map(ids.map((id) => [id, 0]));
  for (const targets of next.values())
    for (const target of targets) waitingOn.set(target, waitingOn.get(target)! + 1);
  const ready = ids.filter((id) => waitingOn.get(id) === 0);
  const order: string[] = [];
  while (ready.length > 0) {
    const id = ready.shift()!;
    order.push(id);
    for (const target of next.get(id)!) {
      const remaining = waitingOn.get(target)! - 1;
      waitingOn.set(target, remaining);
      if (remaining === 0) ready.push(target);
    }
  }
  if (order.length !== ids.length) throw new Error('workflow graph has a cycle');
  return order;
}

/** Ids of the nodes on some path to a `response-output` (the outputs included); the engine skips the rest. */
export function nodesReachingOutput(graph: WorkflowGraph): Set<string> {
  const ids = new Set(graph.nodes.map((node) => node.id));
  const previous = new Map<string, string[]>();
  for (const edge of graph.edges) {
    if (!ids.has(edge.source)) continue;
    previous.set(edge.target, [...(previous.get(edge.target) ?? []), edge.source]);
  }
  const reached = new Set<string>();
  const pending = graph.nodes.filter((node) => node.type === 'response-output').map((node) => node.id);
  while (pending.length > 0) {
    const id = pending.pop()!;
    if (reached.has(id)) continue;
    reached.add(id);
    pending.push(...(previous.get(id) ?? []));
  }
  return reached;
}
