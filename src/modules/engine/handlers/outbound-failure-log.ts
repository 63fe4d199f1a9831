/**
 * A refused or failed outbound request reaches the caller as a neutral message (API.md §9); what it hides (which
 * name resolved where, TLS internals) is logged here instead, with the execution and node it happened in.
 */
import { Logger } from '@nestjs/common';
import { TargetRefusedError } from '../../../common/net/net.types';
import type { NodeContext } from '../engine.types';

const logger = new Logger('OutboundRequests');

export function logOutboundFailure(ctx: Pick<NodeContext, 'node' | 'executionId'>, err: unknown): void {
  if (!(err instanceof TargetRefusedError) || err.detail === err.message) return;
  logger.warn(`execution ${ctx.executionId ?? '(none)'} node ${ctx.node.id}: ${err.detail}`);
}
