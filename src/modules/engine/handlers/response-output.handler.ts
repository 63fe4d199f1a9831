/** `response-output`: passes `value` through; result-shaping turns it into the contract's shape. */
import type { NodeContext, NodeHandler, NodeOutputs } from '../engine.types';

export class ResponseOutputHandler implements NodeHandler {
  readonly type = 'response-output' as const;
  readonly computeOnly = true;

  async run({ inputs }: NodeContext): Promise<NodeOutputs> {
    return { value: inputs.value };
  }
}
