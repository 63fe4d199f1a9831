import { Injectable, Logger } from '@nestjs/common';
import { Transactor } from '../../../database/transactor';
import {
  isPaidFor,
  RunBillingService,
  SettledNode,
  settlementOf,
} from '../../billing/runs/run-billing.service';
import { settledCredits } from '../../billing/pricing/usage-pricing';
import type { StepRecord } from '../../engine/engine.types';
import { ProviderRegistry } from '../../providers/provider-registry';
import { ModelRegistry } from '../../models/model-registry';
import { WebhookDeliveries } from '../../webhooks/webhook-deliveries.service';
import { ExecutionEntity } from '../entities/execution.entity';
import { ExecutionEnd, ExecutionRecords } from '../execution-records';
import { ExecutionLeases } from '../leases/execution-leases';
import { RunEnd } from './run-pass';

/**
 * Closes an execution: the terminal status, the steps with their cost and grant, and billing (charge the nodes that
 * count, refund the rest) in one transaction, conditional on the execution still being open, so it is settled
 * exactly once whichever process gets there first (the runner, a cancel, a sweep).
 */
@Injectable()
export class ExecutionSettlement {
  private readonly logger = new Logger('ExecutionSettlement');

  constructor(
    private readonly transactor: Transactor,
    private readonly billing: RunBillingService,
    private readonly records: ExecutionRecords,
    private readonly leases: ExecutionLeases,
    private readonly models: ModelRegistry,
    private readonly providers: ProviderRegistry,
    private readonly deliveries: WebhookDeliveries,
  ) {}

  /**
   * The closed execution, or null when another process had closed it already (its outcome stands, and `execution`
   * is left as it was). `deliver`: the
   * caller was not answered with the outcome (an async run, or a sync run answered 202), so the key's webhook is.
   */
  async close(execution: ExecutionEntity, end: RunEnd, deliver: boolean): Promise<ExecutionEntity | null> {
    const nodes = this.settledNodes(execution, end);
    const changes = this.closing(execution, end, nodes);
    const settlement = {
      accountId: execution.accountId,
      executionId: execution.id,
      reserved: execution.reserved,
      nodes,
    };
    const closed: ExecutionEntity = { ...execution, ...changes };
    let deliveryId: string | null = null;
    const settled =
      execution.reserved === 0 && !nodes.some((node) => node.grant) && !(deliver && execution.webhookUrl)
        ? await this.records.finish(execution.id, changes) // nothing to settle or deliver: one statement
        : await this.transactor.run(async (manager) => {
            if (!(await this.records.finish(execution.id, changes, manager))) return false;
            if (settlement.reserved > 0 || nodes.some((node) => node.grant))
              await this.billing.settle(manager, settlement);
            // The event is recorded with the settlement: an ended execution's delivery cannot be lost.
            if (deliver) deliveryId = await this.deliveries.recordForExecution(closed, manager);
            return true;
          });
    this.leases.forget(execution.id);
    if (deliveryId) await this.deliveries.schedule(deliveryId);
    if (!settled) {
      this.logger.warn(
        `execution ${execution.id} was already settled elsewhere; its ${end.status} outcome is dropped`,
      );
      return null;
    }
    if (end.status === 'cancelled') await this.cancelAtProviders(execution);
    return Object.assign(execution, changes);
  }

  /**
   * Closes a free run that was never recorded open (see RunExecutor.executeThenRecord): recorded as a closed run
   * reads, with no lease, nothing due and no progress (what closing an open one clears).
   */
  closedCopy(execution: ExecutionEntity, end: RunEnd): ExecutionEntity {
    return Object.assign(execution, this.closing(execution, end, this.settledNodes(execution, end)), {
      leaseOwner: null,
      leaseExpiresAt: null,
      nextRunAt: null,
      progress: null,
    });
  }

  /** Work a provider accepted for a cancelled run is stopped there too, where the provider has such a call. */
  private async cancelAtProviders(execution: ExecutionEntity): Promise<void> {
    for (const [nodeId, submission] of Object.entries(execution.progress?.submissions ?? {})) {
      const node = execution.plan.graph.nodes.find((candidate) => candidate.id === nodeId);
      const entry = node ? this.models.get(String(node.data.model)) : undefined;
      const provider = entry ? this.providers.get(entry.provider) : undefined;
      await provider
        ?.cancel?.(submission, entry!)
        .catch((error: Error) =>
          this.logger.warn(`provider cancel of ${submission.providerRequestId} failed: ${error.message}`),
        );
    }
  }

  /** The columns that close an execution. */
  private closing(execution: ExecutionEntity, end: RunEnd, nodes: SettledNode[]): ExecutionEnd {
    const { charged, refunded } = settlementOf(execution.reserved, nodes);
    const completedAt = new Date();
    return {
      status: end.status,
      result: end.result,
      error: end.error,
      steps: end.steps,
      charged,
      refunded,
      completedAt,
      ms: completedAt.getTime() - execution.receivedAt.getTime(),
    };
  }

  /**
   * Marks each model step with its cost and grant, and tells billing which paid nodes count: the completed ones of
   * a completed or cancelled run; none of a failed run (API.md §7-8: a failed run is charged nothing).
   */
  private settledNodes(execution: ExecutionEntity, end: RunEnd): SettledNode[] {
    const byNode = new Map<string, StepRecord>(end.steps.map((step) => [step.nodeId, step]));
    return execution.plan.quote.map((quote) => {
      const step = byNode.get(quote.nodeId);
      const completed = isPaidFor(end.status, step?.status);
      // Token-priced models are charged by the usage their provider reported, up to what was reserved.
      const credits = settledCredits(quote, step?.usage);
      if (step) {
        step.model = quote.model;
        step.grant = quote.grant;
        step.cost = completed && !quote.grant ? credits : 0;
      }
      return { ...quote, credits, completed };
    });
  }
}
