/** "Every input handle a node needs is connected" (API.md §5), including every placeholder of a template or request. */
import type { ValidationDetail } from '../workflow.types';
import { detail } from './validation-detail';
import { extractPlaceholders } from './placeholders';
import { placeholderSources, requiredInputHandles, type LookupModel } from './node-handles';
import type { IndexedNode } from './validate-nodes';
import type { IndexedEdge } from './validate-edges';

export function validateConnections(
  nodesById: Map<string, IndexedNode>,
  edges: IndexedEdge[],
  lookupModel: LookupModel,
): ValidationDetail[] {
  const connected = new Map<string, Set<string>>();
  for (const { edge } of edges) {
    if (!connected.has(edge.target)) connected.set(edge.target, new Set());
    connected.get(edge.target)!.add(edge.targetHandle);
  }
  const details: ValidationDetail[] = [];
  for (const { node, index } of nodesById.values()) {
    const handles = connected.get(node.id) ?? new Set<string>();
    const path = `nodes[${index}]`;
    if (node.type === 'template' || node.type === 'http-request') {
      // Name the text holding the placeholder, so the author sees where the unfilled name is.
      for (const { at, text } of placeholderSources(node)) {
        for (const name of extractPlaceholders(text)) {
          if (!handles.has(name))
            details.push(detail(`${path}.data.${at}`, `placeholder "${name}" has no connected edge`));
        }
      }
      continue;
    }
    for (const name of requiredInputHandles(node, lookupModel)) {
      if (!handles.has(name)) details.push(detail(path, `required input "${name}" is not connected`));
    }
  }
  return details;
}
