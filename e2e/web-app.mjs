// A streamer's and a viewer's whole journey through the Millrace web app (web/), in Debian's chromium driven by
// playwright-core, against a running server:
//
//   node e2e/web-app.mjs <gatewayBaseUrl> <media.ts> <screenshot.png>
//
// register → dashboard → create a stream (with a generated passphrase) → copy its SRT URL and publish <media.ts>
// to it with Debian's ffmpeg, as OBS would → the dashboard shows it live with stats and a preview → the watch page
// plays, a manual quality switch changes the rendition, the seek bar goes 20 s back into the DVR window and plays
// from there, J goes back 10 s, LIVE returns to the edge (where the player says how far behind live it is), ? opens
// the help → stop publishing → the recording turns ready on the dashboard → its video page plays, the library lists
// it → edit its title and make it private (gone for strangers) → the pages at phone size do not scroll sideways; the
// watch page and the dashboard are reachable with Tab.
//
// Screenshots of each page land beside <screenshot.png> (web-<page>.png). Exit 0 with one JSON summary line, or 1
// with the reason on stderr; a page error, a Content-Security-Policy violation, or a console error other than an
// expected 404, fails the run.
import { spawn } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { dirname, join } from 'node:path';
import { BrowserSession, run } from './browser-session.mjs';

const [base, media, screenshot] = process.argv.slice(2);
if (!base || !media || !screenshot) {
  console.error('usage: node web-app.mjs <gatewayBaseUrl> <media.ts> <screenshot.png>');
  process.exit(2);
}
const origin = base.replace(/\/+$/, '');
const shots = dirname(screenshot);
const session = new BrowserSession('web-app', origin, screenshot, Number(process.env.E2E_TIMEOUT_MS ?? 240_000));
const shot = (p, name) => p.screenshot({ path: join(shots, `web-${name}.png`) });
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
// The app runs under the gateway's Content-Security-Policy: whatever it blocks (a script, a style, a blob the player
// needs) fails the run at the next wait, even when the page would survive it.
const cspViolations = [];

/** The page's (first) video and its seekable window. */
const video = (p) => p.evaluate(() => {
  const v = document.querySelector('main video');
  if (!v) return null;
  const s = v.seekable;
  return { t: v.currentTime, paused: v.paused, height: v.videoHeight, duration: v.duration,
    start: s.length ? s.start(0) : null, end: s.length ? s.end(s.length - 1) : null };
});

async function waitFor(p, what, test, timeoutMs = 30_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const state = await video(p);
    if (session.pageErrors.length) throw new Error(`page error while waiting for ${what}: ${session.pageErrors}`);
    if (cspViolations.length) throw new Error(`CSP violation while waiting for ${what}: ${cspViolations}`);
    if (state && test(state)) return state;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; video ${JSON.stringify(state)}`);
    await sleep(200);
  }
}

/** Presses Tab until `selector` has the focus: the control can be reached without a mouse. */
async function tabTo(p, selector, max = 60) {
  await p.evaluate(() => { document.activeElement?.blur(); window.scrollTo(0, 0); });
  for (let i = 1; i <= max; i++) {
    await p.keyboard.press('Tab');
    if (await p.evaluate((sel) => document.activeElement?.matches(sel) ?? false, selector)) return i;
  }
  throw new Error(`${selector} is not reachable with Tab in ${max} presses`);
}

/** Debian's ffmpeg publishing `media` to the URL the dashboard gave, as OBS would. */
function publish(url) {
  const log = createWriteStream(join(shots, 'web-app-ffmpeg.log'));
  const ffmpeg = spawn('ffmpeg', ['-hide_banner', '-loglevel', 'error', '-nostdin', '-re', '-i', media, '-c', 'copy',
    '-f', 'mpegts', `${url}&linger=5`], { stdio: ['ignore', 'pipe', 'pipe'] });
  ffmpeg.stdout.pipe(log);
  ffmpeg.stderr.pipe(log);
  ffmpeg.exited = new Promise((resolve) => ffmpeg.on('exit', (code, signal) => resolve({ code, signal })));
  return ffmpeg;
}

async function registerThroughTheUi(p) {
  const user = `web${Date.now() % 1_000_000}`;
  await p.goto(`${origin}/dashboard`); // signed out: sent to sign in, then back here
  await p.waitForURL(/\/signin\?next=/);
  await p.click('text=No account? Register');
  await p.fill('input[autocomplete=username]', user);
  await p.fill('input[type=email]', `${user}@example.com`);
  await p.fill('input[type=password]', 'a-long-web-password');
  await p.click('button[type=submit]');
  await p.waitForSelector(`text=Sign out ${user}`);
  await p.waitForURL(`${origin}/dashboard`);
  await p.waitForSelector('text=No streams yet');
  return user;
}

async function createStream(p, title) {
  await p.fill('form[aria-label="New stream"] input[name=title]', title);
  await p.fill('form[aria-label="New stream"] textarea[name=description]', 'Published by the end-to-end test');
  await p.click('form[aria-label="New stream"] button:text("Generate")');
  const passphrase = await p.inputValue('form[aria-label="New stream"] input[name=passphrase]');
  const dashboardKeys = await tabTo(p, 'form[aria-label="New stream"] button[type=submit]');
  await shot(p, 'dashboard-new');
  await p.click('form[aria-label="New stream"] button[type=submit]');
  await p.waitForURL(/\/dashboard\/streams\//);
  const streamId = p.url().split('/').pop();
  await p.waitForSelector('[data-testid=stream-status]:text("Offline")');
  // What a streamer does: copy the URL, paste it into the encoder.
  await p.click('[data-field=srt-url] button[aria-label="Copy server (the whole srt url)"]');
  await p.waitForSelector('[data-field=srt-url] [role=status]:text("Copied")');
  const srtUrl = await p.evaluate(() => navigator.clipboard.readText());
  if (!srtUrl.startsWith('srt://') || !srtUrl.includes(`&passphrase=${passphrase}&pbkeylen=16`)) {
    throw new Error(`the copied SRT URL is not the stream's: ${srtUrl}`);
  }
  await shot(p, 'dashboard-stream');
  return { streamId, srtUrl, passphrase, dashboardKeys };
}

async function dashboardShowsItLive(p) {
  await p.waitForSelector('[data-testid=stream-status]:text("Live")', { timeout: 30_000 });
  const preview = await waitFor(p, 'the preview plays', (v) => v.t > 1 && !v.paused);
  // Stats refresh every 2 s: the pipeline's frame rate and speed beside the SRT measures, read once a refresh
  // after the preview started (the first second of a pipeline decodes what queued while it probed the input).
  await sleep(2_500);
  await p.waitForFunction(() => ['bitrate', 'fps', 'speed', 'rtt']
    .every((k) => document.querySelector(`[data-stat=${k}]`)?.textContent !== '—'), null, { timeout: 20_000 });
  const stats = await p.$$eval('[data-stat]', (ds) => Object.fromEntries(ds.map((d) => [d.dataset.stat, d.textContent])));
  await shot(p, 'dashboard-live');
  return { stats, previewAt: preview.t };
}

async function watchLive(p, streamId) {
  const opened = Date.now();
  await p.click(`a[href="/watch/${streamId}"]`);
  await p.waitForURL(`${origin}/watch/${streamId}`);
  const first = await waitFor(p, 'the first frame', (v) => v.t > 0 && !v.paused);
  const firstFrameMs = Date.now() - opened;
  const played = await waitFor(p, '2 s of playback', (v) => v.t >= first.t + 2);

  const qualities = await p.$$eval('select[aria-label=Quality] option', (os) => os.map((o) => o.textContent));
  const lowest = qualities.filter((q) => q !== 'Auto').at(-1);
  await p.selectOption('select[aria-label=Quality]', { label: lowest });
  const switched = await waitFor(p, `frames at ${lowest}`, (v) => `${v.height}p` === lowest && v.t > played.t + 1);

  // DVR: once the window holds 40 s (room for J after it), the seek bar goes 20 s back and playback goes on from there.
  const deep = await waitFor(p, 'a 40 s DVR window', (v) => v.end - v.start >= 40 && v.t > v.end - 10, 60_000);
  const target = deep.t - 20;
  // As a drag of the seek bar ends: the range input's value set, then its input event (what React listens to).
  await p.$eval('.player input.seek', (el, value) => {
    Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value').set.call(el, value);
    el.dispatchEvent(new Event('input', { bubbles: true }));
  }, target.toFixed(1));
  const landed = await waitFor(p, 'the 20 s seek', (v) => Math.abs(v.t - target) < 2 && !v.paused, 15_000);
  const fromThere = await waitFor(p, 'playback from the seek target', (v) => v.t >= landed.t + 2, 15_000);
  if (fromThere.t > target + 10) throw new Error(`playback jumped away from the seek target: ${target} → ${fromThere.t}`);
  await p.waitForSelector('button.live:not(.on)');
  const behindAfterSeek = fromThere.end - fromThere.t;

  await p.focus('.player');
  await p.keyboard.press('j');
  const afterJ = await waitFor(p, 'J back 10 s', (v) => v.t < fromThere.t - 7, 10_000);
  await p.click('button.live');
  await p.waitForSelector('button.live.on');
  const atEdge = await waitFor(p, 'playback at the live edge', (v) => v.end - v.t <= 8 && !v.paused && v.t > afterJ.t + 15, 15_000);
  const edgeAdvanced = await waitFor(p, 'playing on at the edge', (v) => v.t > atEdge.t + 1, 10_000);
  // The player says how far behind live it is: in words, and in seconds for the test.
  const behindLive = await p.$eval('[data-testid=behind-live]', (el) => ({ text: el.textContent,
    seconds: Number(el.dataset.seconds) }));
  if (!/^\d+(\.\d)? s behind live$/.test(behindLive.text) || !(behindLive.seconds >= 0 && behindLive.seconds <= 8)) {
    throw new Error(`at the live edge the player says ${JSON.stringify(behindLive)}`);
  }

  await p.focus('.player');
  await p.keyboard.press('?');
  await p.waitForSelector('.help');
  await shot(p, 'watch-live');
  await p.keyboard.press('Escape');
  await p.waitForSelector('.help', { state: 'detached' });
  const qualityKeys = await tabTo(p, 'select[aria-label=Quality]');
  return { qualities, firstFrameMs, advanced: played.t - first.t, switchedTo: lowest, heightAfterSwitch: switched.height,
    dvrWindow: deep.end - deep.start, seekTarget: target, playedFrom: landed.t, behindAfterSeek,
    jumpedByJ: fromThere.t - afterJ.t, edgeGap: edgeAdvanced.end - edgeAdvanced.t, behindLive, qualityKeys };
}

async function recordingReady(p, streamId) {
  await p.goto(`${origin}/dashboard`);
  await p.waitForSelector('tr[data-status=ready]', { timeout: 90_000 });
  const videoHref = await p.getAttribute('tr[data-status=ready] a', 'href');
  const videoId = videoHref.split('/').pop();
  await p.waitForSelector(`li[data-video="${videoId}"]`, { timeout: 10_000 });
  await p.waitForSelector(`[data-stream="${streamId}"] .status.offline`, { timeout: 15_000 });
  await shot(p, 'dashboard-recorded');
  return videoId;
}

async function watchVideo(p, videoId) {
  await p.click(`tr[data-status=ready] a[href="/videos/${videoId}"]`);
  const first = await waitFor(p, 'the video starts', (v) => v.t > 0 && !v.paused && Number.isFinite(v.duration));
  const played = await waitFor(p, '2 s of the video', (v) => v.t >= first.t + 2);
  await shot(p, 'watch-video');
  await p.goto(`${origin}/videos`);
  await p.waitForSelector(`a[href="/videos/${videoId}"]`);
  await shot(p, 'videos');
  return { duration: played.duration, vodAdvanced: played.t - first.t };
}

async function editAndHide(p, videoId, title) {
  await p.goto(`${origin}/dashboard`);
  const row = `li[data-video="${videoId}"]`;
  await p.click(`${row} button:text("Edit")`);
  await p.fill(`${row} form input >> nth=0`, title);
  await p.fill(`${row} form input >> nth=1`, 'e2e, Live #Test');
  await p.click(`${row} form button[type=submit]`);
  await p.waitForSelector(`${row} a.video-title:text("${title}")`);
  await p.selectOption(`${row} select`, 'private');
  const stranger = async () => p.evaluate(async (id) => {
    // A stranger: no credentials and none of this browser's cache (public files may be cached for a minute).
    const api = await fetch(`/api/videos/${id}`, { credentials: 'omit', cache: 'no-store' });
    const media = await fetch(`/vod/${id}/master.m3u8`, { credentials: 'omit', cache: 'no-store' });
    return [api.status, media.status];
  }, videoId);
  const deadline = Date.now() + 10_000;
  let seen = await stranger();
  while ((seen[0] !== 404 || seen[1] !== 404) && Date.now() < deadline) {
    await sleep(500); // the gateway caches a video's playback lookup for 2 s
    seen = await stranger();
  }
  if (seen[0] !== 404 || seen[1] !== 404) throw new Error(`a private video answers strangers: ${seen}`);
  // Its owner still plays it (signed media URLs).
  await p.goto(`${origin}/videos/${videoId}`);
  await waitFor(p, 'the private video plays for its owner', (v) => v.t > 0.5 && !v.paused);
  return { strangerStatuses: seen };
}

async function phone(p, streamId, videoId) {
  await p.setViewportSize({ width: 390, height: 844 });
  const overflow = {};
  for (const [name, path] of [['home', '/'], ['videos', '/videos'], ['dashboard', '/dashboard'],
    ['stream', `/dashboard/streams/${streamId}`], ['video', `/videos/${videoId}`], ['watch-offline', `/watch/${streamId}`]]) {
    await p.goto(`${origin}${path}`);
    await p.waitForSelector('main h1');
    await sleep(300);
    const wide = await p.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    overflow[name] = wide;
    await shot(p, `phone-${name}`);
    if (wide > 1) throw new Error(`the ${name} page scrolls sideways by ${wide} px at phone width`);
  }
  return overflow;
}

run(session, async (s) => {
  const p = await s.launch({ width: 1280, height: 800 }, { permissions: ['clipboard-read', 'clipboard-write'] });
  const consoleErrors = [];
  p.on('console', (m) => { if (m.type() === 'error') consoleErrors.push(m.text()); });
  await p.exposeFunction('e2eCspViolation', (v) => cspViolations.push(v));
  await p.addInitScript(() => document.addEventListener('securitypolicyviolation',
    (e) => window.e2eCspViolation(`${e.violatedDirective} blocked ${e.blockedURI || 'inline'}`)));
  const home = await p.goto(`${origin}/`);
  const csp = home.headers()['content-security-policy'];
  if (!csp?.includes("script-src 'self'")) throw new Error(`the app is served without its CSP (got ${csp})`);
  const title = `E2E show ${Date.now() % 100_000}`;

  const user = await registerThroughTheUi(p);
  const created = await createStream(p, title);
  const ffmpeg = publish(created.srtUrl);
  let live;
  let watched;
  try {
    live = await dashboardShowsItLive(p);
    watched = await watchLive(p, created.streamId);
  } finally {
    ffmpeg.kill('SIGTERM'); // ends the publish properly: the session ends after the reconnect grace
  }
  const ended = await ffmpeg.exited;
  const videoId = await recordingReady(p, created.streamId);
  const vod = await watchVideo(p, videoId);
  const hidden = await editAndHide(p, videoId, `${title} (edited)`);
  const overflow = await phone(p, created.streamId, videoId);

  if (cspViolations.length) throw new Error(`Content-Security-Policy violations: ${cspViolations.join('; ')}`);
  const unexpected = consoleErrors.filter((e) => !e.includes('404'));
  if (unexpected.length) throw new Error(`console errors: ${unexpected}`);
  await s.finish({ user, title, streamId: created.streamId, videoId, srtUrlHasPassphrase: true,
    dashboardKeys: created.dashboardKeys, ffmpegExit: ended, csp: true, ...live, ...watched, ...vod, ...hidden, overflow });
});
