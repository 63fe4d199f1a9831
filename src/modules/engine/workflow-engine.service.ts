/** The engine as a Nest injectable: node handlers built once from the service's dependencies. */
import { Inject, Injectable } from '@nestjs/common';
import type { TargetPolicy } from '../../common/net/net.types';
import { MediaFetcher } from '../media/media-fetcher';
import { MEDIA_STORE, MediaStore } from '../media/media.types';
import { ModelRegistry } from '../models/model-registry';
import { ProviderRegistry } from '../providers/provider-registry';
import type { WorkflowGraph } from '../workflows/workflow.types';
import type { OutputLimits } from '../../config/output-limits';
import { NET_POLICY, OUTPUT_LIMITS } from './engine.tokens';
import type { NodeHandlers } from './engine.types';
import { createNodeHandlers } from './handlers/create-node-handlers';
import { isComputeOnly, RunWorkflowOptions, runWorkflow, WorkflowRunOutcome } from './workflow-runner';

export type EngineRunOptions = Pick<
  RunWorkflowOptions,
  'signal' | 'nodeTimeoutMs' | 'onStepChange' | 'resume' | 'executionId'
>;

@Injectable()
export class WorkflowEngine {
  private readonly handlers: NodeHandlers;

  constructor(
    @Inject(MEDIA_STORE) mediaStore: MediaStore,
    mediaFetcher: MediaFetcher,
    models: ModelRegistry,
    providers: ProviderRegistry,
    @Inject(NET_POLICY) netPolicy: TargetPolicy,
    @Inject(OUTPUT_LIMITS) private readonly limits: OutputLimits,
  ) {
    this.handlers = createNodeHandlers({
      mediaStore,
      mediaLoader: mediaFetcher,
      netPolicy,
      limits,
      lookupModel: (id) => models.get(id),
      lookupProvider: (id) => providers.get(id),
    });
  }

  /** Whether every node of the graph only computes (no I/O): such a run finishes at once. */
  isComputeOnly(graph: WorkflowGraph): boolean {
    return isComputeOnly(graph, this.handlers);
  }

  /** Resolves with result, steps and outputs; rejects with a StepError (code, nodeId, steps) on failure or cancel. */
  run(
    graph: WorkflowGraph,
    inputs: Record<string, unknown>,
    options: EngineRunOptions = {},
  ): Promise<WorkflowRunOutcome> {
    return runWorkflow({ graph, inputs, handlers: this.handlers, limits: this.limits, ...options });
  }
}
