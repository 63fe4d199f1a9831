/** A small valid workflow (input → template → sandbox-image → output) for specs to break one rule at a time. */
import type { WorkflowEdge, WorkflowGraph, WorkflowNode } from '../../workflow.types';

export function validWorkflow(): WorkflowGraph {
  const nodes: WorkflowNode[] = [
    {
      id: 'in',
      type: 'request-input',
      position: { x: 0, y: 0 },
      data: {
        fields: [
          { name: 'subject', type: 'text', required: true, maxLength: 200 },
          { name: 'size', type: 'slider', min: 64, max: 2048, step: 64, default: 512 },
        ],
      },
    },
    { id: 'prompt', type: 'template', data: { template: 'A photo of {{ subject }}' } },
    { id: 'image', type: 'model', data: { model: 'sandbox-image', params: { num_images: 2 } } },
    { id: 'out', type: 'response-output', data: { type: 'image', name: 'picture' } },
  ];
  const edges: WorkflowEdge[] = [
    { id: 'e1', source: 'in', sourceHandle: 'subject', target: 'prompt', targetHandle: 'subject' },
    { id: 'e2', source: 'prompt', sourceHandle: 'text', target: 'image', targetHandle: 'prompt' },
    { id: 'e3', source: 'in', sourceHandle: 'size', target: 'image', targetHandle: 'width' },
    { id: 'e4', source: 'image', sourceHandle: 'out', target: 'out', targetHandle: 'value' },
  ];
  return { nodes, edges };
}
