import { lookupModel } from './testing/models.fixture';
import { validWorkflow } from './testing/workflow.fixture';
import { validateWorkflowGraph } from './validate-workflow';
import { wiredDefaultDetails, wiredInputDetails, wiredParams } from './wired-params';

/** validWorkflow wires the `size` slider (64-2048, step 64, default 512) into sandbox-image `width` (64-2048). */
describe('wired params', () => {
  it('finds each request-input field → model param edge', () => {
    expect(wiredParams(validWorkflow(), lookupModel)).toEqual([
      { field: 'size', nodeId: 'image', spec: expect.objectContaining({ name: 'width' }) },
    ]);
  });

  it.each<[unknown, string | undefined]>([
    [512, undefined],
    [64, undefined],
    [2048, undefined],
    [100.5, 'feeds param "width" of node "image": must be an integer, got a number'],
    [16000, 'feeds param "width" of node "image": must be between 64 and 2048, got 16000'],
    [1e300, 'feeds param "width" of node "image": must be between 64 and 2048, got 1e+300'],
    ['512', 'feeds param "width" of node "image": must be an integer, got a string'],
  ])('a run input of %p: %p', (size, message) => {
    const details = wiredInputDetails(validWorkflow(), lookupModel, { subject: 'x', size });
    expect(details).toEqual(message ? [{ path: 'inputs.size', message }] : []);
  });

  it('a field left out with no default feeds nothing, and so is not checked', () => {
    expect(wiredInputDetails(validWorkflow(), lookupModel, { subject: 'x' })).toEqual([]);
  });

  it('ignores wirings into nodes that never run (no path to an output)', () => {
    const graph = validWorkflow();
    graph.edges = graph.edges.filter((edge) => edge.id !== 'e4');
    expect(wiredInputDetails(graph, lookupModel, { size: 16000 })).toEqual([]);
  });

  it('checks a wired field default at save time', () => {
    const graph = validWorkflow();
    (graph.nodes[0].data.fields as Array<Record<string, unknown>>)[1].default = 100.5; // fine for the slider
    expect(wiredDefaultDetails(graph, lookupModel)).toEqual([
      {
        path: 'nodes[0].data.fields[1].default',
        message: 'feeds param "width" of node "image": must be an integer, got a number',
      },
    ]);
    expect(validateWorkflowGraph(graph, lookupModel)).toEqual(wiredDefaultDetails(graph, lookupModel));
  });
});
