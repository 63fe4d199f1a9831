import { ProviderError } from '../providers/provider.types';
import type { NodeType, WorkflowEdge, WorkflowGraph, WorkflowNode } from '../workflows/workflow.types';
import { NODE_TYPES } from '../workflows/workflow.types';
import type { NodeContext, NodeHandlers, NodeOutputs, StepRecord } from './engine.types';
import { StepError } from './step-error';
import { runWorkflow } from './workflow-runner';

type Behaviour = (ctx: NodeContext) => Promise<NodeOutputs>;

const node = (id: string, type: NodeType, data: Record<string, unknown> = {}): WorkflowNode => ({
  id,
  type,
  data,
});
let edgeCount = 0;
const edge = (source: string, sourceHandle: string, target: string, targetHandle: string): WorkflowEdge => ({
  id: `e${++edgeCount}`,
  source,
  sourceHandle,
  target,
  targetHandle,
});

/** Resolves after `ms`, or rejects when the signal aborts (a well-behaved handler). */
function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener('abort', () => {
      clearTimeout(timer);
      reject(signal.reason);
    });
  });
}

/** Every node type runs `behaviours[nodeId]` (default: join the inputs) and logs start/end in order. */
function recordingHandlers(behaviours: Record<string, Behaviour>, log: string[]): NodeHandlers {
  const fallback: Behaviour = async ({ node: n, inputs }) =>
    n.type === 'response-output'
      ? { value: inputs.value }
      : { text: Object.values(inputs).join('+') || n.id };
  return new Map(
    NODE_TYPES.map((type) => [
      type,
      {
        type,
        run: async (ctx: NodeContext) => {
          log.push(`start:${ctx.node.id}`);
          const outputs = await (behaviours[ctx.node.id] ?? fallback)(ctx);
          log.push(`end:${ctx.node.id}`);
          return outputs;
        },
      },
    ]),
  );
}

/** in → a, in → b, (a, b) → c → out; plus `orphan`, fed by `in` but reaching no output. */
function diamond(): WorkflowGraph {
  return {
    nodes: [
      node('in', 'request-input'),
      node('a', 'template'),
      node('b', 'template'),
      node('c', 'template'),
      node('orphan', 'template'),
      node('out', 'response-output', { type: 'text', name: 'answer' }),
    ],
    edges: [
      edge('in', 'text', 'a', 'x'),
      edge('in', 'text', 'b', 'x'),
      edge('a', 'text', 'c', 'left'),
      edge('b', 'text', 'c', 'right'),
      edge('in', 'text', 'orphan', 'x'),
      edge('c', 'text', 'out', 'value'),
    ],
  };
}

const stepOf = (steps: StepRecord[], id: string): StepRecord => steps.find((step) => step.nodeId === id)!;

async function rejection(promise: Promise<unknown>): Promise<StepError> {
  const err = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(StepError);
  return err as StepError;
}

describe('runWorkflow', () => {
  it('runs nodes in dependency order and feeds each its upstream outputs', async () => {
    const log: string[] = [];
    const handlers = recordingHandlers({ in: async () => ({ text: 'hi' }) }, log);
    const { result, steps } = await runWorkflow({ graph: diamond(), inputs: {}, handlers });

    expect(result).toBe('hi+hi');
    const at = (entry: string) => log.indexOf(entry);
    expect(at('end:in')).toBeLessThan(at('start:a'));
    expect(at('end:in')).toBeLessThan(at('start:b'));
    expect(at('end:a')).toBeLessThan(at('start:c'));
    expect(at('end:b')).toBeLessThan(at('start:c'));
    expect(at('end:c')).toBeLessThan(at('start:out'));
    expect(stepOf(steps, 'c')).toMatchObject({ status: 'completed', cost: 0, grant: false });
    expect(stepOf(steps, 'c').durationMs).toBeGreaterThanOrEqual(0);
    expect(Date.parse(stepOf(steps, 'c').startedAt!)).not.toBeNaN();
  });

  it('runs independent branches concurrently', async () => {
    const log: string[] = [];
    const slow: Behaviour = async ({ signal }) => {
      await sleep(80, signal);
      return { text: 'slow' };
    };
    await runWorkflow({
      graph: diamond(),
      inputs: {},
      handlers: recordingHandlers({ a: slow, b: slow }, log),
    });

    const firstEnd = Math.min(log.indexOf('end:a'), log.indexOf('end:b'));
    expect(log.indexOf('start:a')).toBeLessThan(firstEnd);
    expect(log.indexOf('start:b')).toBeLessThan(firstEnd);
  });

  it('skips nodes that reach no response-output and never runs them', async () => {
    const log: string[] = [];
    const { steps } = await runWorkflow({
      graph: diamond(),
      inputs: {},
      handlers: recordingHandlers({}, log),
    });

    expect(log).not.toContain('start:orphan');
    expect(stepOf(steps, 'orphan')).toEqual({
      nodeId: 'orphan',
      type: 'template',
      status: 'skipped',
      cost: 0,
      grant: false,
    });
  });

  it('fails the run at the first failing node and cancels the rest', async () => {
    let siblingSignal: AbortSignal | undefined;
    const handlers = recordingHandlers(
      {
        a: async () => {
          await sleep(10);
          throw new Error('boom');
        },
        b: async ({ signal }) => {
          siblingSignal = signal;
          await sleep(5000, signal);
          return { text: 'never' };
        },
      },
      [],
    );
    const err = await rejection(runWorkflow({ graph: diamond(), inputs: {}, handlers }));

    expect(err).toMatchObject({ code: 'NODE_ERROR', nodeId: 'a', message: 'boom' });
    expect(siblingSignal?.aborted).toBe(true);
    expect(stepOf(err.steps, 'a')).toMatchObject({
      status: 'failed',
      error: { code: 'NODE_ERROR', message: 'boom' },
    });
    expect(stepOf(err.steps, 'b').status).toBe('cancelled');
    expect(stepOf(err.steps, 'b').completedAt).toBeDefined();
    expect(stepOf(err.steps, 'c')).toMatchObject({ status: 'cancelled' });
    expect(stepOf(err.steps, 'c').startedAt).toBeUndefined();
    expect(stepOf(err.steps, 'in').status).toBe('completed');
  });

  it('does not wait for a handler that ignores its signal', async () => {
    const log: string[] = [];
    const handlers = recordingHandlers(
      {
        a: async () => {
          await sleep(10);
          throw new Error('boom');
        },
        b: async () => {
          await sleep(300); // deaf to the abort: the run must not wait for it
          return { text: 'late' };
        },
      },
      log,
    );
    const err = await rejection(runWorkflow({ graph: diamond(), inputs: {}, handlers }));
    expect(log).toContain('start:b');
    expect(log).not.toContain('end:b');
    expect(stepOf(err.steps, 'b').status).toBe('cancelled');
  });

  it('reports a ProviderError as PROVIDER_ERROR', async () => {
    const handlers = recordingHandlers({ b: () => Promise.reject(new ProviderError('quota exceeded')) }, []);
    const err = await rejection(runWorkflow({ graph: diamond(), inputs: {}, handlers }));
    expect(err).toMatchObject({ code: 'PROVIDER_ERROR', nodeId: 'b', message: 'quota exceeded' });
  });

  it('fails a node that outlives nodeTimeoutMs with TIMEOUT', async () => {
    let nodeSignal: AbortSignal | undefined;
    const handlers = recordingHandlers(
      {
        c: async ({ signal }) => {
          nodeSignal = signal;
          await sleep(5000, signal);
          return { text: 'never' };
        },
      },
      [],
    );
    const err = await rejection(runWorkflow({ graph: diamond(), inputs: {}, handlers, nodeTimeoutMs: 40 }));

    expect(err).toMatchObject({ code: 'TIMEOUT', nodeId: 'c' });
    expect(nodeSignal?.aborted).toBe(true);
    expect(stepOf(err.steps, 'c').error?.code).toBe('TIMEOUT');
    expect(stepOf(err.steps, 'a').status).toBe('completed');
  });

  it('ends CANCELLED, with in-flight nodes cancelled, when the run signal aborts', async () => {
    const controller = new AbortController();
    const handlers = recordingHandlers(
      {
        a: async ({ signal }) => {
          setTimeout(() => controller.abort(), 10);
          await sleep(5000, signal);
          return { text: 'never' };
        },
      },
      [],
    );
    const err = await rejection(
      runWorkflow({
        graph: diamond(),
        inputs: {},
        handlers,
        signal: controller.signal,
        nodeTimeoutMs: 60_000,
      }),
    );

    expect(err).toMatchObject({ code: 'CANCELLED', nodeId: 'a' });
    expect(stepOf(err.steps, 'a').status).toBe('cancelled');
    expect(stepOf(err.steps, 'a').error).toBeUndefined();
    expect(stepOf(err.steps, 'out').status).toBe('cancelled');
    expect(err.steps.some((step) => step.status === 'failed')).toBe(false);
  });

  it('runs nothing when the signal is already aborted', async () => {
    const log: string[] = [];
    const err = await rejection(
      runWorkflow({
        graph: diamond(),
        inputs: {},
        handlers: recordingHandlers({}, log),
        signal: AbortSignal.abort(),
      }),
    );
    expect(err).toMatchObject({ code: 'CANCELLED', nodeId: null });
    expect(log).toEqual([]);
  });

  it('keys the result by output name when there are several outputs', async () => {
    const graph: WorkflowGraph = {
      nodes: [
        node('in', 'request-input'),
        node('caption', 'response-output', { type: 'text', name: 'caption' }),
        node('pic', 'response-output', { type: 'image', name: 'picture' }),
        node('raw', 'response-output', { type: 'json' }),
      ],
      edges: [
        edge('in', 'text', 'caption', 'value'),
        edge('in', 'image', 'pic', 'value'),
        edge('in', 'data', 'raw', 'value'),
      ],
    };
    const handlers = recordingHandlers(
      {
        in: async () => ({
          text: 'a cat',
          image: [{ kind: 'image', url: 'https://media.example/cat.png' }],
          data: { n: 1 },
        }),
      },
      [],
    );
    const { result, outputs } = await runWorkflow({ graph, inputs: {}, handlers });

    expect(result).toEqual({
      caption: 'a cat',
      picture: { images: ['https://media.example/cat.png'] },
      raw: { n: 1 },
    });
    expect(outputs).toEqual(result);
  });

  it('tells the listener every transition, in order, with provider request ids', async () => {
    const seen: StepRecord[] = [];
    const handlers = recordingHandlers(
      {
        a: async ({ services }) => {
          services.reportProviderRequestId('req-1');
          return { text: 'a' };
        },
      },
      [],
    );
    const { steps } = await runWorkflow({
      graph: diamond(),
      inputs: {},
      handlers,
      onStepChange: async (step) => {
        await sleep(1);
        seen.push(step);
      },
    });

    const ofA = seen.filter((step) => step.nodeId === 'a');
    expect(ofA.map((step) => step.status)).toEqual(['pending', 'running', 'running', 'completed']);
    expect(ofA[2].providerRequestId).toBe('req-1');
    expect(stepOf(steps, 'a').providerRequestId).toBe('req-1');
    expect(seen.find((step) => step.nodeId === 'orphan')?.status).toBe('skipped');
  });

  it('rejects with the listener error once the run is done when the listener throws', async () => {
    const listener = jest.fn().mockRejectedValueOnce(new Error('db down')).mockResolvedValue(undefined);
    await expect(
      runWorkflow({
        graph: diamond(),
        inputs: {},
        handlers: recordingHandlers({}, []),
        onStepChange: listener,
      }),
    ).rejects.toThrow('db down');
  });
});

describe('output limits', () => {
  const limits = { maxNodeOutputBytes: 1024, maxResultBytes: 1500 };

  it('fails a node whose output is over MAX_NODE_OUTPUT_BYTES with NODE_ERROR; nothing downstream runs', async () => {
    const log: string[] = [];
    const handlers = recordingHandlers({ a: async () => ({ text: 'x'.repeat(1025) }) }, log);
    const err = await rejection(runWorkflow({ graph: diamond(), inputs: {}, handlers, limits }));
    expect(err).toMatchObject({
      code: 'NODE_ERROR',
      nodeId: 'a',
      message: "the node's output would be larger than 1024 bytes (MAX_NODE_OUTPUT_BYTES)",
    });
    expect(log).not.toContain('start:c');
    expect(stepOf(err.steps, 'a').status).toBe('failed');
  });

  it('counts every handle of a node together', async () => {
    const handlers = recordingHandlers(
      { a: async () => ({ one: 'x'.repeat(600), two: 'y'.repeat(600) }) },
      [],
    );
    const err = await rejection(runWorkflow({ graph: diamond(), inputs: {}, handlers, limits }));
    expect(err).toMatchObject({ code: 'NODE_ERROR', nodeId: 'a' });
  });

  it('fails the run when the result grows past MAX_RESULT_BYTES, though every node fits', async () => {
    const graph: WorkflowGraph = {
      nodes: [
        node('in', 'request-input'),
        node('left', 'response-output', { type: 'text', name: 'left' }),
        node('right', 'response-output', { type: 'text', name: 'right' }),
      ],
      edges: [edge('in', 'text', 'left', 'value'), edge('in', 'text', 'right', 'value')],
    };
    const handlers = recordingHandlers({ in: async () => ({ text: 'y'.repeat(1000) }) }, []);
    const err = await rejection(runWorkflow({ graph, inputs: {}, handlers, limits }));
    expect(err).toMatchObject({
      code: 'NODE_ERROR',
      message: "the run's result would be larger than 1500 bytes (MAX_RESULT_BYTES)",
    });
    expect(['left', 'right']).toContain(err.nodeId);
    const ok = await runWorkflow({
      graph,
      inputs: {},
      handlers,
      limits: { ...limits, maxResultBytes: 2100 },
    });
    expect(ok.result).toEqual({ left: 'y'.repeat(1000), right: 'y'.repeat(1000) });
  });

  it('keeps at most 1000 characters of a failure message', async () => {
    const handlers = recordingHandlers(
      { a: () => Promise.reject(new ProviderError('!'.repeat(50_000))) },
      [],
    );
    const err = await rejection(runWorkflow({ graph: diamond(), inputs: {}, handlers }));
    expect(err.message).toHaveLength(1000);
    expect(stepOf(err.steps, 'a').error?.message).toHaveLength(1000);
  });
});
