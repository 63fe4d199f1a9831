/**
 * An undici Agent whose DNS lookup refuses forbidden addresses at connect time. Checking here, on the very
 * addresses the socket is about to use, is what makes DNS rebinding useless: there is no second resolution.
 */
import { lookup as dnsLookup, LookupAddress, LookupOptions } from 'node:dns';
import { Agent } from 'undici';
import { isForbiddenAddress } from './ip-policy';

/** Raised inside the lookup hook; safeFetch finds it in the error's cause chain to say why. */
export class ForbiddenAddressError extends Error {
  constructor(readonly host: string) {
    super(`host ${host} resolves to a private or reserved address`);
    this.name = 'ForbiddenAddressError';
  }
}

type LookupCallback = (
  err: NodeJS.ErrnoException | null,
  address: string | LookupAddress[],
  family?: number,
) => void;

/** Same contract as dns.lookup: net.connect asks for `all` when it races address families. */
export function guardedLookup(hostname: string, options: LookupOptions, callback: LookupCallback): void {
  dnsLookup(hostname, { ...options, all: true }, (err, addresses) => {
    if (err) return callback(err, options.all ? [] : '');
    // Refuse the whole host if any answer is forbidden, matching the save-time rule.
    if (addresses.length === 0 || addresses.some((a) => isForbiddenAddress(a.address))) {
      return callback(new ForbiddenAddressError(hostname), options.all ? [] : '');
    }
    if (options.all) return callback(null, addresses);
    callback(null, addresses[0].address, addresses[0].family);
  });
}

let guarded: Agent | undefined;
let open: Agent | undefined;

/** One shared agent per policy flavour so connections are pooled across calls. */
export function agentFor(allowPrivate: boolean): Agent {
  if (allowPrivate) return (open ??= new Agent());
  return (guarded ??= new Agent({ connect: { lookup: guardedLookup } }));
}
