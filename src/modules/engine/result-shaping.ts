/** Turns response-output values into the `result` shapes of API.md §5. Pure. */
import type { OutputType, WorkflowNode } from '../workflows/workflow.types';
import { mediaUrls } from './media-values';

const MEDIA_RESULT_KEY = { image: 'images', video: 'videos', audio: 'audios' } as const;

export function shapeOutputValue(type: OutputType, value: unknown): unknown {
  switch (type) {
    case 'text':
      if (typeof value === 'string') return value;
      return value === undefined ? '' : JSON.stringify(value);
    case 'image':
    case 'video':
    case 'audio':
      return { [MEDIA_RESULT_KEY[type]]: mediaUrls(value) };
    case 'json':
    default:
      return value;
  }
}

/** The key of an output in a several-output result: its `data.name`, else its node id. */
export function outputName(node: WorkflowNode): string {
  const name = node.data?.name;
  return typeof name === 'string' && name !== '' ? name : node.id;
}

/** Shaped values keyed by output name. */
export function shapeOutputs(
  outputNodes: WorkflowNode[],
  valueOf: (nodeId: string) => unknown,
): Record<string, unknown> {
  const shaped: Record<string, unknown> = {};
  for (const node of outputNodes) {
    shaped[outputName(node)] = shapeOutputValue(node.data?.type as OutputType, valueOf(node.id));
  }
  return shaped;
}

/** One output: its value alone. Several: the object keyed by name. */
export function shapeResult(outputNodes: WorkflowNode[], shaped: Record<string, unknown>): unknown {
  return outputNodes.length === 1 ? shaped[outputName(outputNodes[0])] : shaped;
}
