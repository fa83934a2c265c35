// @vitest-environment happy-dom
import { act } from 'react';
import { describe, expect, it, vi } from 'vitest';
import { mountPerTest } from '../testing/mount';
import type { OwnedStream } from '../types';
import { ObsSettings } from './ObsSettings';

const stream: OwnedStream = {
  id: 's1',
  title: 'Show',
  owner: { id: 'u1', username: 'ann' },
  status: 'offline',
  startedAt: null,
  viewers: 0,
  thumbnailUrl: null,
  playbackUrl: '/live/s1/master.m3u8',
  sessionId: null,
  createdAt: '',
  passphrase: 'pass-phrase-1',
  srtServer: 'srt://media.example:8890',
  recordingVisibility: 'public',
};

const page = mountPerTest();

const field = (name: string) => page.container.querySelector<HTMLInputElement>(`[data-field="${name}"] input`);

describe('the OBS settings', () => {
  it('give the whole SRT URL, the key and the passphrase while the key is known, secrets hidden until asked', async () => {
    act(() => page.root.render(<ObsSettings stream={stream} streamKey="the-key" />));
    expect(field('srt-url')!.value).toBe(
      'srt://media.example:8890?streamid=publish:the-key&passphrase=pass-phrase-1&pbkeylen=16',
    );
    expect(field('srt-url')!.type).toBe('password');
    expect(field('stream-key')!.value).toBe('the-key');
    expect(field('passphrase')!.value).toBe('pass-phrase-1');

    const show = page.container.querySelector<HTMLButtonElement>('[data-field="srt-url"] button[aria-pressed]')!;
    act(() => show.click());
    expect(field('srt-url')!.type).toBe('text');
  });

  it('copy the value to the clipboard', async () => {
    const writeText = vi.fn(() => Promise.resolve());
    Object.defineProperty(navigator, 'clipboard', { value: { writeText }, configurable: true });
    act(() => page.root.render(<ObsSettings stream={stream} streamKey="the-key" />));
    const copy = page.container.querySelector<HTMLButtonElement>(
      '[data-field="stream-key"] button[aria-label="Copy stream key"]',
    )!;
    await act(async () => copy.click());
    expect(writeText).toHaveBeenCalledWith('the-key');
    expect(page.container.querySelector('[data-field="stream-key"] [role=status]')!.textContent).toBe('Copied');
  });

  it('say how to get a key when this tab does not know it', () => {
    act(() => page.root.render(<ObsSettings stream={{ ...stream, passphrase: null }} streamKey={null} />));
    expect(field('srt-url')).toBeNull();
    expect(field('stream-key')).toBeNull();
    expect(field('server')!.value).toBe('srt://media.example:8890');
    expect(page.container.textContent).toContain('rotate the key');
  });
});
