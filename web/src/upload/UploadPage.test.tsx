// @vitest-environment happy-dom
// The upload page with the real queue and tus-js-client against a tus server in memory; the JSON API stubbed.
import { act } from 'react';
import { MemoryRouter } from 'react-router-dom';
import { describe, expect, it, vi } from 'vitest';
import { api } from '../api/client';
import { UploadPage } from '../pages/Upload';
import { mountPerTest } from '../testing/mount';
import { MemoryUrlStorage, TusServer } from '../testing/tusServer';
import type { UploadInfo } from '../types';
import { UploadQueue } from './UploadQueue';

const page = mountPerTest();
const eventually = (check: () => void) => vi.waitFor(check, { timeout: 15_000 });

const video = (size: number, name: string) => new File([new Uint8Array(size)], name, { type: 'video/mp4' });

/** The JSON side of the gateway: the refresh, the caller's list, each upload's state (scripted per id), retry. */
function gateway(states: Record<string, UploadInfo[]>, list: UploadInfo[] = []) {
  const calls: string[] = [];
  vi.stubGlobal(
    'fetch',
    vi.fn(async (path: string, init?: RequestInit) => {
      calls.push(`${init?.method ?? 'GET'} ${path}`);
      const json = (body: unknown) => new Response(JSON.stringify(body), { status: 200 });
      if (path === '/api/auth/refresh')
        return json({ accessToken: 'good', expiresIn: 900, user: { id: 'u1', username: 'ann' } });
      if (path === '/api/uploads') return json({ items: list, nextCursor: null });
      const retry = path.match(/^\/api\/uploads\/([^/]+)\/retry$/);
      if (retry) {
        const info: UploadInfo = { ...states[retry[1]][0], status: 'queued', error: null };
        states[retry[1]] = [info, { ...info, status: 'ready', videoId: 'v-again' }];
        return json(info);
      }
      const id = path.split('/').pop()!;
      const queue = states[id];
      return json(queue.length > 1 ? queue.shift() : queue[0]);
    }),
  );
  return calls;
}

function render(queue: UploadQueue) {
  return act(async () =>
    page.root.render(
      <MemoryRouter>
        <UploadPage queue={queue} />
      </MemoryRouter>,
    ),
  );
}

const newQueue = (server: TusServer) =>
  new UploadQueue({
    api,
    endpoint: 'http://millrace.test/api/uploads',
    chunkSize: 1000,
    retryDelays: [0],
    pollMs: 5,
    tus: { httpStack: server, urlStorage: new MemoryUrlStorage() },
  });

const $ = <E extends Element = HTMLElement>(selector: string) => page.container.querySelector<E>(selector);

/** Types into a React-controlled field as a user does. */
function type(el: HTMLInputElement | HTMLTextAreaElement, value: string) {
  const proto = el instanceof HTMLTextAreaElement ? HTMLTextAreaElement.prototype : HTMLInputElement.prototype;
  Object.getOwnPropertyDescriptor(proto, 'value')!.set!.call(el, value);
  el.dispatchEvent(new Event('input', { bubbles: true }));
}

// Generous timeouts: the build machine is shared, and a loaded one runs these several times slower.
describe('the upload page', { timeout: 30_000 }, () => {
  it('takes chosen files as drafts with their details up front, sends them and links the finished video', async () => {
    const server = new TusServer();
    gateway({
      up1: [
        { id: 'up1', status: 'processing', progress: 30, videoId: null, error: null },
        { id: 'up1', status: 'ready', progress: 100, videoId: 'v1', error: null },
      ],
      up2: [{ id: 'up2', status: 'ready', progress: 100, videoId: 'v2', error: null }],
    });
    await render(newQueue(server));
    const picker = $<HTMLInputElement>('input[type=file]')!;
    expect(picker.multiple).toBe(true);
    expect($(`label[for="${picker.id}"]`)!.textContent).toBe('Choose video files');
    Object.defineProperty(picker, 'files', {
      value: [video(2500, 'first_take.mp4'), video(1200, 'second.mov')],
      configurable: true,
    });
    await act(async () => picker.dispatchEvent(new Event('change', { bubbles: true })));

    const forms = page.container.querySelectorAll<HTMLFormElement>('form[aria-label^="Details of"]');
    expect(forms).toHaveLength(2);
    expect(forms[0].querySelector<HTMLInputElement>('input[name=title]')!.value).toBe('first take');
    expect([...forms[0].querySelectorAll('label')].map((l) => l.textContent?.split(/[A-Z][a-z]+:/)[0].trim())).toEqual(
      expect.arrayContaining(['Title', 'Description', 'Tags (separated by commas)']),
    );
    await act(async () => type(forms[0].querySelector<HTMLInputElement>('input[name=title]')!, 'The first take'));
    const upload = [...page.container.querySelectorAll<HTMLButtonElement>('button')].find(
      (b) => b.textContent === 'Upload all 2',
    )!;
    await act(async () => upload.click());

    await vi.waitFor(() => expect($('li[data-file="second.mov"] [data-state=ready]')).not.toBeNull(), {
      timeout: 15_000,
    });
    await eventually(() => expect($('li[data-file="first_take.mp4"] [data-state=ready]')).not.toBeNull());
    expect($('li[data-file="first_take.mp4"] a')!.getAttribute('href')).toBe('/videos/v1');
    expect($('li[data-file="first_take.mp4"] a')!.textContent).toBe('Watch “The first take”');
    expect(server.uploads.get('up1')!.metadata.title).toBe('The first take');
    expect(server.uploads.get('up1')!.metadata.visibility).toBe('public');
  });

  it('shows the transfer with its figures, pauses and resumes it with its buttons', async () => {
    const server = new TusServer();
    gateway({ up1: [{ id: 'up1', status: 'queued', progress: null, videoId: null, error: null }] });
    let release: () => void = () => {};
    server.beforePatch = (offset) =>
      offset === 1000
        ? new Promise((r) => {
            release = () => r();
          })
        : Promise.resolve();
    const queue = newQueue(server);
    await render(queue);
    await act(async () => {
      queue.add([video(3000, 'clip.mp4')], { visibility: 'private', description: '', tags: '' });
    });
    await act(async () => $<HTMLButtonElement>('form button[type=submit]')!.click());
    await eventually(() => expect($('[data-figure=percent]')?.textContent).toBe('33.3 %'));
    expect($('[data-testid=transfer]')!.textContent).toContain('1000 B of 2.9 KB');
    expect($<HTMLProgressElement>('li progress')!.getAttribute('aria-label')).toBe('Sent of clip.mp4');
    await act(async () => $<HTMLButtonElement>('button[aria-label="Pause clip"]')!.click());
    expect($('li')!.getAttribute('data-phase')).toBe('paused');
    expect($('.upload-phase')!.textContent).toBe('Paused');
    release();
    server.beforePatch = async () => {};
    await act(async () => $<HTMLButtonElement>('button[aria-label="Resume clip"]')!.click());
    await eventually(() => expect($('li')!.getAttribute('data-phase')).toBe('sent'));
    expect($('[data-state=queued]')!.textContent).toBe('Waiting to be processed');
  });

  it('says why processing failed and offers another go; lists the other uploads with what can be done', async () => {
    const server = new TusServer();
    const calls = gateway(
      {
        up1: [{ id: 'up1', status: 'failed', progress: null, videoId: null, error: 'This file has no video stream.' }],
      },
      [
        {
          id: 'up1',
          status: 'failed',
          progress: null,
          videoId: null,
          error: 'This file has no video stream.',
          title: 'clip',
        },
        {
          id: 'old',
          status: 'uploading',
          progress: null,
          videoId: null,
          error: null,
          title: 'Old one',
          filename: 'old.mp4',
          offset: 400,
          length: 1000,
        },
        { id: 'done', status: 'ready', progress: 100, videoId: 'v7', error: null, title: 'Done one' },
        { id: 'bad', status: 'failed', progress: null, videoId: null, error: 'Truncated file', title: 'Bad one' },
      ],
    );
    const queue = newQueue(server);
    await render(queue);
    await act(async () => {
      queue.add([video(500, 'clip.mp4')], { visibility: 'public', description: '', tags: '' });
    });
    await act(async () => $<HTMLButtonElement>('form button[type=submit]')!.click());
    await eventually(() =>
      expect($('li [data-state=failed]')?.textContent).toBe('Failed: This file has no video stream.'),
    );

    // The list below leaves out what the queue above shows, and offers what each row allows.
    await eventually(() => expect(page.container.querySelectorAll('tr[data-upload]')).toHaveLength(3));
    expect($('tr[data-upload=old]')!.textContent).toContain('Stopped at 40.0 %: choose the same file above to go on');
    expect($('tr[data-upload=old] button[aria-label="Cancel Old one"]')).not.toBeNull();
    expect($('tr[data-upload=done] a')!.getAttribute('href')).toBe('/videos/v7');
    expect($('tr[data-upload=bad]')!.textContent).toContain('Failed: Truncated file');
    await act(async () => $<HTMLButtonElement>('tr[data-upload=bad] button[aria-label="Retry Bad one"]')!.click());
    expect(calls).toContain('POST /api/uploads/bad/retry');

    const retry = [...page.container.querySelectorAll<HTMLButtonElement>('li button')].find(
      (b) => b.textContent === 'Retry',
    )!;
    await act(async () => retry.click());
    expect(calls).toContain('POST /api/uploads/up1/retry');
    await eventually(() => expect($('li a')?.getAttribute('href')).toBe('/videos/v-again'));
  });

  it('takes files dropped on the zone', async () => {
    gateway({});
    const queue = newQueue(new TusServer());
    await render(queue);
    const zone = $('[data-testid=dropzone]')!;
    const files = [video(10, 'dropped.mp4')];
    const drop = (kind: string) => {
      const e = new Event(kind, { bubbles: true, cancelable: true });
      Object.defineProperty(e, 'dataTransfer', { value: { types: ['Files'], files, dropEffect: 'none' } });
      zone.dispatchEvent(e);
      return e;
    };
    await act(async () => {
      expect(drop('dragover').defaultPrevented).toBe(true);
    });
    await act(async () => {
      drop('drop');
    });
    expect(queue.snapshot().map((i) => i.file.name)).toEqual(['dropped.mp4']);
    expect($<HTMLInputElement>('li input[name=title]')!.value).toBe('dropped');
  });
});
