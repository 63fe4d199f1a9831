/** A model node's `data` (API.md §5-6): a known, enabled registry id and static params the entry accepts. */
import { validateModelParams } from '../../models/model-params';
import type { ValidationDetail } from '../workflow.types';
import { detail, describeType } from './validation-detail';
import type { LookupModel } from './node-handles';

export function validateModelNodeData(
  data: Record<string, unknown>,
  path: string,
  lookupModel: LookupModel,
): ValidationDetail[] {
  if (typeof data.model !== 'string') {
    return [detail(`${path}.model`, `must be a model id string, got ${describeType(data.model)}`)];
  }
  const entry = lookupModel(data.model);
  if (!entry) return [detail(`${path}.model`, `unknown model "${data.model}"`)];
  if (!entry.enabled) return [detail(`${path}.model`, `model "${data.model}" is disabled`)];
  return data.params === undefined ? [] : validateModelParams(entry, data.params, `${path}.params`);
}
