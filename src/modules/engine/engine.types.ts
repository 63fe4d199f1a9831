/** The engine's vocabulary: what a node handler sees, what it returns, and the record kept per step (API.md §8). */
import type { ProviderUsage, SubmissionRecord } from '../providers/provider.types';
import type { NodeType, WorkflowNode } from '../workflows/workflow.types';

export { StepError } from './step-error';
export type { StepErrorCode } from './step-error';

/** Output handle name → value. Edges read values from here by `sourceHandle`. */
export type NodeOutputs = Record<string, unknown>;

export interface NodeContext {
  node: WorkflowNode;
  /** Values arriving over connected edges, keyed by the target handle. */
  inputs: Record<string, unknown>;
  /** The run's `inputs`, already validated and defaulted by the caller. */
  runInputs: Record<string, unknown>;
  /** Aborts on run cancellation, a sibling's failure or this node's timeout. Handlers pass it to every I/O call. */
  signal: AbortSignal;
  /** Step bookkeeping a handler can contribute to. */
  services: StepReporter;
  /** The execution this run belongs to, when there is one: named in the log lines handlers write. */
  executionId?: string;
}

export interface StepReporter {
  /** Recorded on the step as soon as the provider accepts the work, so a cancel or a crash can still name it. */
  reportProviderRequestId(id: string): void;
  /** What the provider reports it used (tokens, images, seconds), recorded on the step. */
  reportUsage(usage: ProviderUsage): void;
  /** The provider submission this node made in an earlier pass of the same run (it is being resumed), if any. */
  priorSubmission(): SubmissionRecord | undefined;
  /** Keeps a new submission with the run's progress, so a later pass, in any process, polls it instead of resubmitting. */
  reportSubmission(submission: SubmissionRecord): void;
}

/**
 * Thrown by a handler whose work goes on outside (a provider still running): the node stays `running`, nodes after
 * it wait, and the pass ends `suspended`; a later pass (a timer, or a delayed queue job) resumes the run.
 */
export class NodeSuspended extends Error {
  constructor(readonly retryAfterMs: number) {
    super('the node waits on its provider');
    this.name = 'NodeSuspended';
  }
}

/** What a run keeps between passes: the outputs of finished nodes and the provider submissions in flight. */
export interface RunProgress {
  outputs: Record<string, NodeOutputs>;
  submissions: Record<string, SubmissionRecord>;
}

export interface NodeHandler {
  readonly type: NodeType;
  /**
   * True for handlers that do no I/O and finish at once: the runner gives them no deadline timer and no abort
   * race (those would cost more than the node itself).
   */
  readonly computeOnly?: boolean;
  run(ctx: NodeContext): Promise<NodeOutputs>;
}

export type NodeHandlers = Map<NodeType, NodeHandler>;

export type StepStatus = 'pending' | 'running' | 'completed' | 'failed' | 'skipped' | 'cancelled';

/** One node's step. Plain and mutable: billing fills `cost` and `grant` after the run. */
export interface StepRecord {
  nodeId: string;
  type: NodeType;
  model?: string;
  status: StepStatus;
  startedAt?: string;
  completedAt?: string;
  durationMs?: number;
  cost: number;
  grant: boolean;
  providerRequestId?: string;
  usage?: ProviderUsage;
  error?: { code: string; message: string };
}

export type StepChangeListener = (step: StepRecord) => void | Promise<void>;
