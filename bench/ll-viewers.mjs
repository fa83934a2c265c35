// Diagnostic (issue 14, the fresh hls.js LL viewer that presented no frame): opens fresh bare hls.js 1.7 viewers in
// lowLatencyMode on Millrace's live master, one after another, each in a new browser context (Debian's chromium via
// e2e/'s playwright-core), and reports when each presented its first frame. A viewer that presents none within the
// time given prints every request it made (start ms after the page opened, +duration, status, path) and hls.js's own
// log (debug on, errors included), then the run stops if STALL_STOP=1.
//
//   node bench/ll-viewers.mjs <baseUrl> <streamId> [viewers (8)] [seconds per viewer (40)]
//   env HLS_CONFIG='<json>': more hls.js settings (lowLatencyMode stays on); KEEP=1: viewers stay open (they share
//   127.0.0.1 with the next ones, as viewers behind one NAT or proxy would); STALL_STOP=1: stop at the first stall.
import { readFileSync } from 'node:fs';
import { chromium } from '../e2e/node_modules/playwright-core/index.mjs';

const [base, id, count = '8', seconds = '40'] = process.argv.slice(2);
if (!base || !id) {
  console.error('usage: node bench/ll-viewers.mjs <baseUrl> <streamId> [viewers] [seconds per viewer]');
  process.exit(2);
}
const HLS_JS = readFileSync(new URL('../e2e/node_modules/hls.js/dist/hls.js', import.meta.url));
const config = JSON.stringify({ ...JSON.parse(process.env.HLS_CONFIG ?? '{}'), lowLatencyMode: true });
const PLAYER = `<!doctype html><body><video id="v" muted autoplay playsinline></video><script src="hls.js"></script>
<script>
window.presented = 0; window.logs = [];
const note = (level, args) => window.logs.length < 4000
  && window.logs.push(performance.now().toFixed(0) + ' ' + level + ' ' + args.map(String).join(' '));
const debug = { debug: (...a) => note('D', a), log: (...a) => note('L', a), info: (...a) => note('I', a),
  warn: (...a) => note('W', a), error: (...a) => note('E', a) };
const hls = new Hls({ ...${config}, debug });
hls.on(Hls.Events.ERROR, (_, d) => note('ERROR', [d.type, d.details, d.fatal, d.response && d.response.code,
  d.frag && d.frag.url, d.part && d.part.url]));
const video = document.getElementById('v');
const counted = () => { window.presented++; video.requestVideoFrameCallback(counted); };
video.requestVideoFrameCallback(counted);
hls.on(Hls.Events.MANIFEST_PARSED, () => video.play().catch(() => {}));
hls.loadSource(${JSON.stringify(`${base}/live/${id}/master.m3u8`)});
hls.attachMedia(video);
</script></body>`;

const browser = await chromium.launch({ executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium', headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--autoplay-policy=no-user-gesture-required'] });
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
let stalls = 0;
for (let i = 0; i < Number(count); i++) {
  const context = await browser.newContext();
  const page = await context.newPage();
  const opened = Date.now();
  const requests = [];
  const started = new Map();
  page.on('request', (r) => started.set(r, Date.now()));
  const line = (r, what) => `${started.get(r) - opened} +${Date.now() - started.get(r)} ${what} ${r.url().replace(base, '')}`;
  page.on('requestfinished', async (r) => requests.push(line(r, (await r.response())?.status() ?? '?')));
  page.on('requestfailed', (r) => requests.push(line(r, `FAILED ${r.failure()?.errorText}`)));
  await page.route(`${base}/__ll/player.html`, (r) => r.fulfill({ contentType: 'text/html', body: PLAYER }));
  await page.route(`${base}/__ll/hls.js`, (r) => r.fulfill({ contentType: 'text/javascript', body: HLS_JS }));
  await page.goto(`${base}/__ll/player.html`);
  let first = null;
  for (const until = opened + Number(seconds) * 1000; Date.now() < until;) {
    if (first === null && (await page.evaluate(() => window.presented)) > 0) first = Date.now() - opened;
    if (first !== null && Date.now() - opened > first + 3000) break;
    await sleep(200);
  }
  console.log(`viewer ${i}: first frame ${first === null ? `none in ${seconds} s` : `after ${first} ms`}, `
    + `${await page.evaluate(() => window.presented)} presented`);
  if (first === null) {
    stalls++;
    console.log(`--- requests\n${requests.join('\n')}`);
    console.log(`--- hls.js\n${(await page.evaluate(() => window.logs)).join('\n')}`);
  }
  if (process.env.KEEP !== '1') await context.close();
  if (first === null && process.env.STALL_STOP === '1') break;
}
await browser.close();
console.log(`${stalls} of the viewers presented no frame`);
