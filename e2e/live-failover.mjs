// Plays a Millrace live stream in a real browser (Debian's chromium, playwright-core, hls.js) through an ingest
// failover: the same page and the same hls.js instance must go on playing after the stream's ingest node died and its
// publisher reconnected to another one.
//
//   node e2e/live-failover.mjs <gatewayBaseUrl> <streamId> <screenshot.png> [<markerFile>]
//
// Plays 3 s; then, with a marker file, writes `<markerFile>.playing` and waits until the test creates the marker
// (the failover is done: the reconnected publisher's first new segment is listed), and passes when currentTime has
// advanced 6 s more after it. Without a marker it passes after the 3 s. A fatal hls.js error, a page error or the
// hard timeout fails it (exit 1, the reason on stderr); the summary (exit 0) is one JSON line on stdout.
import { access, writeFile } from 'node:fs/promises';
import { BrowserSession, run } from './browser-session.mjs';

const [base, streamId, screenshot, marker] = process.argv.slice(2);
if (!base || !streamId || !screenshot) {
  console.error('usage: node live-failover.mjs <gatewayBaseUrl> <streamId> <screenshot.png> [<markerFile>]');
  process.exit(2);
}
const AFTER_FAILOVER = 6;
const session = new BrowserSession('live-failover', base, screenshot, Number(process.env.E2E_TIMEOUT_MS ?? 150_000));

const exists = (path) => access(path).then(() => true, () => false);

run(session, async (s) => {
  await s.open(`/live/${encodeURIComponent(streamId)}/master.m3u8`);
  const playing = await s.until('playback to start', (p) => p.t > 0 && !p.paused);
  const before = await s.until('3 s of playback', (p) => p.t >= playing.t + 3);
  if (!marker) {
    await s.finish({ streamId, startTime: playing.t, advanced: before.t - playing.t, videoHeight: before.videoHeight,
      nonFatalErrors: before.errors });
    return;
  }
  await writeFile(`${marker}.playing`, String(before.t));
  // While the test kills the node and reconnects the publisher: the page must live through it (no fatal error).
  let failover;
  for (;;) {
    const now = await s.until('the failover marker', () => true); // one look, with the fatal and page-error checks
    if (await exists(marker)) {
      failover = now;
      break;
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  const after = await s.until(`${AFTER_FAILOVER} s of playback after the failover`,
    (p) => p.t >= failover.t + AFTER_FAILOVER);
  await s.finish({
    streamId, startTime: playing.t, beforeFailover: before.t, atFailover: failover.t,
    advancedAfterFailover: after.t - failover.t, videoHeight: after.videoHeight, nonFatalErrors: after.errors,
  });
});
