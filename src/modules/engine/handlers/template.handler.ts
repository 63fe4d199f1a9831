/** `template`: fills `{{name}}` placeholders from the connected handles → `{ text }`. */
import { renderTemplate } from '../../workflows/graph/placeholders';
import type { NodeContext, NodeHandler, NodeOutputs } from '../engine.types';
import { placeholderValues } from './placeholder-values';

export class TemplateHandler implements NodeHandler {
  readonly type = 'template' as const;
  readonly computeOnly = true;

  async run({ node, inputs }: NodeContext): Promise<NodeOutputs> {
    const template = typeof node.data.template === 'string' ? node.data.template : '';
    return { text: renderTemplate(template, placeholderValues(inputs)) };
  }
}
