import type { AppConfig } from '../../config/app-config';
import type { TargetPolicy } from './net.types';

/** The URL rules of API.md §9 as configured: ALLOW_PRIVATE_TARGETS and ALLOW_HTTP_TARGETS. */
export function targetPolicyOf(
  config: Pick<AppConfig, 'allowPrivateTargets' | 'allowHttpTargets'>,
): TargetPolicy {
  return { allowPrivate: config.allowPrivateTargets, allowHttp: config.allowHttpTargets };
}
