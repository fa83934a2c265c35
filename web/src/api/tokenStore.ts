// The access token lives in memory only (never localStorage): a page reload gets a new one through the HttpOnly
// refresh cookie. The store says when to refresh silently: a minute before expiry, or halfway for short tokens.

export interface AccessToken {
  token: string;
  expiresAt: number; // epoch ms
}

const EARLY_MS = 60_000;

export class TokenStore {
  private current: AccessToken | null = null;
  private readonly listeners = new Set<(token: AccessToken | null) => void>();

  set(token: string, expiresInSeconds: number, now: number = Date.now()): void {
    this.current = { token, expiresAt: now + expiresInSeconds * 1000 };
    this.listeners.forEach((l) => l(this.current));
  }

  clear(): void {
    this.current = null;
    this.listeners.forEach((l) => l(null));
  }

  /** The token, unless it has expired. */
  get(now: number = Date.now()): string | null {
    return this.current && this.current.expiresAt > now ? this.current.token : null;
  }

  /** Milliseconds until a silent refresh is due, or null when there is no token. */
  refreshDelay(now: number = Date.now()): number | null {
    if (!this.current) return null;
    const left = this.current.expiresAt - now;
    return Math.max(0, left > 2 * EARLY_MS ? left - EARLY_MS : left / 2);
  }

  subscribe(listener: (token: AccessToken | null) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
