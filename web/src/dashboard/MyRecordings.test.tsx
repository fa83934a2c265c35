// @vitest-environment happy-dom
import { act } from 'react';
import { MemoryRouter } from 'react-router-dom';
import { describe, expect, it, vi } from 'vitest';
import { mountPerTest } from '../testing/mount';
import type { Recording } from '../types';
import { MyRecordings } from './MyRecordings';

const recording = (id: string, status: Recording['status'], extra: Partial<Recording> = {}): Recording => ({
  id,
  streamId: 's',
  sessionId: `x-${id}`,
  title: `Show ${id}`,
  status,
  attempts: 3,
  error: null,
  durationSeconds: 61,
  videoId: null,
  sessionStartedAt: '2026-11-21T10:00:00Z',
  sessionEndedAt: null,
  createdAt: '',
  updatedAt: '',
  ...extra,
});

const page = mountPerTest();

describe('my recordings', () => {
  it('offer another go at a failed one, and only at a failed one', async () => {
    let items = [
      recording('r1', 'failed', { error: 'HTTP 503 from the library' }),
      recording('r2', 'ready', { videoId: 'v2' }),
    ];
    const calls: string[] = [];
    vi.stubGlobal(
      'fetch',
      vi.fn(async (path: string, init: RequestInit) => {
        calls.push(`${init.method} ${path}`);
        if (init.method === 'POST') {
          items = [recording('r1', 'pending', { attempts: 0 }), items[1]];
          return new Response(JSON.stringify(items[0]), { status: 200 });
        }
        return new Response(JSON.stringify({ items, nextCursor: null }), { status: 200 });
      }),
    );
    await act(async () =>
      page.root.render(
        <MemoryRouter>
          <MyRecordings />
        </MemoryRouter>,
      ),
    );
    await vi.waitFor(() => expect(page.container.querySelector('tr[data-recording=r1]')).not.toBeNull());
    expect(page.container.querySelector('tr[data-recording=r1]')!.textContent).toContain(
      'Failed: HTTP 503 from the library',
    );
    expect(page.container.querySelector('tr[data-recording=r2] button')).toBeNull();
    expect(page.container.querySelector('tr[data-recording=r2] a')!.getAttribute('href')).toBe('/videos/v2');

    await act(async () => page.container.querySelector<HTMLButtonElement>('tr[data-recording=r1] button')!.click());
    expect(calls).toContain('POST /api/recordings/r1/retry');
    await vi.waitFor(() =>
      expect(page.container.querySelector('tr[data-recording=r1]')!.getAttribute('data-status')).toBe('pending'),
    );
    expect(page.container.querySelector('tr[data-recording=r1] button')).toBeNull();
  });
});
