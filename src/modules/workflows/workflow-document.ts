import { ModelRegistry } from '../models/model-registry';
import { WorkflowBodyDto } from './dto/workflow.dto';
import { isValidSlug } from './graph/slug';
import type { MediaInputPolicy } from './graph/media-url';
import { validateWorkflowGraph } from './graph/validate-workflow';
import type { Field, WorkflowGraph } from './workflow.types';
import { invalidWorkflow } from './workflows.errors';
import { DomainError } from '../../common/errors/domain-error';

/** A validated document, ready to store. */
export interface CheckedWorkflow {
  graph: WorkflowGraph;
  fields: Field[];
}

/**
 * Runs every §5 rule and returns the graph and its Request Input fields; 400 INVALID_WORKFLOW otherwise.
 * `media` is the server's rule for media URLs in field defaults.
 */
export function checkWorkflowDocument(
  body: WorkflowBodyDto,
  registry: ModelRegistry,
  media?: MediaInputPolicy,
): CheckedWorkflow {
  const details = validateWorkflowGraph(body, (id) => registry.get(id), media);
  if (details.length > 0) throw invalidWorkflow(details);
  const graph = { nodes: body.nodes, edges: body.edges } as WorkflowGraph;
  return { graph, fields: requestInputFields(graph) };
}

export function requestInputFields(graph: WorkflowGraph): Field[] {
  const input = graph.nodes.find((node) => node.type === 'request-input');
  return (input?.data.fields as Field[] | undefined) ?? [];
}

export function assertSlugFormat(slug: string): void {
  if (!isValidSlug(slug)) {
    throw new DomainError(
      'INVALID_SLUG',
      `"${slug}" is not a valid slug: lowercase letters, digits and single hyphens, 1-64 chars.`,
    );
  }
}
