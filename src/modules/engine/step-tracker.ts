/**
 * Owns the StepRecords of one run: status transitions, timings, and delivery of each change to the listener.
 * Deliveries go out one at a time in order and never block a node; the runner awaits them before it returns.
 */
import { isoNow } from '../../common/time/iso-clock';
import type { WorkflowNode } from '../workflows/workflow.types';
import type { ProviderUsage } from '../providers/provider.types';
import type { StepChangeListener, StepRecord, StepStatus } from './engine.types';

export class StepTracker {
  readonly steps: StepRecord[];
  private readonly byId = new Map<string, StepRecord>();
  private readonly startedAtMs = new Map<string, number>();
  private delivery: Promise<void> = Promise.resolve();
  private deliveryError: unknown;

  constructor(
    nodes: WorkflowNode[],
    willRun: ReadonlySet<string>,
    private readonly listener?: StepChangeListener,
    /** The steps of an earlier pass of the same run, when it is being resumed. */
    prior?: StepRecord[],
  ) {
    const before = new Map(prior?.map((step) => [step.nodeId, step]));
    this.steps = nodes.map((node) => {
      const earlier = before.get(node.id);
      if (earlier) {
        const step = { ...earlier };
        this.byId.set(node.id, step);
        return step;
      }
      const step: StepRecord = {
        nodeId: node.id,
        type: node.type,
        status: willRun.has(node.id) ? 'pending' : 'skipped',
        cost: 0,
        grant: false,
      };
      if (node.type === 'model' && typeof node.data?.model === 'string') step.model = node.data.model;
      this.byId.set(node.id, step);
      return step;
    });
    for (const step of this.steps) this.deliver(step);
  }

  /** When the node first started (epoch ms), across passes; undefined when it has not started. */
  startedAtOf(nodeId: string): number | undefined {
    const startedAt = this.step(nodeId).startedAt;
    return startedAt === undefined ? undefined : Date.parse(startedAt);
  }

  start(nodeId: string): void {
    const step = this.step(nodeId);
    if (step.status === 'running' && step.startedAt) return; // resumed: it keeps its first start
    step.status = 'running';
    step.startedAt = isoNow();
    this.startedAtMs.set(nodeId, performance.now());
    this.deliver(step);
  }

  complete(nodeId: string): void {
    this.finish(nodeId, 'completed');
  }

  /** A node an earlier pass finished: its step says so, whatever was stored of it. */
  ensureCompleted(nodeId: string): void {
    if (this.step(nodeId).status !== 'completed') this.finish(nodeId, 'completed');
  }

  fail(nodeId: string, code: string, message: string): void {
    this.finish(nodeId, 'failed', { code, message });
  }

  /** A node that never started keeps no timings; one stopped mid-flight keeps how long it ran. */
  cancel(nodeId: string): void {
    this.finish(nodeId, 'cancelled');
  }

  reportProviderRequestId(nodeId: string, providerRequestId: string): void {
    const step = this.step(nodeId);
    if (step.providerRequestId === providerRequestId) return;
    step.providerRequestId = providerRequestId;
    this.deliver(step);
  }

  reportUsage(nodeId: string, usage: ProviderUsage): void {
    const reported = Object.fromEntries(
      Object.entries(usage).filter(([, value]) => typeof value === 'number'),
    ) as ProviderUsage;
    if (Object.keys(reported).length === 0) return;
    this.step(nodeId).usage = reported;
    this.deliver(this.step(nodeId));
  }

  /** Waits for every delivery; the first listener error, if any, is returned rather than lost. */
  async flush(): Promise<unknown> {
    await this.delivery;
    return this.deliveryError;
  }

  private finish(nodeId: string, status: StepStatus, error?: StepRecord['error']): void {
    const step = this.step(nodeId);
    step.status = status;
    if (error) step.error = error;
    const startedMs = this.startedAtMs.get(nodeId);
    if (startedMs !== undefined) {
      step.completedAt = isoNow();
      step.durationMs = Math.round(performance.now() - startedMs);
    } else if (step.startedAt) {
      // Started in an earlier pass (perhaps another process): wall clock is all there is.
      step.completedAt = isoNow();
      step.durationMs = Date.now() - Date.parse(step.startedAt);
    }
    this.deliver(step);
  }

  private step(nodeId: string): StepRecord {
    const step = this.byId.get(nodeId);
    if (!step) throw new Error(`unknown step "${nodeId}"`);
    return step;
  }

  /** The listener gets a copy: by the time a queued delivery runs, the live record may have moved on. */
  private deliver(step: StepRecord): void {
    const listener = this.listener;
    if (!listener) return;
    const snapshot: StepRecord = {
      ...step,
      error: step.error && { ...step.error },
      usage: step.usage && { ...step.usage },
    };
    if (!snapshot.usage) delete snapshot.usage;
    if (!snapshot.error) delete snapshot.error;
    this.delivery = this.delivery
      .then(() => listener(snapshot))
      .catch((err: unknown) => {
        this.deliveryError ??= err;
      });
  }
}
