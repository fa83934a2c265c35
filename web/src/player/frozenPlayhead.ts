// Frees a playhead that stopped inside media it has: Chromium's video pipeline sometimes stops for good after a
// buffer flush under the playhead (an immediate quality switch: hls.js's `currentLevel`), on a loaded machine, with
// the new rendition buffered seconds ahead and no error. hls.js 1.7 nudges only over holes between buffered ranges,
// never inside one range, so nothing else would ever move it; a small seek restarts decoding from a keyframe.

/** What the watchdog reads from the video element on each look. */
export interface PlayheadSample {
  /** performance.now() of the look, in ms. */
  now: number;
  currentTime: number;
  paused: boolean;
  seeking: boolean;
  /** HTMLMediaElement.readyState: below HAVE_FUTURE_DATA (3) the element waits for data or a decoder. */
  readyState: number;
  /** Seconds buffered ahead of currentTime in the range that holds it (0 when currentTime is in none). */
  bufferedAhead: number;
}

/** How long the playhead must stand still, with media ahead, before it is nudged: longer than any decoder hiccup. */
export const FROZEN_MS = 2500;
/** Buffered media ahead that makes a standing playhead frozen rather than starved (starving is hls.js's business). */
export const FROZEN_WITH_AHEAD_SECONDS = 1;
/** The nudge: a seek this far ahead, short enough not to be seen, long enough not to be a no-op. */
export const NUDGE_SECONDS = 0.05;
/** How often the element is looked at. */
export const FROZEN_LOOK_MS = 500;
/** Nudges per freeze: if a few seeks did not help, more will not either (and they would hide a real fault). */
export const MAX_NUDGES = 3;

const HAVE_FUTURE_DATA = 3;

/** Watches one video element's playhead; {@link look} says when to nudge it. */
export class FrozenPlayhead {
  private lastTime = NaN;
  private since = 0;
  private nudges = 0;

  /** How many nudges this watchdog has made, all freezes together. */
  total = 0;

  /** Feeds one look at the element; true when the caller should nudge now (currentTime += {@link NUDGE_SECONDS}). */
  look(s: PlayheadSample): boolean {
    const standing =
      !s.paused && !s.seeking && s.readyState < HAVE_FUTURE_DATA && s.bufferedAhead >= FROZEN_WITH_AHEAD_SECONDS;
    if (!standing || s.currentTime !== this.lastTime) {
      if (s.currentTime !== this.lastTime) this.nudges = 0; // it moved: a later freeze gets its own nudges
      this.lastTime = s.currentTime;
      this.since = s.now;
      return false;
    }
    if (s.now - this.since < FROZEN_MS || this.nudges >= MAX_NUDGES) return false;
    this.nudges++;
    this.total++;
    this.since = s.now; // give the seek the same time to take effect before the next
    return true;
  }
}
