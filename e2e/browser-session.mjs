// What every e2e script shares: Debian's chromium driven by playwright-core, a test page (page/player.html with
// hls.js; page/ll-hls.html and page/ll-shaka.html in low-latency mode) served at the gateway's origin by interception, a hard timeout, and a single failure path that leaves a
// screenshot and the page's last state behind.
import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const HERE = dirname(fileURLToPath(import.meta.url));
const POLL_MS = 250;
const LAUNCH_MS = 40_000;
// Debian's chromium, not a Playwright download (`npx playwright install` cannot reach its CDN here). The flags keep a
// headless run quiet and self-contained: no GPU, no QUIC, no background calls home, no first-run UI.
const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
  '--autoplay-policy=no-user-gesture-required'];

// Served at the gateway's origin, so hls.js's requests to /live/... and /vod/... are same-origin (no CORS needed).
const PAGE_FILES = {
  'player.html': { type: 'text/html', path: join(HERE, 'page', 'player.html') },
  'player.js': { type: 'text/javascript', path: join(HERE, 'page', 'player.js') },
  'hls.js': { type: 'text/javascript', path: join(HERE, 'node_modules', 'hls.js', 'dist', 'hls.min.js') },
  'edge-probe.js': { type: 'text/javascript', path: join(HERE, 'page', 'edge-probe.js') },
  'll-hls.html': { type: 'text/html', path: join(HERE, 'page', 'll-hls.html') },
  'll-hls.js': { type: 'text/javascript', path: join(HERE, 'page', 'll-hls.js') },
  'll-shaka.html': { type: 'text/html', path: join(HERE, 'page', 'll-shaka.html') },
  'll-shaka.js': { type: 'text/javascript', path: join(HERE, 'page', 'll-shaka.js') },
  // Shaka's compiled UMD build: it sets window.shaka.
  'shaka-player.js': { type: 'text/javascript',
    path: join(HERE, 'node_modules', 'shaka-player', 'dist', 'shaka-player.compiled.js') },
};

/**
 * One browser run of `name`: open() loads the player on `source` (a path on `origin`), until() polls its state,
 * finish() prints the JSON summary and exits 0; any failure (or the hard timeout) exits 1 with the reason on stderr.
 */
export class BrowserSession {
  constructor(name, origin, screenshot, hardTimeoutMs) {
    this.name = name;
    this.origin = origin.replace(/\/+$/, '');
    this.screenshot = screenshot;
    this.started = Date.now();
    this.last = null;
    this.failing = false;
    this.pageErrors = [];
    this.hardTimeout = setTimeout(() => this.fail(`hard timeout of ${hardTimeoutMs} ms`), hardTimeoutMs);
  }

  /** A fresh browser (no cache, no state between runs) with one page whose errors are collected; `options` are
   *  playwright's context options (permissions, locale, ...). */
  async launch(viewport = { width: 1280, height: 720 }, options = {}) {
    // Chromium normally starts in seconds; once in a CI run it hung for the whole run's limit before its first
    // request. A launch gets LAUNCH_MS, and one more try with a fresh profile.
    for (let attempt = 1; ; attempt++) {
      this.profile = await mkdtemp(join(tmpdir(), 'millrace-e2e-'));
      try {
        this.context = await chromium.launchPersistentContext(this.profile, {
          executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS, viewport, timeout: LAUNCH_MS, ...options,
        });
        break;
      } catch (e) {
        await rm(this.profile, { recursive: true, force: true });
        if (attempt >= 2) throw e;
        console.error(`${this.name}: chromium did not start (${e.message.split('\n')[0]}); trying once more`);
      }
    }
    this.page = this.context.pages()[0] ?? (await this.context.newPage());
    this.page.on('pageerror', (e) => this.pageErrors.push(e.message));
    return this.page;
  }

  /** An e2e test player (`html`: page/player.html with hls.js, unless told) on `source`. */
  async open(source, html = 'player.html') {
    await this.launch();
    await this.page.goto(await routePlayerPage(this.page, this.origin, source, html));
    return this.page;
  }

  /** What the drivers need from the page, read in one round trip. */
  snapshot() {
    return this.page.evaluate(() => {
      const v = document.getElementById('video');
      const s = window.e2e ?? {};
      return { t: v.currentTime, paused: v.paused, readyState: v.readyState, duration: v.duration,
        videoWidth: v.videoWidth, videoHeight: v.videoHeight, levels: s.levels, switched: s.switched,
        fatal: s.fatal, errors: s.errors, currentLevel: window.hls?.currentLevel };
    });
  }

  /** Polls the page until `done(snapshot)` holds; a fatal hls.js error or a page error ends the wait at once. */
  async until(what, done) {
    for (;;) {
      this.last = await this.snapshot();
      if (this.last.fatal) throw new Error(`fatal hls.js error while waiting for ${what}: ${this.last.fatal}`);
      if (this.pageErrors.length) throw new Error(`page error while waiting for ${what}: ${this.pageErrors.join('; ')}`);
      if (done(this.last)) return this.last;
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    }
  }

  async finish(summary) {
    await mkdir(dirname(this.screenshot), { recursive: true });
    await this.page.screenshot({ path: this.screenshot });
    clearTimeout(this.hardTimeout);
    console.log(JSON.stringify({ ok: true, elapsedMs: Date.now() - this.started, ...summary,
      screenshot: this.screenshot }));
    await this.context.close();
    await rm(this.profile, { recursive: true, force: true });
    process.exit(0);
  }

  async fail(message) {
    if (this.failing) return; // closing the browser on a timeout makes the driver fail too: report the first cause
    this.failing = true;
    console.error(`${this.name}: FAIL after ${Date.now() - this.started} ms: ${message}`);
    if (this.last) console.error(`${this.name}: last page state ${JSON.stringify(this.last)}`);
    const trace = await this.page?.evaluate(() => {
      const v = document.getElementById('video');
      const ranges = (r) => Array.from({ length: r?.length ?? 0 }, (_, i) => [r.start(i), r.end(i)]);
      // Each SourceBuffer's own ranges (video.buffered is their intersection), the decoder's frame counts, and the
      // element's error: what tells a decoder stall from a missing append. hls.js internals, read only for this.
      const sourceBuffers = window.hls?.bufferController?.mediaSource?.sourceBuffers ?? [];
      const perTrack = Object.fromEntries(Array.from(sourceBuffers, (b, i) => [i, ranges(b.buffered)]));
      const q = v?.getVideoPlaybackQuality?.();
      return { buffered: ranges(v?.buffered), perTrack, frames: q && { total: q.totalVideoFrames, dropped: q.droppedVideoFrames },
        error: v?.error && `${v.error.code} ${v.error.message}`,
        trace: [...(window.e2e?.trace ?? []), ...(window.e2e?.playlists ?? [])].sort((a, b) => a.at - b.at) };
    }).catch(() => null);
    if (trace) {
      const { trace: events, ...media } = trace;
      console.error(`${this.name}: media ${JSON.stringify(media)}; last events ${JSON.stringify(events)}`);
    }
    if (this.page) { // what the viewer saw, for the report
      await mkdir(dirname(this.screenshot), { recursive: true }).catch(() => {});
      await this.page.screenshot({ path: this.screenshot }).catch(() => {});
    }
    await this.context?.close().catch(() => {});
    if (this.profile) await rm(this.profile, { recursive: true, force: true }).catch(() => {});
    process.exit(1);
  }
}

/**
 * Serves the test pages to `page` at `origin`/__e2e/, playing `source`; answers the URL of `html` (by default the bare
 * test player, page/player.html: hls.js with its defaults; also the reference player of bench/web-first-frame.mjs).
 */
export async function routePlayerPage(page, origin, source, html = 'player.html') {
  for (const [name, file] of Object.entries(PAGE_FILES)) {
    const body = await readFile(file.path);
    await page.route(`${origin}/__e2e/${name}`, (route) => route.fulfill({ contentType: file.type, body }));
  }
  await page.addInitScript((src) => { window.E2E_SOURCE = src; }, source);
  return `${origin}/__e2e/${html}`;
}

/** Runs `driver(session)` and turns any exception into the session's failure. */
export function run(session, driver) {
  driver(session).then(() => session.fail('the driver returned without finishing'), (e) => session.fail(e.message));
}
