// Time from opening a live stream's watch page to its first frame, in Debian's chromium (playwright-core from e2e/),
// against the reference in the same run: hls.js's bare player (e2e/page/player.html: hls.js with its defaults, no
// app) on the same stream.
//
//   node bench/web-first-frame.mjs <baseUrl> <streamId> [runs]
//
// Needs a server with the web app and a stream being published (bench/web.sh sets both up). Each run is a fresh
// browser context (no cache); app and reference alternate; prints one line per run and the medians.
import { chromium } from '../e2e/node_modules/playwright-core/index.mjs';
import { routePlayerPage } from '../e2e/browser-session.mjs';

const [baseArg, streamId, runsArg] = process.argv.slice(2);
if (!baseArg || !streamId) {
  console.error('usage: node bench/web-first-frame.mjs <baseUrl> <streamId> [runs]');
  process.exit(2);
}
const base = baseArg.replace(/\/+$/, '');
const runs = Number(runsArg ?? 5);
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--autoplay-policy=no-user-gesture-required'] });

async function firstFrame(kind) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 720 } });
  const page = await context.newPage();
  const url = kind === 'hls.js' ? await routePlayerPage(page, base, `/live/${streamId}/master.m3u8`)
    : `${base}/watch/${encodeURIComponent(streamId)}`;
  const started = Date.now();
  await page.goto(url);
  await page.waitForFunction(() => { const v = document.querySelector('video'); return v && v.currentTime > 0; },
    null, { timeout: 30_000, polling: 20 });
  const ms = Date.now() - started;
  await context.close();
  return ms;
}

const times = { app: [], 'hls.js': [] };
for (let i = 0; i < runs; i++) {
  for (const kind of i % 2 ? ['hls.js', 'app'] : ['app', 'hls.js']) {
    const ms = await firstFrame(kind);
    times[kind].push(ms);
    console.log(`run ${i + 1} ${kind}: ${ms} ms`);
  }
}
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
for (const [kind, xs] of Object.entries(times)) {
  console.log(`${kind}: median ${median(xs)} ms over ${runs} runs (min ${Math.min(...xs)}, max ${Math.max(...xs)})`);
}
console.log(`ratio app / hls.js bare player: ${(median(times.app) / median(times['hls.js'])).toFixed(2)}`);
await browser.close();
