/** The engine's vocabulary: what a node handler sees, what it returns, and the record kept per step (API.md §8). */
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
  error?: { code: string; message: string };
}

export type StepChangeListener = (step: StepRecord) => void | Promise<void>;
