// Drives the Millrace web app (web/) in Debian's chromium with playwright-core, as a viewer would.
//
//   node e2e/web-app.mjs <gatewayBaseUrl> live:<streamId> <screenshot.png>
//     registers through the sign-in page, finds the live stream on the home page, watches it: playback advances,
//     a manual quality switch to the lowest rung, J (back 10 s) leaves the live edge and LIVE returns to it, ? opens
//     the shortcut help.
//   node e2e/web-app.mjs <gatewayBaseUrl> vod:<videoId> <screenshot.png>
//     finds the video in the library and plays it on its watch page.
//
// Screenshots of each page land beside <screenshot.png> (web-<page>.png). Exit 0 with one JSON summary line, or 1
// with the reason on stderr; a page error or a console error other than an expected 404 fails the run.
import { dirname, join } from 'node:path';
import { BrowserSession, run } from './browser-session.mjs';

const [base, target, screenshot] = process.argv.slice(2);
const [mode, id] = (target ?? '').split(':');
if (!base || !id || !['live', 'vod'].includes(mode) || !screenshot) {
  console.error('usage: node web-app.mjs <gatewayBaseUrl> live:<streamId>|vod:<videoId> <screenshot.png>');
  process.exit(2);
}
const origin = base.replace(/\/+$/, '');
const shots = dirname(screenshot);
const session = new BrowserSession('web-app', origin, screenshot, Number(process.env.E2E_TIMEOUT_MS ?? 90_000));

const video = (p) => p.evaluate(() => {
  const v = document.querySelector('video');
  return v ? { t: v.currentTime, paused: v.paused, height: v.videoHeight, duration: v.duration } : null;
});

async function waitFor(p, what, test, timeoutMs = 30_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const state = await video(p);
    if (session.pageErrors.length) throw new Error(`page error while waiting for ${what}: ${session.pageErrors}`);
    if (state && test(state)) return state;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; video ${JSON.stringify(state)}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

async function live(p) {
  const consoleErrors = [];
  p.on('console', (m) => { if (m.type() === 'error') consoleErrors.push(m.text()); });
  const user = `web${Date.now() % 1_000_000}`;
  await p.goto(`${origin}/signin`);
  await p.click('text=No account? Register');
  await p.fill('input[autocomplete=username]', user);
  await p.fill('input[type=email]', `${user}@example.com`);
  await p.fill('input[type=password]', 'a-long-web-password');
  await p.click('button[type=submit]');
  await p.waitForSelector(`text=Sign out ${user}`);
  await p.waitForSelector(`a[href="/watch/${id}"]`);
  await p.screenshot({ path: join(shots, 'web-home.png') });

  const opened = Date.now();
  await p.click(`a[href="/watch/${id}"]`);
  const first = await waitFor(p, 'the first frame', (v) => v.t > 0 && !v.paused);
  const firstFrameMs = Date.now() - opened;
  const played = await waitFor(p, '2 s of playback', (v) => v.t >= first.t + 2);

  const qualities = await p.$$eval('select[aria-label=Quality] option', (os) => os.map((o) => o.textContent));
  const lowest = qualities.filter((q) => q !== 'Auto').at(-1);
  await p.selectOption('select[aria-label=Quality]', { label: lowest });
  const switched = await waitFor(p, `frames at ${lowest}`, (v) => `${v.height}p` === lowest && v.t > played.t + 1);

  await p.focus('.player');
  await p.keyboard.press('j');
  await p.waitForSelector('button.live:not(.on)');
  const behind = await video(p);
  await p.click('button.live');
  await p.waitForSelector('button.live.on');
  const back = await waitFor(p, 'playback at the edge', (v) => v.t > behind.t + 5);
  await p.focus('.player');
  await p.keyboard.press('?');
  await p.waitForSelector('.help');
  await p.screenshot({ path: join(shots, 'web-watch-live.png') });
  const unexpected = consoleErrors.filter((e) => !e.includes('404'));
  if (unexpected.length) throw new Error(`console errors: ${unexpected}`);
  return { user, qualities, firstFrameMs, advanced: played.t - first.t, switchedTo: lowest,
    heightAfterSwitch: switched.height, behindBy: back.t - behind.t };
}

async function vod(p) {
  await p.goto(`${origin}/videos`);
  await p.waitForSelector(`a[href="/videos/${id}"]`);
  await p.screenshot({ path: join(shots, 'web-videos.png') });
  await p.click(`a[href="/videos/${id}"]`);
  const first = await waitFor(p, 'the first frame', (v) => v.t > 0 && !v.paused && Number.isFinite(v.duration));
  const played = await waitFor(p, '2 s of playback', (v) => v.t >= first.t + 2);
  await p.screenshot({ path: join(shots, 'web-watch-video.png') });
  return { duration: played.duration, advanced: played.t - first.t };
}

run(session, async (s) => {
  const p = await s.launch();
  const summary = mode === 'live' ? await live(p) : await vod(p);
  await s.finish({ mode, id, ...summary });
});
