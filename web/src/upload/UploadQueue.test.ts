// @vitest-environment happy-dom
// The queue with the real tus-js-client (its browser build) against a tus server in memory.
import { describe, expect, it, vi } from 'vitest';
import { ApiClient } from '../api/client';
import { TokenStore } from '../api/tokenStore';
import { MemoryUrlStorage, TusServer } from '../testing/tusServer';
import type { UploadInfo } from '../types';
import { UploadQueue, type QueueItem } from './UploadQueue';

const CHUNK = 1000;
const ORIGIN = 'http://millrace.test';
const defaults = { description: '', visibility: 'unlisted' as const, tags: '' };

/** A signed-in API client whose gateway answers refresh (with `fresh` as the new token) and the upload states. */
function signedIn(server: TusServer, states: UploadInfo[] = [], fresh = 'good') {
  const calls: string[] = [];
  const fetcher = async (path: string, init?: RequestInit) => {
    calls.push(`${init?.method ?? 'GET'} ${path}`);
    if (path === '/api/auth/refresh') {
      server.token = fresh;
      return new Response(JSON.stringify({ accessToken: fresh, expiresIn: 900, user: { id: 'u1', username: 'ann' } }), {
        status: 200,
      });
    }
    if (path.endsWith('/retry'))
      return new Response(JSON.stringify({ ...states[0], status: 'queued', error: null }), { status: 200 });
    const state = states.length > 1 ? states.shift()! : states[0];
    return new Response(JSON.stringify(state), { status: state ? 200 : 404 });
  };
  const api = new ApiClient(
    new TokenStore(),
    fetcher,
    { set: () => 0, clear: () => {} },
    { get: () => true, set: () => {} },
  );
  api.tokens.set(server.token, 900);
  return { api, calls };
}

function queue(
  server: TusServer,
  api: ApiClient,
  storage = new MemoryUrlStorage(),
  extra: Partial<ConstructorParameters<typeof UploadQueue>[0]> = {},
) {
  return new UploadQueue({
    api,
    endpoint: `${ORIGIN}/api/uploads`,
    chunkSize: CHUNK,
    retryDelays: [0, 0, 0],
    pollMs: 5,
    tus: { httpStack: server, urlStorage: storage },
    ...extra,
  });
}

const video = (size: number, name = 'Holiday_clip.mp4') =>
  new File([new Uint8Array(size).fill(7)], name, { type: 'video/mp4', lastModified: 1_700_000_000_000 });
const item = (q: UploadQueue, key: string) => q.snapshot().find((i) => i.key === key) as QueueItem;
const until = (q: UploadQueue, key: string, test: (i: QueueItem) => boolean) =>
  vi.waitFor(
    () => {
      const i = item(q, key);
      if (!i || !test(i)) throw new Error(`still ${JSON.stringify({ ...i, file: undefined })}`);
    },
    { timeout: 15_000, interval: 5 },
  );

// Generous timeouts: the build machine is shared, and a loaded one runs these several times slower.
describe('the upload queue', { timeout: 30_000 }, () => {
  it('sends a draft in chunks with its details and the bearer token, then follows it to the finished video', async () => {
    const server = new TusServer();
    const { api, calls } = signedIn(server, [
      { id: 'up1', status: 'queued', progress: null, videoId: null, error: null },
      { id: 'up1', status: 'processing', progress: 40, videoId: null, error: null },
      { id: 'up1', status: 'ready', progress: 100, videoId: 'v9', error: null },
    ]);
    const q = queue(server, api);
    const seen = new Set<string>();
    q.subscribe(() =>
      q
        .snapshot()
        .forEach((i) => seen.add(i.server?.status === 'processing' ? `processing ${i.server.progress}` : i.phase)),
    );
    const [draft] = q.add([video(3500)], defaults);
    expect(draft.title).toBe('Holiday clip');
    q.update(draft.key, { title: 'My holiday', description: 'By the sea', tags: 'sea, #Summer' });
    expect(q.start(draft.key)).toBeNull();
    await until(q, draft.key, (i) => i.server?.status === 'ready');

    const stored = server.uploads.get('up1')!;
    expect(stored.offset).toBe(3500);
    expect(stored.metadata).toEqual({
      filename: 'Holiday_clip.mp4',
      filetype: 'video/mp4',
      title: 'My holiday',
      visibility: 'unlisted',
      description: 'By the sea',
      tags: 'sea,summer',
    });
    expect(server.sent.map((s) => s.method)).toEqual(['POST', 'PATCH', 'PATCH', 'PATCH', 'PATCH']);
    expect(server.sent.every((s) => s.headers.Authorization === 'Bearer good')).toBe(true);
    expect(server.sent.filter((s) => s.method === 'PATCH').map((s) => s.headers['Upload-Offset'])).toEqual([
      '0',
      '1000',
      '2000',
      '3000',
    ]);
    expect(item(q, draft.key)).toMatchObject({ phase: 'sent', uploadId: 'up1', sent: 3500, server: { videoId: 'v9' } });
    expect([...seen]).toEqual(expect.arrayContaining(['uploading', 'sent', 'processing 40']));
    expect(calls.filter((c) => c === 'GET /api/uploads/up1')).toHaveLength(3);
  });

  it('refreshes the token after a 401 and goes on with the new one', async () => {
    const server = new TusServer();
    const { api, calls } = signedIn(
      server,
      [{ id: 'up1', status: 'ready', progress: 100, videoId: 'v1', error: null }],
      'renewed',
    );
    server.beforePatch = async (offset) => {
      if (offset === 1000) server.token = 'rotated-away';
    };
    const q = queue(server, api);
    const [draft] = q.add([video(2500)], defaults);
    q.start(draft.key);
    await until(q, draft.key, (i) => i.phase === 'sent');
    expect(calls).toContain('POST /api/auth/refresh');
    const patches = server.sent.filter((s) => s.method === 'PATCH').map((s) => s.headers.Authorization);
    expect(patches.at(-1)).toBe('Bearer renewed');
    expect(server.uploads.get('up1')!.offset).toBe(2500);
  });

  it('says how large a file the server takes when it refuses one, and refuses larger drafts at once', async () => {
    const server = new TusServer();
    server.maxSize = 2 * 1024 * 1024;
    const { api } = signedIn(server);
    const q = queue(server, api);
    const [big] = q.add([video(3 * 1024 * 1024, 'big.mov')], defaults);
    q.start(big.key);
    await until(q, big.key, (i) => i.phase === 'rejected');
    expect(item(q, big.key).error).toBe('This file is 3 MB; the server takes files up to 2 MB.');
    expect(server.sent.filter((s) => s.method === 'PATCH')).toHaveLength(0);
    const [bigger] = q.add([video(5 * 1024 * 1024, 'bigger.mov')], defaults);
    expect(bigger).toMatchObject({ phase: 'rejected', error: 'This file is 5 MB; the server takes files up to 2 MB.' });
    // A 413 without the header: the limit comes from OPTIONS.
    const quiet = new TusServer();
    quiet.maxSize = 2 * 1024 * 1024;
    const bare = quiet.createRequest.bind(quiet);
    quiet.createRequest = (method, url) => {
      const req = bare(method, url);
      return {
        ...req,
        send: async (body: unknown) => {
          const res = await req.send(body);
          return { ...res, getHeader: () => undefined };
        },
      };
    };
    const q2 = queue(quiet, api, new MemoryUrlStorage(), { fetchLimit: async () => 2 * 1024 * 1024 });
    const [big2] = q2.add([video(3 * 1024 * 1024, 'big.mov')], defaults);
    q2.start(big2.key);
    await until(q2, big2.key, (i) => i.error === 'This file is 3 MB; the server takes files up to 2 MB.');
    const [empty] = q.add([video(0, 'empty.mp4')], defaults);
    expect(empty).toMatchObject({ phase: 'rejected', error: 'empty.mp4 is empty (0 bytes).' });
  });

  it("retries a dropped connection from the server's offset, and after too many drops waits for Resume", async () => {
    const server = new TusServer();
    const { api } = signedIn(server, [{ id: 'up1', status: 'queued', progress: null, videoId: null, error: null }]);
    const q = queue(server, api);
    server.failures.push({ method: 'PATCH', drop: true });
    const said = new Set<string>();
    q.subscribe(() => q.snapshot().forEach((i) => i.error && said.add(`${i.phase}: ${i.error}`)));
    const [one] = q.add([video(2500)], defaults);
    q.start(one.key);
    await until(q, one.key, (i) => i.phase === 'sent');
    expect([...said]).toContain('retrying: The connection dropped: trying again (attempt 2 of 4).');
    expect(server.sent.map((s) => s.method)).toEqual(['POST', 'PATCH', 'HEAD', 'PATCH', 'PATCH', 'PATCH']);

    // After its first chunk every try drops: the first PATCH and each of the three retries (HEAD, then PATCH).
    server.beforePatch = async () => {
      for (let i = 0; i < 4; i++) server.failures.push({ method: 'PATCH', drop: true });
      server.beforePatch = async () => {};
    };
    const [two] = q.add([video(2500, 'two.mp4')], defaults);
    q.start(two.key);
    const sentBefore = server.sent.length;
    await until(q, two.key, (i) => i.phase === 'stopped');
    expect(server.sent.slice(sentBefore).map((s) => s.method)).toEqual([
      'POST',
      'PATCH',
      'PATCH',
      'HEAD',
      'PATCH',
      'HEAD',
      'PATCH',
      'HEAD',
      'PATCH',
    ]);
    expect(item(q, two.key).error).toMatch(
      /^The connection dropped, and trying again did not help\. Press Resume to go on from 40\.0 %\.$/,
    );
    q.resume(two.key);
    await until(q, two.key, (i) => i.phase === 'sent');
    expect(server.uploads.get('up2')!.offset).toBe(2500);
  });

  it('pauses between chunks and resumes where the server is', async () => {
    const server = new TusServer();
    const { api } = signedIn(server, [{ id: 'up1', status: 'queued', progress: null, videoId: null, error: null }]);
    let release = () => {};
    const q = queue(server, api);
    const [draft] = q.add([video(3000)], defaults);
    server.beforePatch = (offset) =>
      offset === 1000
        ? new Promise<void>((r) => {
            release = r;
          })
        : Promise.resolve();
    q.start(draft.key);
    await until(q, draft.key, (i) => i.sent >= 1000);
    q.pause(draft.key);
    release();
    expect(item(q, draft.key).phase).toBe('paused');
    await new Promise((r) => setTimeout(r, 30));
    const before = server.sent.length;
    expect(item(q, draft.key).phase).toBe('paused');
    server.beforePatch = async () => {};
    q.resume(draft.key);
    await until(q, draft.key, (i) => i.phase === 'sent');
    expect(server.sent.slice(before).map((s) => s.method)).toEqual(['HEAD', 'PATCH']);
    expect(server.sent.filter((s) => s.method === 'POST')).toHaveLength(1);
  });

  it("after a reload resumes the same file from the server's offset with the details given before", async () => {
    const server = new TusServer();
    const storage = new MemoryUrlStorage();
    const { api } = signedIn(server, [{ id: 'up1', status: 'queued', progress: null, videoId: null, error: null }]);
    const before = queue(server, api, storage);
    const [first] = before.add([video(4000)], { ...defaults, visibility: 'private' });
    before.update(first.key, { title: 'Before the reload' });
    server.beforePatch = (offset) => (offset === 2000 ? new Promise<void>(() => {}) : Promise.resolve()); // the tab goes away here
    before.start(first.key);
    await until(before, first.key, (i) => i.sent === 2000);
    expect(storage.entries.size).toBe(1);

    server.beforePatch = async () => {};
    const after = queue(server, api, storage);
    const [again] = after.add([video(4000)], defaults);
    await until(after, again.key, (i) => i.phase === 'sent');
    expect(item(after, again.key)).toMatchObject({
      title: 'Before the reload',
      visibility: 'private',
      resumedFrom: 2000,
      uploadId: 'up1',
    });
    expect(item(after, again.key).resumes).not.toBeNull();
    expect(server.sent.filter((s) => s.method === 'POST')).toHaveLength(1);
    expect(server.uploads.get('up1')!.offset).toBe(4000);
    expect(storage.entries.size).toBe(0); // forgotten once complete
  });

  it('cancels an upload on the server and forgets it; a draft just leaves the list', async () => {
    const server = new TusServer();
    const storage = new MemoryUrlStorage();
    const { api } = signedIn(server);
    const q = queue(server, api, storage);
    const [draft, other] = q.add([video(3000), video(10, 'other.mp4')], defaults);
    server.beforePatch = (offset) => (offset === 1000 ? new Promise<void>(() => {}) : Promise.resolve());
    q.start(draft.key);
    await until(q, draft.key, (i) => i.sent === 1000);
    await q.cancel(draft.key);
    expect(item(q, draft.key)).toBeUndefined();
    expect(server.uploads.get('up1')!.deleted).toBe(true);
    expect(server.sent.at(-1)!.method).toBe('DELETE');
    expect(storage.entries.size).toBe(0);
    await q.cancel(other.key);
    expect(q.snapshot()).toEqual([]);
  });

  it('offers another go at a failed transcoding and follows it again', async () => {
    const server = new TusServer();
    const failed: UploadInfo = {
      id: 'up1',
      status: 'failed',
      progress: null,
      videoId: null,
      error: 'No video stream in this file',
    };
    const { api, calls } = signedIn(server, [failed, failed]);
    const q = queue(server, api);
    const [draft] = q.add([video(100)], defaults);
    q.start(draft.key);
    await until(q, draft.key, (i) => i.server?.status === 'failed');
    expect(item(q, draft.key).server!.error).toBe('No video stream in this file');
    await q.retryProcessing(draft.key);
    expect(calls).toContain('POST /api/uploads/up1/retry');
    await until(
      q,
      draft.key,
      (i) => i.server?.status === 'failed' && calls.filter((c) => c === 'GET /api/uploads/up1').length >= 2,
    );
  });

  it('sends one file at a time, in the order they were started', async () => {
    const server = new TusServer();
    const { api } = signedIn(server, [{ id: 'x', status: 'queued', progress: null, videoId: null, error: null }]);
    const q = queue(server, api);
    const [a, b] = q.add([video(1500, 'a.mp4'), video(1500, 'b.mp4')], defaults);
    q.startAll();
    expect(item(q, a.key).phase).toBe('uploading');
    expect(item(q, b.key).phase).toBe('waiting');
    await until(q, b.key, (i) => i.phase === 'sent');
    const order = server.sent.filter((s) => s.method === 'PATCH').map((s) => s.url.split('/').pop());
    expect(order).toEqual(['up1', 'up1', 'up2', 'up2']);
  });

  it('stops while the browser is offline and goes on by itself when it is back', async () => {
    const server = new TusServer();
    const { api } = signedIn(server, [{ id: 'up1', status: 'queued', progress: null, videoId: null, error: null }]);
    let online = true;
    let back: () => void = () => {};
    const q = queue(server, api, new MemoryUrlStorage(), {
      isOnline: () => online,
      onOnline: (l) => {
        back = l;
      },
    });
    server.beforePatch = async (offset) => {
      if (offset === 1000) {
        online = false;
        server.failures.push({ method: 'PATCH', drop: true });
      }
    };
    const [draft] = q.add([video(3000)], defaults);
    q.start(draft.key);
    await until(q, draft.key, (i) => i.phase === 'stopped');
    expect(item(q, draft.key).error).toBe('You are offline: the upload goes on by itself when the network is back.');
    server.beforePatch = async () => {};
    online = true;
    back();
    await until(q, draft.key, (i) => i.phase === 'sent');
    expect(server.uploads.get('up1')!.offset).toBe(3000);
  });

  it('cancels an upload stopped in another tab or before a reload: tus termination, and this browser forgets it', async () => {
    const server = new TusServer();
    const storage = new MemoryUrlStorage();
    const { api } = signedIn(server);
    const before = queue(server, api, storage);
    const [draft] = before.add([video(3000)], defaults);
    server.beforePatch = (offset) => (offset === 1000 ? new Promise<void>(() => {}) : Promise.resolve());
    before.start(draft.key);
    await until(before, draft.key, (i) => i.sent === 1000);
    expect(storage.entries.size).toBe(1);

    await queue(server, api, storage).terminate('up1');
    const del = server.sent.at(-1)!;
    expect([del.method, del.url, del.headers.Authorization, del.headers['Tus-Resumable']]).toEqual([
      'DELETE',
      `${ORIGIN}/api/uploads/up1`,
      'Bearer good',
      '1.0.0',
    ]);
    expect(server.uploads.get('up1')!.deleted).toBe(true);
    expect(storage.entries.size).toBe(0);
  });
});
