/** Dispatches a node's `data` to the validator of its type; the small types are checked right here. */
import { OUTPUT_TYPES, type NodeType, type ValidationDetail } from '../workflow.types';
import { detail, describeType } from './validation-detail';
import type { LookupModel } from './node-handles';
import type { MediaInputPolicy } from './media-url';
import { isString, oneOf } from './value-rules';
import { validateRequestInputData } from './validate-fields';
import { validateModelNodeData } from './validate-model-node';
import { validateImageTransformData } from './validate-image-ops';
import { validateHttpRequestData } from './validate-http-node';

export function validateNodeData(
  type: NodeType,
  data: Record<string, unknown>,
  path: string,
  lookupModel: LookupModel,
  media?: MediaInputPolicy,
): ValidationDetail[] {
  switch (type) {
    case 'request-input':
      return validateRequestInputData(data, path, media);
    case 'model':
      return validateModelNodeData(data, path, lookupModel);
    case 'template':
      return typeof data.template === 'string'
        ? []
        : [detail(`${path}.template`, `must be a string, got ${describeType(data.template)}`)];
    case 'image-transform':
      return validateImageTransformData(data, path);
    case 'http-request':
      return validateHttpRequestData(data, path);
    case 'response-output':
      return validateResponseOutputData(data, path);
  }
}

function validateResponseOutputData(data: Record<string, unknown>, path: string): ValidationDetail[] {
  const details: ValidationDetail[] = [];
  const typeProblem = oneOf(OUTPUT_TYPES)(data.type);
  if (typeProblem) details.push(detail(`${path}.type`, typeProblem));
  const nameProblem = data.name === undefined ? undefined : isString(data.name);
  if (nameProblem) details.push(detail(`${path}.name`, nameProblem));
  return details;
}
