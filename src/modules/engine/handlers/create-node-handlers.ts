/** One handler per node type of API.md §5, wired to the service's media, network and model dependencies. */
import { DEFAULT_OUTPUT_LIMITS } from '../../../config/output-limits';
import type { NodeHandler, NodeHandlers } from '../engine.types';
import { HttpRequestHandler } from './http-request.handler';
import { ImageTransformHandler } from './image-transform.handler';
import { ModelHandler } from './model.handler';
import type { NodeHandlerDeps } from './node-handler-deps';
import { RequestInputHandler } from './request-input.handler';
import { ResponseOutputHandler } from './response-output.handler';
import { TemplateHandler } from './template.handler';

export function createNodeHandlers(deps: NodeHandlerDeps): NodeHandlers {
  const limits = deps.limits ?? DEFAULT_OUTPUT_LIMITS;
  const handlers: NodeHandler[] = [
    new RequestInputHandler(),
    new TemplateHandler(limits.maxNodeOutputBytes),
    new ImageTransformHandler(deps.mediaLoader, deps.mediaStore, limits.maxMediaBytes),
    new HttpRequestHandler(deps.netPolicy, limits.maxNodeOutputBytes),
    new ModelHandler(deps),
    new ResponseOutputHandler(),
  ];
  return new Map(handlers.map((handler) => [handler.type, handler]));
}
