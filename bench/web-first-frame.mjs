// Time from opening a live stream's watch page to its first frame, in Debian's chromium (playwright-core from e2e/).
//
//   node bench/web-first-frame.mjs <baseUrl> <streamId> [runs]
//
// Needs a server with the web app and a stream being published (see docs/benchmarks.md). Each run is a fresh
// browser context (no cache); prints one line per run and the median.
import { chromium } from '../e2e/node_modules/playwright-core/index.mjs';

const [base, streamId, runsArg] = process.argv.slice(2);
if (!base || !streamId) {
  console.error('usage: node bench/web-first-frame.mjs <baseUrl> <streamId> [runs]');
  process.exit(2);
}
const runs = Number(runsArg ?? 5);
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--autoplay-policy=no-user-gesture-required'] });
const times = [];
for (let i = 0; i < runs; i++) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 720 } });
  const page = await context.newPage();
  const started = Date.now();
  await page.goto(`${base.replace(/\/+$/, '')}/watch/${encodeURIComponent(streamId)}`);
  await page.waitForFunction(() => { const v = document.querySelector('video'); return v && v.currentTime > 0; },
    null, { timeout: 30_000, polling: 20 });
  times.push(Date.now() - started);
  console.log(`run ${i + 1}: ${times[i]} ms`);
  await context.close();
}
times.sort((a, b) => a - b);
console.log(`median ${times[Math.floor(times.length / 2)]} ms over ${runs} runs (min ${times[0]}, max ${times[times.length - 1]})`);
await browser.close();
