/**
 * Runs a workflow graph (API.md §5 "Running"): each node starts as soon as every node it depends on is done,
 * so independent branches run concurrently; nodes with no path to a response-output are skipped; the first
 * failure stops the run and cancels everything still in flight.
 */
import { DEFAULT_OUTPUT_LIMITS, type OutputLimits } from '../../config/output-limits';
import type { WorkflowGraph, WorkflowNode } from '../workflows/workflow.types';
import { raceAbort } from './abort-race';
import {
  NodeHandlers,
  NodeOutputs,
  NodeSuspended,
  RunProgress,
  StepChangeListener,
  StepRecord,
  StepReporter,
} from './engine.types';
import { failureCode, failureMessage } from './failure-code';
import { collectInputs } from './graph-links';
import { GraphShape, graphShapeOf } from './graph-shape';
import { jsonBytes, nodeOutputTooLarge, outputBytes, resultTooLarge } from './output-size';
import { shapeOutputs, shapeResult } from './result-shaping';
import { StepError } from './step-error';
import { StepTracker } from './step-tracker';

/** A graph whose every node only computes: it runs in microseconds, touching nothing outside the process. */
export function isComputeOnly(graph: WorkflowGraph, handlers: NodeHandlers): boolean {
  return graph.nodes.every((node) => handlers.get(node.type)?.computeOnly === true);
}

export interface RunWorkflowOptions {
  graph: WorkflowGraph;
  inputs: Record<string, unknown>;
  handlers: NodeHandlers;
  /** Aborting it cancels the run: in-flight nodes are aborted and the run rejects with CANCELLED. */
  signal?: AbortSignal;
  /** Deadline of each node on its own; unset or 0 means none. */
  nodeTimeoutMs?: number;
  /** Handed to each node, for its log lines. */
  executionId?: string;
  /** MAX_NODE_OUTPUT_BYTES and MAX_RESULT_BYTES; the contract's defaults when omitted. */
  limits?: Pick<OutputLimits, 'maxNodeOutputBytes' | 'maxResultBytes'>;
  onStepChange?: StepChangeListener;
  /** A run paused earlier (a provider still working): its steps so far and its progress; finished nodes do not run again. */
  resume?: { steps: StepRecord[]; progress: RunProgress };
}

/** How a node's part of one pass ended: done, waiting on a provider (or on a node that is), or stopped. */
type NodeState = 'done' | 'waiting' | 'stopped';

export interface WorkflowRunOutcome {
  /** API.md §5 result: the one output's shaped value, or shaped values keyed by output name. */
  result: unknown;
  steps: StepRecord[];
  /** Shaped values keyed by output name (the node id when it has none). */
  outputs: Record<string, unknown>;
  /** Outputs of finished nodes and submissions in flight: what a later pass resumes from. */
  progress: RunProgress;
  /** Set when the pass paused on a provider still working: resume (with `progress`) after this long. */
  suspended?: { retryAfterMs: number };
}

/** Resolves with the outcome, or rejects with a StepError (carrying every step) when a node fails or on cancel. */
export async function runWorkflow(options: RunWorkflowOptions): Promise<WorkflowRunOutcome> {
  const run = new GraphRun(options);
  return run.execute();
}

/** Never aborted: the signal compute-only nodes get. */
const NEVER_ABORTED = new AbortController().signal;

const COMPUTE_ONLY_SERVICES: StepReporter = {
  reportProviderRequestId: () => undefined,
  reportUsage: () => undefined,
  priorSubmission: () => undefined,
  reportSubmission: () => undefined,
};

class GraphRun {
  private readonly tracker: StepTracker;
  private readonly shape: GraphShape;
  /** Aborted when the run stops (a failure, the run's own signal); made on first use (see nodeSignal). */
  private haltController?: AbortController;
  private haltedBy?: { reason: unknown };
  /** Outputs of finished nodes (kept with the run's progress, so a later pass does not run them again). */
  private readonly produced: Map<string, NodeOutputs>;
  private readonly progress: RunProgress;
  private readonly limits: Pick<OutputLimits, 'maxNodeOutputBytes' | 'maxResultBytes'>;
  /** The result's size so far: each response-output adds its value as it completes. */
  private resultBytes = 0;
  private failure?: StepError;
  /** The soonest a waiting provider asked to be polled again, when any node is waiting. */
  private retryAfterMs?: number;
  private readonly forwardAbort = () => this.halt(this.options.signal?.reason);

  constructor(private readonly options: RunWorkflowOptions) {
    const { graph, signal } = options;
    this.limits = options.limits ?? DEFAULT_OUTPUT_LIMITS;
    this.shape = graphShapeOf(graph);
    this.progress = options.resume?.progress ?? { outputs: {}, submissions: {} };
    this.produced = new Map(Object.entries(this.progress.outputs));
    this.tracker = new StepTracker(
      graph.nodes,
      this.shape.willRun,
      options.onStepChange,
      options.resume?.steps,
    );
    // The outputs are the truth of a resumed run: a node whose output was kept is done, even if the steps kept with
    // it were written a moment earlier (its process died between the two).
    for (const nodeId of this.produced.keys())
      if (this.shape.willRun.has(nodeId)) this.tracker.ensureCompleted(nodeId);
    // The run's signal is forwarded into `halt` (a listener is cheaper than a linked AbortSignal.any per run).
    if (signal?.aborted) this.halt(signal.reason);
    else signal?.addEventListener('abort', this.forwardAbort, { once: true });
  }

  async execute(): Promise<WorkflowRunOutcome> {
    const done = new Map<string, Promise<NodeState>>();
    // Topological order guarantees every upstream promise exists before the node that awaits it is created.
    for (const { node, upstream } of this.shape.schedule)
      done.set(
        node.id,
        this.afterUpstream(
          upstream.map((id) => done.get(id)),
          node,
        ),
      );
    await Promise.all(done.values()).finally(() =>
      this.options.signal?.removeEventListener('abort', this.forwardAbort),
    );
    if (this.retryAfterMs !== undefined && this.haltedBy) this.cancelWaiting();
    const listenerError = await this.tracker.flush();
    this.throwIfStopped();
    if (listenerError) throw listenerError;
    return this.outcome();
  }

  private async afterUpstream(
    upstream: Array<Promise<NodeState> | undefined>,
    node: WorkflowNode,
  ): Promise<NodeState> {
    if (this.produced.has(node.id)) return 'done'; // finished in an earlier pass
    const states = await Promise.all(upstream);
    if (states.includes('stopped') || this.haltedBy) {
      this.tracker.cancel(node.id);
      return 'stopped';
    }
    if (states.includes('waiting')) return 'waiting';
    return this.runNode(node);
  }

  private async runNode(node: WorkflowNode): Promise<NodeState> {
    const { nodeTimeoutMs } = this.options;
    const handler = this.options.handlers.get(node.type);
    // A node resumed across passes keeps its first start: its deadline counts from there, not from this pass.
    const startedAt = this.tracker.startedAtOf(node.id);
    if (nodeTimeoutMs && startedAt !== undefined && Date.now() - startedAt > nodeTimeoutMs) {
      this.recordFailure(
        node.id,
        new StepError('TIMEOUT', node.id, failureMessage('TIMEOUT', null, nodeTimeoutMs)),
      );
      return 'stopped';
    }
    // Nodes that only compute finish in microseconds: a timer and a linked signal per such node would cost more
    // than the node itself, so only nodes that wait on the outside world get a deadline.
    const computeOnly = handler?.computeOnly === true;
    const timeout = nodeTimeoutMs && !computeOnly ? AbortSignal.timeout(nodeTimeoutMs) : undefined;
    // A compute-only node runs to its end in one go, so nothing could stop it midway: it needs no signal of the run.
    const signal = computeOnly
      ? NEVER_ABORTED
      : timeout
        ? AbortSignal.any([this.nodeSignal, timeout])
        : this.nodeSignal;
    this.tracker.start(node.id);
    try {
      if (!handler) throw new Error(`no handler for node type "${node.type}"`);
      const work = handler.run({
        node,
        inputs: collectInputs(this.shape.incoming.get(node.id) ?? [], this.produced),
        runInputs: this.options.inputs,
        signal,
        // Compute-only handlers talk to no provider: they share one inert set of reporting services.
        services: computeOnly ? COMPUTE_ONLY_SERVICES : this.servicesFor(node.id),
        executionId: this.options.executionId,
      });
      const outputs = (computeOnly ? await work : await raceAbort(work, signal)) ?? {};
      this.assertWithinLimits(node, outputs);
      this.produced.set(node.id, outputs);
      this.progress.outputs[node.id] = outputs;
      delete this.progress.submissions[node.id];
      this.tracker.complete(node.id);
      return 'done';
    } catch (err) {
      if (err instanceof NodeSuspended && !signal.aborted) {
        this.retryAfterMs = Math.min(this.retryAfterMs ?? err.retryAfterMs, err.retryAfterMs);
        return 'waiting';
      }
      this.recordFailure(node.id, err, timeout);
      return 'stopped';
    }
  }

  /** The signal handed to nodes that wait on the outside world: made when the first such node starts. */
  private get nodeSignal(): AbortSignal {
    if (!this.haltController) {
      this.haltController = new AbortController();
      if (this.haltedBy) this.haltController.abort(this.haltedBy.reason);
    }
    return this.haltController.signal;
  }

  /** Stops the run's nodes: the first reason stands. */
  private halt(reason: unknown): void {
    if (this.haltedBy) return;
    this.haltedBy = { reason };
    this.haltController?.abort(reason);
  }

  private servicesFor(nodeId: string): StepReporter {
    return {
      reportProviderRequestId: (id) => this.tracker.reportProviderRequestId(nodeId, id),
      reportUsage: (usage) => this.tracker.reportUsage(nodeId, usage),
      priorSubmission: () => this.progress.submissions[nodeId],
      reportSubmission: (submission) => {
        this.progress.submissions[nodeId] = submission;
        this.tracker.reportProviderRequestId(nodeId, submission.providerRequestId);
      },
    };
  }

  /** Nodes left waiting on a provider when the run stops (a cancel, a failure elsewhere) stop with it. */
  private cancelWaiting(): void {
    for (const step of this.tracker.steps)
      if (step.status === 'running' || step.status === 'pending') this.tracker.cancel(step.nodeId);
    this.retryAfterMs = undefined;
  }

  /**
   * The output limits of API.md §5, for whatever a handler could not bound while building (a provider's text,
   * parsed JSON) and for the result, which grows with each response-output. Measuring stops past the limit.
   */
  private assertWithinLimits(node: WorkflowNode, outputs: NodeOutputs): void {
    const { maxNodeOutputBytes, maxResultBytes } = this.limits;
    let nodeBytes = 0;
    for (const value of Object.values(outputs)) {
      nodeBytes += outputBytes(value, maxNodeOutputBytes - nodeBytes);
      if (nodeBytes > maxNodeOutputBytes) throw nodeOutputTooLarge(maxNodeOutputBytes);
    }
    if (node.type !== 'response-output') return;
    this.resultBytes += jsonBytes(outputs.value ?? '', maxResultBytes - this.resultBytes);
    if (this.resultBytes > maxResultBytes) throw resultTooLarge(maxResultBytes);
  }

  private recordFailure(nodeId: string, err: unknown, timeout?: AbortSignal): void {
    const code = failureCode(err, {
      run: this.options.signal,
      halted: { aborted: this.haltedBy !== undefined },
      timeout,
    });
    if (code === 'SIBLING_FAILED' || code === 'CANCELLED') {
      this.tracker.cancel(nodeId);
      if (code === 'CANCELLED') this.failure ??= new StepError(code, nodeId, failureMessage(code, err));
      return;
    }
    const message = failureMessage(code, err, this.options.nodeTimeoutMs);
    this.tracker.fail(nodeId, code, message);
    this.failure ??= new StepError(code, nodeId, message);
    this.halt(this.failure);
  }

  /** A failure, or a cancel that landed between nodes (no node saw it in flight, yet some never ran). */
  private throwIfStopped(): void {
    const unfinished =
      this.retryAfterMs === undefined &&
      this.tracker.steps.some((step) => this.shape.willRun.has(step.nodeId) && step.status !== 'completed');
    const failure =
      this.failure ??
      (unfinished ? new StepError('CANCELLED', null, failureMessage('CANCELLED', null)) : undefined);
    if (!failure) return;
    failure.steps = this.tracker.steps;
    throw failure;
  }

  private outcome(): WorkflowRunOutcome {
    const { outputNodes } = this.shape;
    const { steps } = this.tracker;
    if (this.retryAfterMs !== undefined)
      return {
        result: undefined,
        steps,
        outputs: {},
        progress: this.progress,
        suspended: { retryAfterMs: this.retryAfterMs },
      };
    const outputs = shapeOutputs(outputNodes, (id) => this.produced.get(id)?.value);
    return { result: shapeResult(outputNodes, outputs), steps, outputs, progress: this.progress };
  }
}
