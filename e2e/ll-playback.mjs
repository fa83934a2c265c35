// Plays a Millrace live stream in low-latency mode in a real browser (Debian's chromium driven by playwright-core)
// with hls.js (page/ll-hls.html) or Shaka Player (page/ll-shaka.html), and measures how far behind the live edge it
// plays; optionally through a publisher's reconnect.
//
//   node e2e/ll-playback.mjs <gatewayBaseUrl> <streamId> <screenshot.png> <hls|shaka> [<markerFile>]
//
// Waits for playback (start-up gets the whole hard timeout: a loaded machine is slow to start), lets it settle for
// 6 s of media, then samples for 10 s: the distance from the live edge three ways (the edge the page saw in the media
// playlists, dated by EXT-X-PROGRAM-DATE-TIME and aged since, minus the playhead's date: the same for both players;
// the player's own latency; the seekable end minus currentTime), the playback rate, stalls and how fast currentTime
// advanced. With a marker file it then writes `<markerFile>.playing`, waits (playing on, no fatal error) until the
// test has restarted the publisher and created the marker, waits for 6 s of media more and samples again.
// The test asserts on the summary (one JSON line on stdout, exit 0); a fatal player error, a page error or the hard
// timeout exits 1 with the reason on stderr.
import { access, writeFile } from 'node:fs/promises';
import { BrowserSession, run } from './browser-session.mjs';

const [base, streamId, screenshot, player, marker] = process.argv.slice(2);
if (!base || !streamId || !screenshot || !['hls', 'shaka'].includes(player)) {
  console.error('usage: node ll-playback.mjs <gatewayBaseUrl> <streamId> <screenshot.png> <hls|shaka> [<markerFile>]');
  process.exit(2);
}
const SETTLE_SECONDS = 6;
const MEASURE_MS = 10_000;
const SAMPLE_MS = 250;
const session = new BrowserSession(`ll-playback-${player}`, base, screenshot,
  Number(process.env.E2E_TIMEOUT_MS ?? (marker ? 200_000 : 120_000)));
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const exists = (path) => access(path).then(() => true, () => false);

/** One look at the page, failing at once on a fatal player error or a page error. */
async function sample(s, what) {
  const p = await s.page.evaluate(() => (window.e2eSample ? window.e2eSample() : { t: 0, fatal: window.e2e?.fatal }));
  s.last = p;
  if (p.fatal) throw new Error(`fatal ${player} error while waiting for ${what}: ${p.fatal}`);
  if (s.pageErrors.length) throw new Error(`page error while waiting for ${what}: ${s.pageErrors.join('; ')}`);
  return p;
}

async function until(s, what, done) {
  for (;;) {
    const p = await sample(s, what);
    if (done(p)) return p;
    await sleep(SAMPLE_MS);
  }
}

function stats(values) {
  const v = values.filter((x) => typeof x === 'number' && Number.isFinite(x)).sort((a, b) => a - b);
  if (!v.length) return null;
  const at = (q) => v[Math.min(v.length - 1, Math.floor(q * v.length))];
  const round = (x) => Math.round(x * 1000) / 1000;
  return { n: v.length, min: round(v[0]), median: round(at(0.5)), p95: round(at(0.95)), max: round(v.at(-1)) };
}

/** Samples for MEASURE_MS of wall time: the distances, the rates, and how much media played meanwhile. */
async function measure(s, what) {
  const samples = [];
  const started = Date.now();
  const first = await sample(s, what);
  while (Date.now() - started < MEASURE_MS) {
    await sleep(SAMPLE_MS);
    samples.push(await sample(s, what));
  }
  const last = samples.at(-1);
  const wall = (Date.now() - started) / 1000;
  return {
    edgeDistance: stats(samples.map((p) => p.edgeDistance)),
    playerLatency: stats(samples.map((p) => p.playerLatency)),
    seekDistance: stats(samples.map((p) => p.seekDistance)),
    pdtLatency: stats(samples.map((p) => p.pdtLatency)),
    rate: stats(samples.map((p) => p.rate)),
    targetLatency: last.targetLatency ?? null,
    // currentTime over wall time: 1 when playing steadily, up to the catch-up rate while catching up, less on stalls.
    mediaPerWallSecond: Math.round(((last.t - first.t) / wall) * 1000) / 1000,
    pausedSamples: samples.filter((p) => p.paused).length,
    stallsDuring: (last.stalls ?? 0) - (first.stalls ?? 0), jumpsDuring: (last.jumps ?? 0) - (first.jumps ?? 0),
    from: first.t, to: last.t, videoHeight: last.videoHeight,
  };
}

run(session, async (s) => {
  await s.open(`/live/${encodeURIComponent(streamId)}/master.m3u8`, `ll-${player}.html`);
  const playing = await until(s, 'playback to start', (p) => p.t > 0 && !p.paused && p.edgeDistance !== null);
  const startedAfterMs = Date.now() - s.started;
  await until(s, `${SETTLE_SECONDS} s of playback`, (p) => p.t >= playing.t + SETTLE_SECONDS);
  const steady = await measure(s, 'steady playback');

  let reconnect = null;
  if (marker) {
    await writeFile(`${marker}.playing`, String(s.last.t));
    let atMarker;
    for (;;) { // the test stops and restarts the publisher meanwhile: the page must live through it
      const now = await sample(s, 'the reconnect marker');
      if (await exists(marker)) {
        atMarker = now;
        break;
      }
      await sleep(SAMPLE_MS);
    }
    const recovered = await until(s, `${SETTLE_SECONDS} s of playback after the reconnect`,
      (p) => p.t >= atMarker.t + SETTLE_SECONDS && !p.paused);
    reconnect = { atMarker: atMarker.t, recoveredAt: recovered.t, ...(await measure(s, 'playback after the reconnect')) };
  }

  const page = await s.page.evaluate(() => ({ player: window.e2e.player, version: window.e2e.version,
    errors: window.e2e.errors, edge: { ...window.e2eEdge, distance: undefined } }));
  await s.finish({
    streamId, player: page.player, version: page.version, startTime: playing.t, startedAfterMs,
    lowLatency: page.edge.lowLatency, partTarget: page.edge.partTarget, canBlockReload: page.edge.canBlockReload,
    canSkip: page.edge.canSkip, playlistLoads: page.edge.loads, blockingLoads: page.edge.blockingLoads,
    deltaLoads: page.edge.deltaLoads, endLists: page.edge.endLists, discontinuityLoads: page.edge.discontinuityLoads,
    steady, reconnect, nonFatalErrors: page.errors,
  });
});
