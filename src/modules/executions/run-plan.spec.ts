import { planJson, RunPlan } from './run-plan';

describe('planJson', () => {
  const graph = {
    nodes: [{ id: 'in', type: 'request-input', data: { fields: [{ name: 'p', type: 'text' }] } }],
    edges: [],
  } as unknown as RunPlan['graph'];

  it('writes what JSON.stringify writes, for the same graph run after run', () => {
    const plans: RunPlan[] = [
      { graph, inputs: { p: 'a "quoted" \u2028 line' }, quote: [] },
      { graph, inputs: { p: 'b' }, quote: [{ nodeId: 'n', model: 'm', credits: 2, grant: false }] },
    ];
    for (const plan of plans) expect(planJson(plan)).toBe(JSON.stringify(plan));
  });

  it('writes a graph again when its edges were replaced', () => {
    const edited = {
      ...graph,
      edges: [{ id: 'e', source: 'in', target: 'x' }],
    } as unknown as RunPlan['graph'];
    planJson({ graph, inputs: {}, quote: [] });
    const plan = { graph: edited, inputs: {}, quote: [] };
    expect(planJson(plan)).toBe(JSON.stringify(plan));
  });
});
