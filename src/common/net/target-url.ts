/** The URL half of API.md §9: scheme, credentials, literal addresses, and the save-time DNS check. */
import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import { isForbiddenAddress } from './ip-policy';
import { TargetPolicy, TargetRefusedError } from './net.types';
import { TARGET_NOT_ALLOWED } from './network-failure';

/** Parses `url` and throws TargetRefusedError when its form breaks the rules (no DNS here). */
export function assertAllowedUrl(url: string, policy: TargetPolicy): URL {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new TargetRefusedError('URL is not valid');
  }
  const allowedSchemes = policy.allowHttp ? ['https:', 'http:'] : ['https:'];
  if (!allowedSchemes.includes(parsed.protocol)) {
    throw new TargetRefusedError(
      `URL scheme ${parsed.protocol.replace(/:$/, '')} is not allowed (use https)`,
    );
  }
  if (parsed.username || parsed.password) {
    throw new TargetRefusedError('URL must not contain credentials');
  }
  const host = hostOf(parsed);
  if (!host) throw new TargetRefusedError('URL has no host');
  // Node never calls the lookup hook for a literal IP, so literals are judged here.
  if (!policy.allowPrivate && isIP(host) && isForbiddenAddress(host)) {
    throw new TargetRefusedError(TARGET_NOT_ALLOWED, `URL host ${host} is a private or reserved address`);
  }
  return parsed;
}

/**
 * The save-time check (webhook URLs): the host must resolve now, and to allowed addresses only.
 * Connect time checks again (guarded lookup), so a host that changes its answers later is still refused.
 */
export async function resolveAndCheckHost(url: string, policy: TargetPolicy): Promise<URL> {
  const parsed = assertAllowedUrl(url, policy);
  const host = hostOf(parsed);
  if (isIP(host)) return parsed;
  let addresses: Array<{ address: string }>;
  try {
    addresses = await lookup(host, { all: true, verbatim: true });
  } catch {
    throw new TargetRefusedError(TARGET_NOT_ALLOWED, `URL host ${host} could not be resolved`);
  }
  // Not resolving and resolving somewhere forbidden read the same to the caller: no map of internal names.
  if (addresses.length === 0) {
    throw new TargetRefusedError(TARGET_NOT_ALLOWED, `URL host ${host} could not be resolved`);
  }
  if (!policy.allowPrivate && addresses.some((a) => isForbiddenAddress(a.address))) {
    throw new TargetRefusedError(
      TARGET_NOT_ALLOWED,
      `URL host ${host} resolves to a private or reserved address`,
    );
  }
  return parsed;
}

/** The host without IPv6 brackets. */
export function hostOf(url: URL): string {
  return url.hostname.replace(/^\[|\]$/g, '');
}
