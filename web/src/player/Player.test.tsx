// @vitest-environment happy-dom
import { act } from 'react';
import { describe, expect, it, vi } from 'vitest';
import { mountPerTest } from '../testing/mount';
import { LIVE_RETRY_MS, Player } from './Player';

const page = mountPerTest();

async function renderVod() {
  const play = vi.spyOn(HTMLMediaElement.prototype, 'play').mockImplementation(() => Promise.resolve());
  const pause = vi.spyOn(HTMLMediaElement.prototype, 'pause').mockImplementation(() => {});
  await act(async () => {
    page.root.render(<Player src="/vod/v1/master.m3u8" live={false} mp4Fallback="/vod/v1/video.mp4" />);
  });
  // hls.js loads lazily; without Media Source Extensions (as here) the player falls back to the MP4.
  await vi.waitFor(() => expect(page.container.querySelector('video')!.getAttribute('src')).toBe('/vod/v1/video.mp4'));
  return {
    play,
    pause,
    box: page.container.querySelector<HTMLDivElement>('.player')!,
    video: page.container.querySelector('video')!,
  };
}

function press(target: Element, key: string) {
  act(() => {
    target.dispatchEvent(new KeyboardEvent('keydown', { key, bubbles: true, cancelable: true }));
  });
}

describe('the player', () => {
  it('falls back to the MP4 where HLS cannot play', async () => {
    const { video } = await renderVod();
    expect(video.muted).toBe(true); // autoplay needs it
  });

  it('maps the shortcuts onto the video', async () => {
    const { play, box, video } = await renderVod();
    press(box, 'k');
    expect(play).toHaveBeenCalled();

    press(box, 'm');
    expect(video.muted).toBe(false);
    press(box, 'M');
    expect(video.muted).toBe(true);

    video.volume = 0.5;
    press(box, 'ArrowDown');
    expect(video.volume).toBeCloseTo(0.4);
    expect(video.muted).toBe(false);
  });

  it('opens and closes the help with ? and Escape, listing every shortcut', async () => {
    const { box } = await renderVod();
    press(box, '?');
    const help = page.container.querySelector('[role=dialog]');
    expect(help?.textContent).toContain('Back 10 s');
    expect(help?.textContent).toContain('Fullscreen');
    press(box, 'Escape');
    expect(page.container.querySelector('[role=dialog]')).toBeNull();
  });

  it('leaves keys typed into its own form controls alone', async () => {
    const { box, video } = await renderVod();
    const volume = box.querySelector<HTMLInputElement>('input[aria-label=Volume]')!;
    press(volume, 'm');
    expect(video.muted).toBe(true);
  });

  it('plays live where the browser has HLS itself, says how far behind live and goes back to live', async () => {
    const play = vi.spyOn(HTMLMediaElement.prototype, 'play').mockImplementation(() => Promise.resolve());
    vi.spyOn(HTMLMediaElement.prototype, 'canPlayType').mockImplementation((type) =>
      type.includes('mpegurl') ? 'maybe' : '',
    );
    await act(async () => {
      page.root.render(<Player src="/live/s1/master.m3u8" live />);
    });
    const video = page.container.querySelector('video')!;
    await vi.waitFor(() => expect(video.getAttribute('src')).toBe('/live/s1/master.m3u8'));
    expect(page.container.querySelector('[data-testid=behind-live]')).toBeNull(); // nothing known yet

    Object.defineProperty(video, 'seekable', {
      configurable: true,
      value: { length: 1, start: () => 100, end: () => 400 },
    });
    video.currentTime = 385.8;
    act(() => {
      video.dispatchEvent(new Event('timeupdate'));
    });
    const behind = page.container.querySelector<HTMLElement>('[data-testid=behind-live]')!;
    expect(behind.textContent).toBe('14 s behind live');
    expect(behind.dataset.seconds).toBe('14.20');

    act(() => {
      page.container.querySelector<HTMLButtonElement>('button.live')!.click();
    });
    expect(video.currentTime).toBe(397);
    expect(play).toHaveBeenCalled();
    act(() => {
      video.dispatchEvent(new Event('timeupdate'));
    });
    expect(page.container.querySelector('[data-testid=behind-live]')!.textContent).toBe('3.0 s behind live');
    expect(page.container.querySelector('button.live')!.className).toBe('live on');
  });

  it('waits for a live stream to resume when its playlist ends, then plays it again', async () => {
    vi.spyOn(HTMLMediaElement.prototype, 'play').mockImplementation(() => Promise.resolve());
    vi.spyOn(HTMLMediaElement.prototype, 'canPlayType').mockImplementation((type) =>
      type.includes('mpegurl') ? 'maybe' : '',
    );
    await act(async () => {
      page.root.render(<Player src="/live/s1/master.m3u8" live />);
    });
    const video = page.container.querySelector('video')!;
    await vi.waitFor(() => expect(video.getAttribute('src')).toBe('/live/s1/master.m3u8'));
    video.removeAttribute('src');

    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    try {
      act(() => {
        video.dispatchEvent(new Event('ended'));
      }); // EXT-X-ENDLIST: the publisher dropped
      expect(page.container.querySelector('[role=status]')!.textContent).toBe('Starting the stream…');
      await act(async () => {
        vi.advanceTimersByTime(LIVE_RETRY_MS);
      });
    } finally {
      vi.useRealTimers();
    }
    await vi.waitFor(() => expect(video.getAttribute('src')).toBe('/live/s1/master.m3u8'));
    act(() => {
      video.dispatchEvent(new Event('playing'));
    });
    expect(page.container.querySelector('[role=status]')).toBeNull();
  });
});
