import { describe, expect, it } from 'vitest';
import { ApiClient, ApiError } from './client';
import { TokenStore } from './tokenStore';

type Call = { path: string; method: string; auth?: string };

/** A scripted gateway: answers in order and records what the client sent. */
function gateway(answers: Array<[number, unknown]>) {
  const calls: Call[] = [];
  const fetcher = async (path: string, init?: RequestInit) => {
    const headers = (init?.headers ?? {}) as Record<string, string>;
    calls.push({ path, method: init?.method ?? 'GET', auth: headers.Authorization });
    const [status, body] = answers.shift() ?? [500, { error: { code: 'unexpected', message: path } }];
    return new Response(body === undefined ? null : JSON.stringify(body), { status });
  };
  return { calls, fetcher };
}

const manualTimers = () => {
  const pending: Array<{ fn: () => void; ms: number }> = [];
  return {
    pending,
    timers: {
      set: (fn: () => void, ms: number) => {
        const t = { fn, ms };
        pending.push(t);
        return t;
      },
      clear: (h: unknown) => {
        const i = pending.indexOf(h as never);
        if (i >= 0) pending.splice(i, 1);
      },
    },
  };
};

const pair = (token: string) => ({ accessToken: token, expiresIn: 900, user: { id: 'u1', username: 'ann' } });

describe('the API client', () => {
  it('signs in, sends the bearer token and schedules a silent refresh a minute before expiry', async () => {
    const { calls, fetcher } = gateway([
      [200, pair('t1')],
      [200, { items: [] }],
      [200, pair('t2')],
    ]);
    const { pending, timers } = manualTimers();
    const client = new ApiClient(new TokenStore(), fetcher, timers);
    await client.login('ann', 'secret-password');
    expect(pending).toHaveLength(1);
    expect(pending[0].ms).toBeGreaterThan(839_000);
    expect(pending[0].ms).toBeLessThanOrEqual(840_000);
    await client.get('/api/streams');
    expect(calls[1].auth).toBe('Bearer t1');
    pending[0].fn();
    await client.refresh();
    expect(calls[2].path).toBe('/api/auth/refresh');
    expect(client.tokens.get()).toBe('t2');
  });

  it('refreshes once after a 401 and retries the call', async () => {
    const { calls, fetcher } = gateway([
      [200, pair('old')],
      [401, { error: { code: 'unauthorized', message: 'expired' } }],
      [200, pair('new')],
      [200, { id: 'v1' }],
    ]);
    const { timers } = manualTimers();
    const client = new ApiClient(new TokenStore(), fetcher, timers);
    await client.login('ann', 'secret-password');
    const video = await client.get<{ id: string }>('/api/videos/v1');
    expect(video.id).toBe('v1');
    expect(calls.map((c) => c.path)).toEqual([
      '/api/auth/login',
      '/api/videos/v1',
      '/api/auth/refresh',
      '/api/videos/v1',
    ]);
    expect(calls[3].auth).toBe('Bearer new');
  });

  it('signs out when the refresh is refused and reports the error of the contract', async () => {
    const { fetcher } = gateway([
      [200, pair('old')],
      [401, { error: { code: 'unauthorized', message: 'expired' } }],
      [401, { error: { code: 'unauthorized', message: 'spent' } }],
    ]);
    const { timers } = manualTimers();
    const client = new ApiClient(new TokenStore(), fetcher, timers);
    await client.login('ann', 'secret-password');
    const failure = await client.get('/api/recordings').catch((e) => e);
    expect(failure).toBeInstanceOf(ApiError);
    expect((failure as ApiError).status).toBe(401);
    expect(client.user).toBeNull();
    expect(client.tokens.get()).toBeNull();
  });

  it('remembers only whether a silent sign-in is worth trying', async () => {
    let on = false;
    const hint = {
      get: () => on,
      set: (v: boolean) => {
        on = v;
      },
    };
    const { fetcher } = gateway([
      [200, pair('t')],
      [204, undefined],
    ]);
    const client = new ApiClient(new TokenStore(), fetcher, manualTimers().timers, hint);
    expect(client.maySignInSilently()).toBe(false);
    await client.login('ann', 'secret-password');
    expect(client.maySignInSilently()).toBe(true);
    await client.logout();
    expect(client.maySignInSilently()).toBe(false);
  });
});

describe('the token store', () => {
  it('keeps the token in memory until it expires', () => {
    const store = new TokenStore();
    store.set('abc', 60, 1_000);
    expect(store.get(30_000)).toBe('abc');
    expect(store.get(61_001)).toBeNull();
    expect(store.refreshDelay(1_000)).toBe(30_000); // short tokens refresh halfway
    store.clear();
    expect(store.refreshDelay()).toBeNull();
  });
});
