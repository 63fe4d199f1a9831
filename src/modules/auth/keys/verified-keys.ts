import type { LookupChange } from '../../../database/lookup-changes';
import type { Principal } from '../principal';

interface VerifiedKey {
  principal: Principal;
  /** When the key stops being valid (ms since the epoch), or null when it never expires. */
  expiresAt: number | null;
}

/**
 * Keys verified recently, by their hash: the principal they stand for, until the key expires or a change drops it.
 * Only valid keys are kept (an unknown key costs its caller a lookup every time, never memory), at most `capacity`
 * of them; the oldest verified goes first.
 */
export class VerifiedKeys {
  private readonly byHash = new Map<string, VerifiedKey>();

  constructor(private readonly capacity: number) {}

  /** Whether a key is held (tests: the cache is really in use). */
  holdsKey(keyId: string): boolean {
    for (const { principal } of this.byHash.values()) if (principal.keyId === keyId) return true;
    return false;
  }

  get(hash: string, now: number): Principal | undefined {
    const entry = this.byHash.get(hash);
    if (!entry) return undefined;
    if (entry.expiresAt !== null && entry.expiresAt <= now) {
      this.byHash.delete(hash);
      return undefined;
    }
    return entry.principal;
  }

  set(hash: string, principal: Principal, expiresAt: number | null): void {
    if (this.capacity === 0) return;
    if (this.byHash.size >= this.capacity) this.byHash.delete(this.byHash.keys().next().value!);
    this.byHash.set(hash, { principal, expiresAt });
  }

  /** Drops the entries a change touched (one key's, or every key of an account); null: all of them. */
  drop(change: LookupChange | null): void {
    if (change === null) return this.byHash.clear();
    if (change.kind === 'workflow') return;
    for (const [hash, { principal }] of this.byHash)
      if (change.kind === 'key' ? principal.keyId === change.keyId : principal.accountId === change.accountId)
        this.byHash.delete(hash);
  }
}
