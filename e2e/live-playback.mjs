// Plays a Millrace live stream in a real browser: Debian's chromium, driven by playwright-core, with hls.js.
//
//   node e2e/live-playback.mjs <gatewayBaseUrl> <streamId> <screenshot.png>
//
// Passes (exit 0, one JSON summary line on stdout) when currentTime advances by at least 4 s, the lowest rung can be
// selected (hls.js reports LEVEL_SWITCHED to it) and playback goes on for 2 s more at that rung's height, with no
// page error and no fatal hls.js error. Anything else, or the hard timeout, exits 1 with the reason on stderr.
import { BrowserSession, run } from './browser-session.mjs';

const [base, streamId, screenshot] = process.argv.slice(2);
if (!base || !streamId || !screenshot) {
  console.error('usage: node live-playback.mjs <gatewayBaseUrl> <streamId> <screenshot.png>');
  process.exit(2);
}
const session = new BrowserSession('live-playback', base, screenshot, Number(process.env.E2E_TIMEOUT_MS ?? 90_000));

run(session, async (s) => {
  await s.open(`/live/${encodeURIComponent(streamId)}/master.m3u8`);
  const playing = await s.until('playback to start', (p) => p.t > 0 && !p.paused);
  const before = await s.until('4 s of playback', (p) => p.t >= playing.t + 4);

  if (!before.levels || before.levels.length < 2) {
    throw new Error(`expected a ladder, got ${JSON.stringify(before.levels)}`);
  }
  const lowest = before.levels.reduce((a, b) => (b.height < a.height
    || (b.height === a.height && b.bitrate < a.bitrate) ? b : a));
  const switchesBefore = before.switched.length;
  // currentLevel (not nextLevel) switches at once and flushes the buffer: what a viewer picking a rung gets.
  await s.page.evaluate((index) => { window.hls.currentLevel = index; }, lowest.index);
  const switched = await s.until(`LEVEL_SWITCHED to level ${lowest.index}`,
    (p) => p.switched.slice(switchesBefore).some((e) => e.level === lowest.index));
  const after = await s.until(`2 s of playback at ${lowest.height}p`,
    (p) => p.t >= switched.t + 2 && p.videoHeight === lowest.height);

  await s.finish({
    streamId,
    levels: before.levels.map(({ index, width, height, bitrate }) => ({ index, width, height, bitrate })),
    startTime: playing.t, advancedBeforeSwitch: before.t - playing.t,
    heightBeforeSwitch: before.videoHeight, switchedTo: lowest.index, switchedToHeight: lowest.height,
    advancedAfterSwitch: after.t - switched.t, heightAfterSwitch: after.videoHeight, currentTime: after.t,
    nonFatalErrors: after.errors,
  });
});
