// Plays a Millrace live stream in a real browser: Debian's chromium, driven by playwright-core, with hls.js.
//
//   node e2e/live-playback.mjs <gatewayBaseUrl> <streamId> <screenshot.png>
//
// Passes (exit 0, one JSON summary line on stdout) when currentTime advances by at least 4 s, the lowest rung can be
// selected (hls.js reports LEVEL_SWITCHED to it) and playback goes on for 2 s more at that rung's height, with no
// page error and no fatal hls.js error. Anything else, or the hard timeout, exits 1 with the reason on stderr.
import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const HERE = dirname(fileURLToPath(import.meta.url));
const HARD_TIMEOUT_MS = Number(process.env.E2E_TIMEOUT_MS ?? 90_000);
const POLL_MS = 250;
// Debian's chromium, not a Playwright download (`npx playwright install` cannot reach its CDN here). The flags keep a
// headless run quiet and self-contained: no GPU, no QUIC, no background calls home, no first-run UI.
const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
  '--autoplay-policy=no-user-gesture-required'];

const [base, streamId, screenshot] = process.argv.slice(2);
if (!base || !streamId || !screenshot) {
  console.error('usage: node live-playback.mjs <gatewayBaseUrl> <streamId> <screenshot.png>');
  process.exit(2);
}
const origin = base.replace(/\/+$/, '');
const started = Date.now();
let profile; // a fresh --user-data-dir: no cache, no state between runs
let context;
let page;
let last = null; // the last snapshot of the page, for the failure message

// The test page and its scripts are served at the gateway's origin by interception, so hls.js's requests to
// /live/... are same-origin and the gateway needs no CORS for the test.
const PAGE_FILES = {
  'player.html': { type: 'text/html', path: join(HERE, 'page', 'player.html') },
  'player.js': { type: 'text/javascript', path: join(HERE, 'page', 'player.js') },
  'hls.js': { type: 'text/javascript', path: join(HERE, 'node_modules', 'hls.js', 'dist', 'hls.min.js') },
};

let failing = false;

async function fail(message) {
  if (failing) return; // closing the browser on a timeout makes main() fail too: report the first cause only
  failing = true;
  console.error(`live-playback: FAIL after ${Date.now() - started} ms: ${message}`);
  if (last) console.error(`live-playback: last page state ${JSON.stringify(last)}`);
  if (page) { // what the viewer saw, for the report
    await mkdir(dirname(screenshot), { recursive: true }).catch(() => {});
    await page.screenshot({ path: screenshot }).catch(() => {});
  }
  await context?.close().catch(() => {});
  if (profile) await rm(profile, { recursive: true, force: true }).catch(() => {});
  process.exit(1);
}

const hardTimeout = setTimeout(() => fail(`hard timeout of ${HARD_TIMEOUT_MS} ms`), HARD_TIMEOUT_MS);

/** What the driver needs from the page, read in one round trip. */
function snapshot() {
  return page.evaluate(() => {
    const v = document.getElementById('video');
    const s = window.e2e ?? {};
    return { t: v.currentTime, paused: v.paused, readyState: v.readyState, videoWidth: v.videoWidth,
      videoHeight: v.videoHeight, levels: s.levels, switched: s.switched, fatal: s.fatal, errors: s.errors,
      currentLevel: window.hls?.currentLevel };
  });
}

/** Polls the page until {@code done(snapshot)} holds; a fatal hls.js error or a page error ends the wait at once. */
async function until(what, done, pageErrors) {
  for (;;) {
    last = await snapshot();
    if (last.fatal) throw new Error(`fatal hls.js error while waiting for ${what}: ${last.fatal}`);
    if (pageErrors.length) throw new Error(`page error while waiting for ${what}: ${pageErrors.join('; ')}`);
    if (done(last)) return last;
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
}

async function main() {
  profile = await mkdtemp(join(tmpdir(), 'millrace-e2e-'));
  context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS, viewport: { width: 1280, height: 720 },
  });
  page = context.pages()[0] ?? (await context.newPage());
  const pageErrors = [];
  page.on('pageerror', (e) => pageErrors.push(e.message));
  for (const [name, file] of Object.entries(PAGE_FILES)) {
    const body = await readFile(file.path);
    await page.route(`${origin}/__e2e/${name}`, (route) => route.fulfill({ contentType: file.type, body }));
  }
  await page.addInitScript((src) => { window.E2E_SOURCE = src; }, `/live/${encodeURIComponent(streamId)}/master.m3u8`);
  await page.goto(`${origin}/__e2e/player.html`);

  const playing = await until('playback to start', (s) => s.t > 0 && !s.paused, pageErrors);
  const before = await until('4 s of playback', (s) => s.t >= playing.t + 4, pageErrors);

  if (!before.levels || before.levels.length < 2) {
    throw new Error(`expected a ladder, got ${JSON.stringify(before.levels)}`);
  }
  const lowest = before.levels.reduce((a, b) => (b.height < a.height
    || (b.height === a.height && b.bitrate < a.bitrate) ? b : a));
  const switchesBefore = before.switched.length;
  // currentLevel (not nextLevel) switches at once and flushes the buffer: what a viewer picking a rung gets.
  await page.evaluate((index) => { window.hls.currentLevel = index; }, lowest.index);
  const switched = await until(`LEVEL_SWITCHED to level ${lowest.index}`,
    (s) => s.switched.slice(switchesBefore).some((e) => e.level === lowest.index), pageErrors);
  const after = await until(`2 s of playback at ${lowest.height}p`,
    (s) => s.t >= switched.t + 2 && s.videoHeight === lowest.height, pageErrors);

  await mkdir(dirname(screenshot), { recursive: true });
  await page.screenshot({ path: screenshot });
  clearTimeout(hardTimeout);
  console.log(JSON.stringify({
    ok: true, streamId, elapsedMs: Date.now() - started,
    levels: before.levels.map(({ index, width, height, bitrate }) => ({ index, width, height, bitrate })),
    startTime: playing.t, advancedBeforeSwitch: before.t - playing.t,
    heightBeforeSwitch: before.videoHeight, switchedTo: lowest.index, switchedToHeight: lowest.height,
    advancedAfterSwitch: after.t - switched.t, heightAfterSwitch: after.videoHeight, currentTime: after.t,
    nonFatalErrors: after.errors, screenshot,
  }));
  await context.close();
  await rm(profile, { recursive: true, force: true });
}

main().then(() => process.exit(0), (e) => fail(e.message));
