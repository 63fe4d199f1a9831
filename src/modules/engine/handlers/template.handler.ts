/** `template`: fills `{{name}}` placeholders from the connected handles → `{ text }`. */
import { DEFAULT_OUTPUT_LIMITS } from '../../../config/output-limits';
import { renderedByteLength, renderTemplate } from '../../workflows/graph/placeholders';
import type { NodeContext, NodeHandler, NodeOutputs } from '../engine.types';
import { nodeOutputTooLarge } from '../output-size';
import { placeholderValues } from './placeholder-values';

export class TemplateHandler implements NodeHandler {
  readonly type = 'template' as const;
  readonly computeOnly = true;

  constructor(private readonly maxOutputBytes = DEFAULT_OUTPUT_LIMITS.maxNodeOutputBytes) {}

  async run({ node, inputs }: NodeContext): Promise<NodeOutputs> {
    const template = typeof node.data.template === 'string' ? node.data.template : '';
    const values = placeholderValues(inputs);
    // Measured before it is built: a placeholder repeated 100,000 times is refused without ever holding its text.
    if (renderedByteLength(template, values, this.maxOutputBytes) > this.maxOutputBytes) {
      throw nodeOutputTooLarge(this.maxOutputBytes);
    }
    return { text: renderTemplate(template, values) };
  }
}
