// The player: hls.js behind our own controls (quality menu, DVR seek bar with a LIVE button, how far behind live,
// shortcuts, help), an MP4 fallback where Media Source Extensions are missing, and native HLS where the browser has
// it (Safari). Live, hls.js runs in low-latency mode and the player keeps a viewer who follows live near the edge.
import { useCallback, useEffect, useRef, useState, type KeyboardEvent } from 'react';
import type Hls from 'hls.js';
import { actionFor, SHORTCUTS, type PlayerAction } from './shortcuts';
import {
  clampSeek,
  clampVolume,
  formatTime,
  isAtLiveEdge,
  qualityOptions,
  seekableWindow,
  type QualityOption,
  type Window,
} from './controls';
import {
  behindLiveLabel,
  catchUpRate,
  edgeLatency,
  forwardBuffer,
  isOnTarget,
  LIVE_HLS_CONFIG,
  restoredTarget,
  shouldJumpToLive,
  shouldSettleAtStart,
  VOD_HLS_CONFIG,
} from './liveSync';
import { FROZEN_LOOK_MS, FrozenPlayhead, NUDGE_SECONDS } from './frozenPlayhead';

const KEY_NAMES: Record<string, string> = {
  ' ': 'Space',
  ArrowLeft: '←',
  ArrowRight: '→',
  ArrowUp: '↑',
  ArrowDown: '↓',
  '?': '?',
};

let hlsModule: Promise<typeof import('hls.js')> | null = null;

/**
 * hls.js (its own ~190 kB gzipped chunk), fetched once. Pages that will play call it as soon as their own chunk
 * runs, so the download overlaps their API call instead of following it.
 */
export function loadHls(): Promise<typeof import('hls.js')> {
  hlsModule ??= import('hls.js');
  return hlsModule;
}

/** How long a live player waits before it tries a stream again that has no playable playlist (yet). */
export const LIVE_RETRY_MS = 2_000;

export interface PlayerProps {
  src: string;
  live: boolean;
  mp4Fallback?: string | null;
  poster?: string | null;
  onFirstPlay?: () => void;
}

export function Player({ src, live, mp4Fallback, poster, onFirstPlay }: PlayerProps) {
  const box = useRef<HTMLDivElement>(null);
  const video = useRef<HTMLVideoElement>(null);
  const hls = useRef<Hls | null>(null);
  const [paused, setPaused] = useState(true);
  const [time, setTime] = useState(0);
  const [window, setWindow] = useState<Window | null>(null);
  const [duration, setDuration] = useState(NaN);
  const [volume, setVolume] = useState(1);
  const [muted, setMuted] = useState(true); // autoplay needs it; one click or M unmutes
  const [qualities, setQualities] = useState<QualityOption[]>([]);
  const [quality, setQuality] = useState(-1);
  const [help, setHelp] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [starting, setStarting] = useState(false);
  const [attempt, setAttempt] = useState(0);
  const played = useRef(false);
  const [behind, setBehind] = useState(NaN);
  // Watching live (rather than a DVR position the viewer chose, or paused): only then may the player jump to live.
  const following = useRef(true);
  const lastJump = useRef(-Infinity);
  // When hls.js last reported a stall (or the player started): stalls move its target back until given back.
  const lastStall = useRef(0);
  // When this source first played (null before), and whether the one start-up settle onto the target was done.
  const firstPlaying = useRef<number | null>(null);
  const settled = useRef(false);

  useEffect(() => {
    const el = video.current!;
    let disposed = false;
    let retryTimer: ReturnType<typeof setTimeout> | undefined;
    setError(null);
    following.current = true;
    // Start over after a pause: a stream that just went live has no playlist for a few seconds, and one whose
    // publisher dropped may come back within the grace (hls.js retries neither a 404 nor an ended playlist).
    const startOver = () => {
      hls.current?.destroy();
      hls.current = null;
      setStarting(true);
      clearTimeout(retryTimer);
      retryTimer = setTimeout(() => setAttempt((a) => a + 1), LIVE_RETRY_MS);
    };
    // A live playlist ends (EXT-X-ENDLIST) when its session ends: what was listed plays out, then this waits for the
    // stream's next session (the page unmounts the player once the stream is offline).
    const onEnded = () => {
      if (live) startOver();
    };
    el.addEventListener('ended', onEnded);
    let buffered = false;
    (async () => {
      const { default: HlsJs } = await loadHls();
      if (disposed) return;
      if (HlsJs.isSupported()) {
        const h = new HlsJs(live ? LIVE_HLS_CONFIG : VOD_HLS_CONFIG);
        hls.current = h;
        h.on(HlsJs.Events.MANIFEST_PARSED, () => {
          setQualities(qualityOptions(h.levels.map((l) => ({ height: l.height, bitrate: l.bitrate }))));
          el.play().catch(() => {});
        });
        lastStall.current = performance.now();
        firstPlaying.current = null;
        settled.current = false;
        h.on(HlsJs.Events.ERROR, (_, data) => {
          if (data.details === HlsJs.ErrorDetails.BUFFER_STALLED_ERROR) lastStall.current = performance.now();
          if (!data.fatal) return;
          if (!live && mp4Fallback) {
            h.destroy();
            hls.current = null;
            el.src = mp4Fallback;
            return;
          }
          if (live) {
            startOver();
            return;
          }
          setError(`playback error: ${data.details}`);
        });
        h.on(HlsJs.Events.LEVEL_LOADED, (_, data) => {
          // Started on an ended live playlist, hls.js would play it as a recording, from the start of the DVR window.
          if (live && !data.details.live && !buffered) startOver();
        });
        h.on(HlsJs.Events.FRAG_BUFFERED, () => {
          buffered = true;
          setStarting(false);
        });
        h.loadSource(src);
        h.attachMedia(el);
      } else if (el.canPlayType('application/vnd.apple.mpegurl')) {
        el.src = src;
      } else if (mp4Fallback) {
        el.src = mp4Fallback;
      } else {
        setError('This browser cannot play HLS.');
      }
    })();
    return () => {
      disposed = true;
      clearTimeout(retryTimer);
      el.removeEventListener('ended', onEnded);
      hls.current?.destroy();
      hls.current = null;
    };
  }, [src, live, mp4Fallback, attempt]);

  /**
   * How far behind live the viewer is (from hls.js's playlist, else the seekable end); while following live, catches
   * up by playback rate, jumps when too far behind, and gives back the target that stalls took.
   */
  const keepUp = useCallback((el: HTMLVideoElement, w: Window | null): number => {
    const h = hls.current;
    const details = h?.latestLevelDetails;
    const latency = h ? edgeLatency(details, el.currentTime) : null;
    if (!h || !details || latency === null) {
      if (el.playbackRate !== 1) el.playbackRate = 1;
      return w ? Math.max(0, w.end - el.currentTime) : NaN;
    }
    let targetLatency = h.targetLatency ?? NaN;
    const targetDuration = details.targetduration;
    const playing = !el.paused && !el.seeking;
    const onTarget = playing && isOnTarget(latency, targetLatency);
    if (onTarget) following.current = true;
    const now = performance.now();
    const restored = restoredTarget(
      targetLatency,
      details.partHoldBack || details.holdBack,
      now - lastStall.current,
      onTarget,
    );
    if (restored !== null) {
      h.targetLatency = restored;
      targetLatency = restored;
      lastStall.current = now;
    }
    if (!settled.current && playing && firstPlaying.current !== null) {
      const position = h.liveSyncPosition;
      if (
        position !== null &&
        shouldSettleAtStart(
          now - firstPlaying.current,
          latency,
          targetLatency,
          following.current,
          forwardBuffer(el.buffered, position) > 0,
        )
      ) {
        settled.current = true;
        const from = el.currentTime;
        el.currentTime = position;
        return Math.max(0, latency - (position - from));
      }
    }
    if (
      shouldJumpToLive({
        latency,
        targetLatency,
        targetDuration,
        following: following.current,
        playing,
        sinceLastJumpMs: now - lastJump.current,
      })
    ) {
      const position = h.liveSyncPosition;
      if (position !== null) {
        lastJump.current = now;
        el.currentTime = position;
      }
    }
    const rate = catchUpRate({
      latency,
      targetLatency,
      targetDuration,
      forwardBuffer: forwardBuffer(el.buffered, el.currentTime),
      following: following.current,
      playing,
      rate: el.playbackRate,
    });
    if (el.playbackRate !== rate) el.playbackRate = rate;
    return latency;
  }, []);

  useEffect(() => {
    const el = video.current!;
    const update = () => {
      setTime(el.currentTime);
      setDuration(el.duration);
      const w = live ? seekableWindow(el.seekable) : null;
      setWindow(w);
      if (live) setBehind(keepUp(el, w));
      setPaused(el.paused);
      setVolume(el.volume);
      setMuted(el.muted);
    };
    const onPlaying = () => {
      firstPlaying.current ??= performance.now();
      setStarting(false);
      if (!played.current) {
        played.current = true;
        onFirstPlay?.();
      }
    };
    const events = ['timeupdate', 'play', 'pause', 'volumechange', 'durationchange', 'progress', 'loadedmetadata'];
    events.forEach((e) => el.addEventListener(e, update));
    el.addEventListener('playing', onPlaying);
    // A frozen playhead fires no timeupdate: it is looked at on a timer.
    const frozen = new FrozenPlayhead();
    const watchdog = setInterval(() => {
      const sample = {
        now: performance.now(),
        currentTime: el.currentTime,
        paused: el.paused,
        seeking: el.seeking,
        readyState: el.readyState,
        bufferedAhead: forwardBuffer(el.buffered, el.currentTime),
      };
      if (frozen.look(sample)) el.currentTime = sample.currentTime + NUDGE_SECONDS;
    }, FROZEN_LOOK_MS);
    return () => {
      events.forEach((e) => el.removeEventListener(e, update));
      el.removeEventListener('playing', onPlaying);
      clearInterval(watchdog);
    };
  }, [live, onFirstPlay, keepUp]);

  const perform = useCallback(
    (action: PlayerAction) => {
      const el = video.current!;
      switch (action.type) {
        case 'toggle-play':
          if (el.paused) {
            void el.play();
          } else {
            following.current = false;
            el.pause();
          }
          break;
        case 'seek-by':
          following.current = false;
          el.currentTime = clampSeek(
            el.currentTime + action.seconds,
            live ? seekableWindow(el.seekable) : null,
            el.duration,
          );
          break;
        case 'volume-by':
          el.volume = clampVolume(el.volume + action.delta);
          el.muted = false;
          break;
        case 'toggle-mute':
          el.muted = !el.muted;
          break;
        case 'toggle-fullscreen':
          if (document.fullscreenElement) {
            void document.exitFullscreen();
          } else {
            void box.current?.requestFullscreen();
          }
          break;
        case 'toggle-help':
          setHelp((h) => !h);
          break;
        case 'go-live': {
          const w = seekableWindow(el.seekable);
          const position = hls.current?.liveSyncPosition ?? (w ? Math.max(w.start, w.end - 3) : null);
          if (position !== null) el.currentTime = position;
          following.current = true;
          void el.play();
          break;
        }
      }
    },
    [live],
  );

  const onKey = (e: KeyboardEvent<HTMLDivElement>) => {
    if (e.key === 'Escape' && help) {
      e.preventDefault();
      setHelp(false);
      return;
    }
    const action = actionFor({
      key: e.key,
      ctrlKey: e.ctrlKey,
      metaKey: e.metaKey,
      altKey: e.altKey,
      targetTag: (e.target as HTMLElement).tagName === 'VIDEO' ? undefined : (e.target as HTMLElement).tagName,
    });
    if (action) {
      e.preventDefault();
      perform(action);
    }
  };

  const chooseQuality = (value: number) => {
    setQuality(value);
    if (hls.current) hls.current.currentLevel = value; // -1 = automatic
  };

  const atEdge = isAtLiveEdge(time, window);
  const barStart = live ? (window?.start ?? 0) : 0;
  const barEnd = live ? (window?.end ?? 0) : Number.isFinite(duration) ? duration : 0;

  return (
    <div className="player" ref={box} tabIndex={0} onKeyDown={onKey} aria-label="Video player (press ? for shortcuts)">
      <video
        ref={video}
        muted
        autoPlay
        playsInline
        poster={poster ?? undefined}
        onClick={() => perform({ type: 'toggle-play' })}
        data-testid="video"
      />
      {error && <div className="overlay">{error}</div>}
      {!error && starting && (
        <div className="overlay" role="status">
          Starting the stream…
        </div>
      )}
      {help && (
        <div className="overlay help" role="dialog" aria-label="Keyboard shortcuts">
          <table>
            <tbody>
              {SHORTCUTS.map((s) => (
                <tr key={s.label}>
                  <td>
                    {s.keys.map((k) => (
                      <kbd key={k}>{KEY_NAMES[k] ?? k.toUpperCase()}</kbd>
                    ))}
                  </td>
                  <td>{s.label}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <button type="button" onClick={() => setHelp(false)}>
            Close
          </button>
        </div>
      )}
      <div className="controls">
        <button type="button" onClick={() => perform({ type: 'toggle-play' })} aria-label={paused ? 'Play' : 'Pause'}>
          {paused ? '▶' : '❚❚'}
        </button>
        <input
          type="range"
          className="seek"
          aria-label="Seek"
          min={barStart}
          max={Math.max(barStart, barEnd)}
          step={0.1}
          value={Math.min(Math.max(time, barStart), Math.max(barStart, barEnd))}
          onChange={(e) => {
            following.current = false;
            video.current!.currentTime = clampSeek(Number(e.target.value), window, duration);
          }}
        />
        {live ? (
          <button
            type="button"
            className={atEdge ? 'live on' : 'live'}
            onClick={() => perform({ type: 'go-live' })}
            aria-label="Jump to live"
          >
            LIVE
          </button>
        ) : (
          <span className="time">
            {formatTime(time)} / {formatTime(duration)}
          </span>
        )}
        {live && behindLiveLabel(behind) && (
          <span className="time" data-testid="behind-live" data-seconds={behind.toFixed(2)}>
            {behindLiveLabel(behind)}
          </span>
        )}
        <button type="button" onClick={() => perform({ type: 'toggle-mute' })} aria-label={muted ? 'Unmute' : 'Mute'}>
          {muted || volume === 0 ? 'Unmute' : 'Mute'}
        </button>
        <input
          type="range"
          className="volume"
          aria-label="Volume"
          min={0}
          max={1}
          step={0.05}
          value={muted ? 0 : volume}
          onChange={(e) => {
            const el = video.current!;
            el.volume = Number(e.target.value);
            el.muted = false;
          }}
        />
        {qualities.length > 1 && (
          <select aria-label="Quality" value={quality} onChange={(e) => chooseQuality(Number(e.target.value))}>
            {qualities.map((q) => (
              <option key={q.value} value={q.value}>
                {q.label}
              </option>
            ))}
          </select>
        )}
        <button type="button" onClick={() => perform({ type: 'toggle-help' })} aria-label="Keyboard shortcuts">
          ?
        </button>
        <button type="button" onClick={() => perform({ type: 'toggle-fullscreen' })} aria-label="Fullscreen">
          Full screen
        </button>
      </div>
    </div>
  );
}
