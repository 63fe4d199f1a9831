import { WorkflowDocumentResponse, WorkflowSummaryResponse } from './dto/workflow.response';
import { WorkflowEntity } from './entities/workflow.entity';

export function toWorkflowDocument(workflow: WorkflowEntity): WorkflowDocumentResponse {
  return {
    slug: workflow.slug,
    name: workflow.name,
    description: workflow.description,
    tags: workflow.tags,
    publicPlayground: workflow.publicPlayground,
    nodes: workflow.nodes,
    edges: workflow.edges,
    ...(workflow.viewport ? { viewport: workflow.viewport } : {}),
    version: workflow.version,
    createdBy: workflow.createdBy,
    createdAt: workflow.createdAt.toISOString(),
    updatedAt: workflow.updatedAt.toISOString(),
  };
}

export function toWorkflowSummary(
  workflow: WorkflowEntity,
  estimatedCreditCost: number | null,
): WorkflowSummaryResponse {
  const { slug, name, description, tags, publicPlayground } = workflow;
  return {
    slug,
    name,
    description,
    tags,
    publicPlayground,
    estimatedCreditCost,
    updatedAt: workflow.updatedAt.toISOString(),
  };
}
