/** The workflow document model of API.md §5. Plain data: persisted as JSON, validated by graph/validate-workflow. */

export const FIELD_TYPES = [
  'text',
  'textarea',
  'number',
  'slider',
  'pills',
  'toggle',
  'image',
  'video',
  'audio',
  'json',
] as const;
export type FieldType = (typeof FIELD_TYPES)[number];

/** A Request Input field: one key of a run's `inputs`. */
export interface Field {
  name: string;
  type: FieldType;
  label?: string;
  description?: string;
  required?: boolean;
  default?: unknown;
  min?: number;
  max?: number;
  step?: number;
  options?: Array<string | number>;
  maxLength?: number;
}

export const NODE_TYPES = [
  'request-input',
  'model',
  'template',
  'image-transform',
  'http-request',
  'response-output',
] as const;
export type NodeType = (typeof NODE_TYPES)[number];

export const OUTPUT_TYPES = ['text', 'image', 'video', 'audio', 'json'] as const;
export type OutputType = (typeof OUTPUT_TYPES)[number];

export interface WorkflowNode {
  id: string;
  type: NodeType;
  position?: { x: number; y: number };
  data: Record<string, unknown>;
}

export interface WorkflowEdge {
  id: string;
  source: string;
  sourceHandle: string;
  target: string;
  targetHandle: string;
}

export interface WorkflowGraph {
  nodes: WorkflowNode[];
  edges: WorkflowEdge[];
}

/** One problem found in a document or in run inputs: `path` is a JSON-ish path such as `nodes[2].data.model`. */
export interface ValidationDetail {
  path: string;
  message: string;
}
