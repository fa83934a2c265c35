// The one way the app talks to the gateway: JSON in and out, the contract's error shape as ApiError, the bearer
// token from the TokenStore, and the refresh cookie used silently before expiry and once after a 401.
import { TokenStore } from './tokenStore';

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/** What to show of any failure: the API's message, or the error's text. */
export function errorMessage(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

export interface User {
  id: string;
  username: string;
  email?: string;
  roles?: string[];
}
interface TokenReply {
  accessToken: string;
  expiresIn: number;
  user: User;
}

/** Where the "signed in before" hint lives: not a secret, just whether a refresh cookie may exist. */
export interface Hint {
  get(): boolean;
  set(on: boolean): void;
}

const storageHint: Hint = {
  get: () => {
    try {
      return globalThis.localStorage?.getItem('millrace.signedIn') === '1';
    } catch {
      return false;
    }
  },
  set: (on) => {
    try {
      if (on) {
        localStorage.setItem('millrace.signedIn', '1');
      } else {
        localStorage.removeItem('millrace.signedIn');
      }
    } catch {
      /* private mode */
    }
  },
};

type Fetch = (input: string, init?: RequestInit) => Promise<Response>;
type Timers = { set: (fn: () => void, ms: number) => unknown; clear: (handle: unknown) => void };

const realTimers: Timers = {
  set: (fn, ms) => setTimeout(fn, ms),
  clear: (h) => clearTimeout(h as ReturnType<typeof setTimeout>),
};

export class ApiClient {
  user: User | null = null;
  private refreshing: Promise<boolean> | null = null;
  private timer: unknown = null;

  constructor(
    readonly tokens: TokenStore,
    private readonly fetcher: Fetch = (i, r) => fetch(i, r),
    private readonly timers: Timers = realTimers,
    private readonly hint: Hint = storageHint,
  ) {}

  /** Whether a silent sign-in through the refresh cookie is worth trying at start-up. */
  maySignInSilently(): boolean {
    return this.hint.get();
  }

  async request<T>(method: string, path: string, body?: unknown): Promise<T> {
    const response = await this.send(method, path, body);
    if (response.status === 401 && this.tokens.get() !== null && !path.startsWith('/api/auth/')) {
      if (await this.refresh()) return this.parse<T>(await this.send(method, path, body));
    }
    return this.parse<T>(response);
  }

  get<T>(path: string): Promise<T> {
    return this.request<T>('GET', path);
  }

  async login(login: string, password: string): Promise<User> {
    const reply = await this.request<TokenReply>('POST', '/api/auth/login', { login, password });
    this.accept(reply);
    return reply.user;
  }

  async register(username: string, email: string, password: string): Promise<User> {
    await this.request('POST', '/api/auth/register', { username, email, password });
    return this.login(username, password);
  }

  async logout(): Promise<void> {
    try {
      await this.request('POST', '/api/auth/logout', {});
    } finally {
      this.forget();
    }
  }

  /** Exchanges the refresh cookie for a new pair; false (and signed out) when it is gone or spent. */
  refresh(): Promise<boolean> {
    if (!this.refreshing) {
      this.refreshing = this.send('POST', '/api/auth/refresh', {})
        .then(
          async (r) => {
            if (!r.ok) {
              this.forget();
              return false;
            }
            this.accept((await r.json()) as TokenReply);
            return true;
          },
          () => false,
        )
        .finally(() => {
          this.refreshing = null;
        });
    }
    return this.refreshing;
  }

  private accept(reply: TokenReply): void {
    this.user = reply.user;
    this.hint.set(true);
    this.tokens.set(reply.accessToken, reply.expiresIn);
    this.schedule();
  }

  private forget(): void {
    this.user = null;
    this.hint.set(false);
    this.tokens.clear();
    if (this.timer !== null) this.timers.clear(this.timer);
    this.timer = null;
  }

  private schedule(): void {
    if (this.timer !== null) this.timers.clear(this.timer);
    const delay = this.tokens.refreshDelay();
    this.timer =
      delay === null
        ? null
        : this.timers.set(() => {
            void this.refresh();
          }, delay);
  }

  private send(method: string, path: string, body?: unknown): Promise<Response> {
    const headers: Record<string, string> = { Accept: 'application/json' };
    const token = this.tokens.get();
    if (token) headers.Authorization = `Bearer ${token}`;
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    return this.fetcher(path, {
      method,
      headers,
      credentials: 'same-origin',
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  }

  private async parse<T>(response: Response): Promise<T> {
    if (response.status === 204) return undefined as T;
    const text = await response.text();
    const json = text ? JSON.parse(text) : undefined;
    if (!response.ok) {
      const error = json?.error ?? {};
      throw new ApiError(response.status, error.code ?? 'error', error.message ?? `HTTP ${response.status}`);
    }
    return json as T;
  }
}

export const api = new ApiClient(new TokenStore());
