import type { NodeType, WorkflowGraph } from '../workflow.types';
import { findCycle, nodesReachingOutput, topologicalOrder } from './graph-order';

/** `"a>b b>c"`: an edge per pair; nodes are listed in `ids` order, `out*` ids are response-outputs. */
function graph(ids: string, links: string): WorkflowGraph {
  const nodes = ids.split(' ').map((id) => ({
    id,
    type: (id.startsWith('out') ? 'response-output' : 'template') as NodeType,
    data: {},
  }));
  const edges = links
    .split(' ')
    .filter(Boolean)
    .map((pair, index) => {
      const [source, target] = pair.split('>');
      return { id: `e${index}`, source, sourceHandle: 'text', target, targetHandle: 'value' };
    });
  return { nodes, edges };
}

describe('topologicalOrder', () => {
  it.each<[string, string, string, string[]]>([
    ['a chain given backwards', 'out b a', 'a>b b>out', ['a', 'b', 'out']],
    ['independent roots keep document order', 'x y out', 'x>out y>out', ['x', 'y', 'out']],
    ['a diamond', 'a b c out', 'a>b a>c b>out c>out', ['a', 'b', 'c', 'out']],
    ['no edges', 'b a', '', ['b', 'a']],
  ])('%s', (_case, ids, links, expected) => {
    expect(topologicalOrder(graph(ids, links))).toEqual(expected);
  });

  it('puts every node after all of its sources', () => {
    const g = graph('e d c b a out', 'a>b a>c b>d c>d d>e e>out');
    const order = topologicalOrder(g);
    for (const edge of g.edges) expect(order.indexOf(edge.source)).toBeLessThan(order.indexOf(edge.target));
  });

  it('throws on a cycle', () => {
    expect(() => topologicalOrder(graph('a b out', 'a>b b>a'))).toThrow(/cycle/);
  });
});

describe('findCycle', () => {
  it.each<[string, string, string, string[] | undefined]>([
    ['acyclic', 'a b c', 'a>b b>c a>c', undefined],
    ['a self-loop', 'a', 'a>a', ['a', 'a']],
    ['two nodes', 'a b', 'a>b b>a', ['a', 'b', 'a']],
    ['a cycle behind a tail', 't a b c', 't>a a>b b>c c>a', ['a', 'b', 'c', 'a']],
    ['edges to unknown nodes are ignored', 'a', 'a>ghost ghost>a', undefined],
  ])('%s', (_case, ids, links, expected) => {
    const g = graph(ids, links);
    expect(
      findCycle(
        g.nodes.map((n) => n.id),
        g.edges,
      ),
    ).toEqual(expected);
  });

  it('walks a 5000-node chain without overflowing the stack', () => {
    const ids = Array.from({ length: 5000 }, (_, i) => `n${i}`);
    const edges = ids.slice(1).map((id, i) => ({ source: ids[i], target: id }));
    expect(findCycle(ids, edges)).toBeUndefined();
    expect(findCycle(ids, [...edges, { source: 'n4999', target: 'n0' }])).toHaveLength(5001);
  });
});

describe('nodesReachingOutput', () => {
  it.each<[string, string, string, string[]]>([
    ['everything on the path, nothing off it', 'in a dead out', 'in>a a>out in>dead', ['in', 'a', 'out']],
    ['several outputs', 'a b out1 out2', 'a>out1 b>out2', ['a', 'b', 'out1', 'out2']],
    ['an output alone', 'a out', '', ['out']],
    ['no outputs', 'a b', 'a>b', []],
  ])('%s', (_case, ids, links, expected) => {
    expect([...nodesReachingOutput(graph(ids, links))].sort()).toEqual([...expected].sort());
  });
});
