// A creator uploads a video through the web app's upload page (web/src/pages/Upload.tsx), in Debian's chromium driven
// by playwright-core, against a running server:
//
//   node e2e/upload-page.mjs <gatewayBaseUrl> <video.mp4> <screenshot.png> [<tooLarge.mp4>|-] [ready|queued]
//
// register → dashboard → "Upload videos" → Tab reaches the file picker → choose <video.mp4> (upload throttled to
// 3 MiB/s through Chromium's network emulation, so the transfer takes seconds) → title, description, visibility
// up front → Upload → progress with speed and time left → once more than one 8 MiB chunk is on the server, reload
// the page mid-transfer → the list shows it stopped part-way → choose the same file again: it resumes from the
// server's offset (a HEAD, then PATCHes from that offset; no second POST) → pause and resume → all sent → the state
// advances (queued → processing % → ready) → its link plays the video; with `queued` (a server without a transcode
// worker) it ends at the queued state, its list row agreeing. With <tooLarge.mp4> (larger than the server's limit):
// the page says the server's limit and no byte is sent.
//
// Exit 0 with one JSON summary line, or 1 with the reason on stderr; a page error, a Content-Security-Policy
// violation or a console error (other than the 404s of an expected lookup) fails the run.
import { basename, dirname, join } from 'node:path';
import { stat } from 'node:fs/promises';
import { BrowserSession, run } from './browser-session.mjs';

const [base, media, screenshot, tooLargeArg, until_ = 'ready'] = process.argv.slice(2);
const tooLarge = tooLargeArg === '-' ? undefined : tooLargeArg;
if (!base || !media || !screenshot || !['ready', 'queued'].includes(until_)) {
  console.error('usage: node upload-page.mjs <gatewayBaseUrl> <video.mp4> <screenshot.png> [<tooLarge.mp4>|-] [ready|queued]');
  process.exit(2);
}
const goal = until_ === 'ready' ? 'Ready' : 'Waiting to be processed';
const origin = base.replace(/\/+$/, '');
const shots = dirname(screenshot);
const session = new BrowserSession('upload-page', origin, screenshot, Number(process.env.E2E_TIMEOUT_MS ?? 240_000));
const shot = (p, name) => p.screenshot({ path: join(shots, `upload-${name}.png`), fullPage: true });
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const CHUNK = 8 * 1024 * 1024;
const THROTTLE = 3 * 1024 * 1024;
const cspViolations = [];
const fileName = basename(media);
const item = `li[data-file="${fileName}"]`;

function check() {
  if (session.pageErrors.length) throw new Error(`page error: ${session.pageErrors}`);
  if (cspViolations.length) throw new Error(`CSP violation: ${cspViolations}`);
}

/** Polls `read()` in the page until `test` holds; what it read last is in the error. */
async function until(p, what, read, test, timeoutMs = 30_000, arg = item) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    check();
    const value = await p.evaluate(read, arg).catch((e) => ({ error: e.message }));
    if (value !== null && !value.error && test(value)) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; last ${JSON.stringify(value)}`);
    await sleep(150);
  }
}

/** The transfer of the item `sel` as the page shows it (run in the page). */
const transfer = (sel) => {
  const li = document.querySelector(sel);
  if (!li) return null;
  const bar = li.querySelector('.transfer progress');
  const fig = (k) => li.querySelector(`[data-figure=${k}]`)?.textContent ?? null;
  return { phase: li.dataset.phase, sent: bar ? Number(bar.value) : null, percent: fig('percent'), speed: fig('speed'),
    left: fig('left'), resumed: fig('resumed'), state: li.querySelector('[data-state]')?.textContent ?? null,
    stateCode: li.querySelector('[data-state]')?.dataset.state ?? null, phaseText: li.querySelector('.upload-phase')?.textContent ?? null };
};

/** Presses Tab until `selector` has the focus: the control can be reached without a mouse. */
async function tabTo(p, selector, max = 40) {
  await p.evaluate(() => { document.activeElement?.blur(); window.scrollTo(0, 0); });
  for (let i = 1; i <= max; i++) {
    await p.keyboard.press('Tab');
    if (await p.evaluate((sel) => document.activeElement?.matches(sel) ?? false, selector)) return i;
  }
  throw new Error(`${selector} is not reachable with Tab in ${max} presses`);
}

async function register(p) {
  const user = `up${Date.now() % 1_000_000}`;
  await p.goto(`${origin}/dashboard/upload`); // signed out: sent to sign in, then back here
  await p.waitForURL(/\/signin\?next=/);
  await p.click('text=No account? Register');
  await p.fill('input[autocomplete=username]', user);
  await p.fill('input[type=email]', `${user}@example.com`);
  await p.fill('input[type=password]', 'a-long-upload-password');
  await p.click('button[type=submit]');
  await p.waitForSelector(`text=Sign out ${user}`);
  await p.waitForURL(`${origin}/dashboard/upload`);
  await p.waitForSelector('h1:text("Upload videos")');
  return user;
}

run(session, async (s) => {
  const p = await s.launch({ width: 1280, height: 900 });
  const consoleErrors = [];
  p.on('console', (m) => { if (m.type() === 'error') consoleErrors.push(m.text()); });
  p.on('dialog', (d) => d.accept()); // "leave site?" while a transfer runs: yes, reload
  await p.exposeFunction('e2eCspViolation', (v) => cspViolations.push(v));
  await p.addInitScript(() => document.addEventListener('securitypolicyviolation',
    (e) => window.e2eCspViolation(`${e.violatedDirective} blocked ${e.blockedURI || 'inline'}`)));
  const requests = [];
  p.on('request', (r) => {
    if (new URL(r.url()).pathname.startsWith('/api/uploads') && r.method() !== 'GET') {
      requests.push({ method: r.method(), path: new URL(r.url()).pathname, offset: r.headers()['upload-offset'] ?? null,
        auth: (r.headers().authorization ?? '').startsWith('Bearer ') });
    }
  });
  const size = (await stat(media)).size;
  if (size < 2.5 * CHUNK) throw new Error(`${media} is ${size} bytes: too small to reload after the first chunk`);

  const user = await register(p);
  await p.goto(`${origin}/dashboard`);
  await p.click('h1 a:text("Upload videos")');
  await p.waitForURL(`${origin}/dashboard/upload`);
  const pickerKeys = await tabTo(p, 'input[type=file]');

  const cdp = await p.context().newCDPSession(p);
  await cdp.send('Network.enable');
  await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 0, downloadThroughput: -1, uploadThroughput: THROTTLE });

  // The details go in up front: title, description, visibility.
  await p.setInputFiles('input[type=file]', media);
  await p.waitForSelector(`${item} form`);
  const suggested = await p.inputValue(`${item} input[name=title]`);
  const title = `E2E upload ${Date.now() % 100_000}`;
  await p.fill(`${item} input[name=title]`, title);
  await p.fill(`${item} textarea[name=description]`, 'Uploaded by the end-to-end test');
  await p.fill(`${item} input[name=tags]`, 'e2e, upload');
  await p.selectOption(`${item} select`, 'unlisted');
  await shot(p, 'draft');
  await p.click(`${item} button[type=submit]`);

  // Past the first chunk (so the server has it for sure) with speed and time left shown, then a reload.
  const moving = await until(p, 'speed and time left past the first chunk', transfer,
    (t) => t.sent > CHUNK + 1024 * 1024 && t.speed !== '—' && /left$/.test(t.left ?? ''), 60_000);
  await shot(p, 'sending');
  const postsBefore = requests.filter((r) => r.method === 'POST').length;
  await p.reload();
  await p.waitForSelector('h1:text("Upload videos")');
  const stoppedRow = await p.waitForSelector('tr[data-status=uploading]', { timeout: 15_000 });
  const stoppedText = await stoppedRow.textContent();
  await shot(p, 'after-reload');

  // The same file again: it resumes from the server's offset, with the details given before.
  const before = requests.length;
  await p.setInputFiles('input[type=file]', media);
  const resumed = await until(p, 'the resumed transfer', transfer, (t) => t.resumed !== null && t.phase === 'uploading');
  const resumedTitle = await p.textContent(`${item} h3`);
  const afterReload = requests.slice(before);
  if (afterReload[0]?.method !== 'HEAD') throw new Error(`the resume did not start with a HEAD: ${JSON.stringify(afterReload)}`);
  await sleep(300);
  const firstPatch = requests.slice(before).find((r) => r.method === 'PATCH');

  // Pause and resume from the buttons.
  await p.click(`${item} button:text("Pause")`);
  const paused = await until(p, 'paused', transfer, (t) => t.phase === 'paused');
  await sleep(1500);
  const stillPaused = await p.evaluate(transfer, item);
  if (stillPaused.sent !== paused.sent || stillPaused.phase !== 'paused') throw new Error(`a paused upload moved: ${JSON.stringify([paused, stillPaused])}`);
  await p.click(`${item} button:text("Resume")`);
  await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 0, downloadThroughput: -1, uploadThroughput: -1 });

  // All sent: the server's state advances (to a playable video).
  const states = [];
  const reached = await until(p, `the state "${goal}"`, (sel) => {
    const li = document.querySelector(`${sel}[data-phase=sent]`);
    return { text: li?.querySelector('[data-state]')?.textContent ?? '' };
  }, ({ text }) => { if (text && states.at(-1) !== text) states.push(text); return text === goal || text.startsWith('Failed'); }, 180_000)
    .then((v) => v.text);
  if (reached !== goal) throw new Error(`processing failed: ${reached} (states ${states})`);
  await shot(p, 'ready');
  const uploadId = await p.getAttribute(item, 'data-upload'); // before its link leaves the page
  let videoId = null;
  let watchedTitle = null;
  if (until_ === 'ready') {
    const href = await p.getAttribute(`${item} a[href^="/videos/"]`, 'href');
    videoId = href.split('/').pop();
    await p.click(`${item} a[href^="/videos/"]`);
    await p.waitForURL(`${origin}${href}`);
    await p.waitForFunction(() => { const v = document.querySelector('main video'); return v && v.currentTime > 1 && !v.paused; }, null, { timeout: 30_000 });
    watchedTitle = await p.textContent('main h1');
  }

  const posts = requests.filter((r) => r.method === 'POST').length;

  // Too large: the server's limit, before any byte.
  let tooLargeMessage = null;
  if (tooLarge) {
    await p.goto(`${origin}/dashboard/upload`);
    const bigItem = `li[data-file="${basename(tooLarge)}"]`;
    const sentBefore = requests.length;
    await p.setInputFiles('input[type=file]', tooLarge);
    await p.click(`${bigItem} button[type=submit]`);
    tooLargeMessage = await (await p.waitForSelector(`${bigItem} .error`, { timeout: 15_000 })).textContent();
    const patches = requests.slice(sentBefore).filter((r) => r.method === 'PATCH');
    if (patches.length) throw new Error(`bytes were sent for a file over the limit: ${JSON.stringify(patches)}`);
    await shot(p, 'too-large');
  }

  check();
  const unexpected = consoleErrors.filter((e) => !e.includes('404') && !e.includes('413'));
  if (unexpected.length) throw new Error(`console errors: ${unexpected}`);
  await s.finish({ user, title, suggested, uploadId, videoId, pickerKeys, size,
    figures: { percent: moving.percent, speed: moving.speed, left: moving.left, sentAtReload: moving.sent },
    stoppedText, resumedFrom: resumed.resumed, resumedTitle, firstPatchOffsetAfterReload: firstPatch ? Number(firstPatch.offset) : null,
    posts, postsBeforeReload: postsBefore,
    allAuthorized: requests.filter((r) => r.method !== 'OPTIONS').every((r) => r.auth), pausedAt: paused.sent, states, watchedTitle, tooLargeMessage });
});
