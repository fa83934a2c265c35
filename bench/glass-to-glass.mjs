// Glass-to-glass latency in Debian's chromium (playwright-core from e2e/): reads the clock that
// bench/glass-to-glass.sh burns into every published frame back from each frame a player presents, and reports
// displayed-at − made-at per path: median, p95 over the measured windows.
//
//   node bench/glass-to-glass.mjs --millrace <baseUrl> --id <streamId> [--nginx <playlistUrl>] [--warmup s]
//        [--seconds s] [--rounds n | --parallel] [--edge s] [--rungs]
//   env G2G_PIDS="name=pid,...": CPU seconds per wall second of each while measuring; G2G_NICE: see glass-to-glass.sh
//   env G2G_STALLS=1: each viewer's stalls (when, where, what was buffered); G2G_TRACE=1: every /live/ request of each
//   viewer (sent, finished, status) and hls.js's own log lines where its config sets debug
//
// Paths, each a fresh browser context (a new viewer): `watch page` = Millrace's web app at /watch/<id>; `hls.js LL` /
// `hls.js classic` = hls.js (e2e/'s copy) alone on /live/<id>/master.m3u8 with lowLatencyMode true / false;
// `nginx-rtmp` = the same bare hls.js with its defaults on nginx-rtmp's playlist; with --rungs also `watch page, <h>p`
// for each rung of the ladder (the watch page with that rung picked in its quality menu: the top rung is the copied
// source, the others are transcoded).
// By default one path plays at a time, `--seconds` per path split over `--rounds` (2) windows, each after `--warmup` s
// of playback; `--parallel` plays all paths at once for one window (for a machine with the cores to decode them all
// in software). Then, for `--edge` s (20), the age of the newest frame each server offers (glass-to-glass-edge.mjs):
// the server's share. --config <json> adds a bare hls.js path with that configuration; --only <names> keeps the paths
// whose names start with one of these (comma-separated).
import { readFileSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { chromium } from '../e2e/node_modules/playwright-core/index.mjs';
import { edgeAges } from './glass-to-glass-edge.mjs';

const { values: args } = parseArgs({ options: { millrace: { type: 'string' }, id: { type: 'string' },
  nginx: { type: 'string' }, warmup: { type: 'string' }, seconds: { type: 'string' }, rounds: { type: 'string' },
  parallel: { type: 'boolean' }, edge: { type: 'string' }, rungs: { type: 'boolean' },
  config: { type: 'string' }, only: { type: 'string' } } });
if (!args.millrace || !args.id) {
  console.error('usage: node bench/glass-to-glass.mjs --millrace <baseUrl> --id <streamId> [--nginx <playlistUrl>]'
    + ' [--warmup s] [--seconds s] [--rounds n | --parallel] [--edge s] [--rungs]');
  process.exit(2);
}
const millrace = args.millrace.replace(/\/+$/, '');
const warmupMs = Number(args.warmup ?? 20) * 1000;
const measureMs = Number(args.seconds ?? 60) * 1000;
const HLS_JS = readFileSync(new URL('../e2e/node_modules/hls.js/dist/hls.min.js', import.meta.url));
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
  '--disable-background-timer-throttling', '--disable-renderer-backgrounding',
  '--disable-backgrounding-occluded-windows', '--autoplay-policy=no-user-gesture-required'];
// The layout glass-to-glass.sh burns in: boxes of BOX px on a 1280x720 picture, row 0 = made-at ms mod 2^24 then a
// parity box, row 1 = frame number mod 2^16 then a parity box.
const CLOCK = { box: 48, width: 1280, height: 720, timeBits: 24, frameBits: 16, readMs: 90 };

const PLAYER_HTML = `<!doctype html><html><head><meta charset="utf-8"><title>g2g</title></head>
<body style="margin:0;background:#000"><video id="video" muted autoplay playsinline
 style="width:640px;height:360px"></video><script src="hls.js"></script><script>
const hls = (window.hls = new Hls(window.G2G_CONFIG));
hls.on(Hls.Events.MANIFEST_PARSED, () => {
  document.getElementById('video').play().catch(() => {});
});
hls.on(Hls.Events.ERROR, (_, d) => { if (d.fatal) window.g2g.fatal = d.type + '/' + d.details; });
hls.loadSource(window.G2G_SOURCE);
hls.attachMedia(document.getElementById('video'));
</script></body></html>`;

/** Runs in every page before its own scripts: finds the <video> (the app may mount it late or remount it) and
 *  decodes the clock from each presented frame. */
function clockReader(clock) {
  const state = (window.g2g = { samples: [], unreadable: 0, presented: 0, fatal: null, stalls: [] });
  const cell = 8; // each box is scaled to cell x cell canvas pixels; its centre pixel decides the bit
  const canvas = document.createElement('canvas');
  canvas.width = (clock.timeBits + 1) * cell;
  canvas.height = 2 * cell;
  const ctx = canvas.getContext('2d', { willReadFrequently: true });
  const readRow = (px, row, bits) => {
    let value = 0;
    let parity = 0;
    for (let k = 0; k <= bits; k++) {
      const i = ((row * cell + cell / 2) * canvas.width + k * cell + cell / 2) * 4;
      const bit = (px[i] + px[i + 1] + px[i + 2]) / 3 > 128 ? 1 : 0;
      parity ^= bit;
      if (k < bits) value += bit * 2 ** k;
    }
    return parity === 0 ? value : null; // the parity box makes the count of white boxes even
  };
  const watch = (video) => {
    let lastRead = 0;
    const onFrame = (now, meta) => {
      video.requestVideoFrameCallback(onFrame);
      // Every presented frame is counted, but read back at most every clock.readMs: a canvas read converts the
      // frame, and four players doing it 30 times a second would load the machine more than the players do.
      state.presented++;
      if (now - lastRead < clock.readMs) return;
      lastRead = now;
      const displayedAt = performance.timeOrigin + meta.expectedDisplayTime;
      const w = meta.width || video.videoWidth;
      const h = meta.height || video.videoHeight;
      const sw = (w * (clock.timeBits + 1) * clock.box) / clock.width;
      ctx.drawImage(video, 0, 0, sw, (h * 2 * clock.box) / clock.height, 0, 0, canvas.width, canvas.height);
      const px = ctx.getImageData(0, 0, canvas.width, canvas.height).data;
      const made = readRow(px, 0, clock.timeBits);
      const frame = readRow(px, 1, clock.frameBits);
      if (made === null || frame === null) state.unreadable++;
      else {
        const modulus = 2 ** clock.timeBits; // the latency is far below 2^24 ms, so the wrap is unambiguous
        const latency = (((displayedAt - made) % modulus) + modulus) % modulus;
        const b = video.buffered; // seconds buffered ahead of the playhead (0 when it sits outside every range)
        let ahead = 0;
        for (let i = 0; i < b.length; i++) if (b.start(i) <= video.currentTime + 0.1 && video.currentTime < b.end(i)) ahead = b.end(i) - video.currentTime;
        state.samples.push({ at: displayedAt, latency, frame, made, h, rate: video.playbackRate, ahead,
          callbackLag: Date.now() - displayedAt, presented: state.presented });
      }
    };
    video.requestVideoFrameCallback(onFrame);
    // Each stall: when, where the playhead was and what was buffered then (video and audio intersected).
    video.addEventListener('waiting', () => {
      const b = video.buffered;
      const ranges = [];
      for (let i = 0; i < b.length; i++) ranges.push(`${b.start(i).toFixed(3)}-${b.end(i).toFixed(3)}`);
      if (state.stalls.length < 50) state.stalls.push({ at: Date.now(), t: +video.currentTime.toFixed(3), ranges: ranges.join(' ') });
    });
  };
  setInterval(() => {
    for (const v of document.querySelectorAll('video')) if (!v.g2gWatched) { v.g2gWatched = true; watch(v); }
  }, 50);
}

async function openPath(browser, path) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.length < 20 && errors.push(e.message));
  await page.addInitScript(clockReader, CLOCK);
  if (process.env.G2G_TRACE) { // every media request: sent and finished (ms since the page opened), status, URL
    const t0 = Date.now();
    const sent = new Map();
    page.on('request', (r) => sent.set(r, Date.now() - t0));
    page.on('console', (m) => { // hls.js's own log, where its config asks for it (debug: true)
      if (/LL-Part|Loading|stall|Stall|latency|startPosition/.test(m.text())) console.log(`trace ${path.name} ${Date.now() - t0} ${m.text().slice(0, 300)}`);
    });
    page.on('requestfinished', async (r) => {
      if (!/\/live\//.test(r.url())) return;
      const status = (await r.response())?.status();
      console.log(`trace ${path.name} ${sent.get(r)} ${Date.now() - t0} ${status} ${r.url().replace(/^.*\/live\/[^/]+\/[^/]+\//, '')}`);
    });
  }
  let url = path.url;
  if (path.config) {
    const origin = new URL(path.source).origin;
    await page.route(`${origin}/__g2g/player.html`, (r) => r.fulfill({ contentType: 'text/html', body: PLAYER_HTML }));
    await page.route(`${origin}/__g2g/hls.js`, (r) => r.fulfill({ contentType: 'text/javascript', body: HLS_JS }));
    await page.addInitScript(([src, config]) => { window.G2G_SOURCE = src; window.G2G_CONFIG = config; },
      [path.source, path.config]);
    url = `${origin}/__g2g/player.html`;
  }
  await page.goto(url);
  if (path.quality) { // the watch page's own quality menu, as a viewer picks a rung
    const menu = page.getByLabel('Quality');
    await menu.waitFor({ timeout: 30_000 });
    await menu.selectOption({ label: path.quality });
  }
  return { ...path, context, page, errors };
}

function cpuSeconds(pid) { // utime + stime of the whole process (all threads), in seconds
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').replace(/^.*\) /, '').split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
}
function tree(pid) { // pid and all its descendants
  const children = readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean);
  return [pid, ...children.flatMap(tree)];
}
const processes = (process.env.G2G_PIDS ?? '').split(',').filter(Boolean).map((p) => p.split('='));
const cpuNow = () => Object.fromEntries(processes.map(([name, pid]) => [name,
  name === 'chromium' ? tree(pid).reduce((sum, p) => { try { return sum + cpuSeconds(p); } catch { return sum; } }, 0)
    : cpuSeconds(pid)]));

const quantile = (sorted, q) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
const median = (xs) => quantile([...xs].sort((a, b) => a - b), 0.5);

/** One path's figures over its measured windows: `windows` = [{ samples (in the window), unreadable, hls }]. */
function summarize(name, windows, expected) {
  const samples = windows.flatMap((w) => w.samples);
  // A misread clock that still passes the parity check (two flipped boxes) is a wild value: keep what is plausible.
  const good = samples.filter((x) => x.latency < 120_000);
  const lat = good.map((x) => x.latency).sort((a, b) => a - b);
  // The frame-number row measures the publisher's pacing: made-at − frame × 1/30 s is constant while ffmpeg releases
  // frames on time and grows while it runs late (its lateness is part of what a viewer sees, so it stays in).
  // Both rows wrap (2^24 ms, 2^16 frames): unwrap each against the first reading before subtracting.
  const unwrap = (v, first, modulus) => v + Math.round((first - v) / modulus) * modulus;
  const offsets = good.map((x) => unwrap(x.made, good[0].made, 2 ** 24)
    - (unwrap(x.frame, good[0].frame, 2 ** 16) * 1000) / 30).sort((a, b) => a - b);
  const presented = windows.reduce((n, w) => n + (w.samples.length
    ? w.samples[w.samples.length - 1].presented - w.samples[0].presented : 0), 0);
  return { path: name, frames: lat.length, presented, expected, median: quantile(lat, 0.5), p95: quantile(lat, 0.95),
    min: lat[0], max: lat[lat.length - 1], rejected: samples.length - good.length,
    unreadable: windows.reduce((n, w) => n + w.unreadable, 0), heights: [...new Set(good.map((x) => x.h))].join('/'),
    rateMax: Math.max(...good.map((x) => x.rate)), publisherLateP95: quantile(offsets, 0.95) - offsets[0],
    callbackLag: median(good.map((x) => x.callbackLag)), hls: windows.map((w) => w.hls).filter(Boolean) };
}

const live = `/live/${args.id}/master.m3u8`;
const paths = [
  { name: 'watch page', url: `${millrace}/watch/${encodeURIComponent(args.id)}` },
  { name: 'hls.js LL', source: `${millrace}${live}`, config: { lowLatencyMode: true } },
  { name: 'hls.js classic', source: `${millrace}${live}`, config: { lowLatencyMode: false } },
];
if (args.config) { // another hls.js configuration to compare, e.g. a player's settings before they are merged
  paths.push({ name: `hls.js ${args.config}`, source: `${millrace}${live}`, config: JSON.parse(args.config) });
}
if (args.rungs) { // the watch page pinned to each rung of the master (its quality menu), highest first
  const master = await (await fetch(`${millrace}${live}`)).text();
  const heights = [...new Set([...master.matchAll(/RESOLUTION=\d+x(\d+)/g)].map((m) => Number(m[1])))]
    .sort((a, b) => b - a);
  for (const h of heights) {
    paths.push({ name: `watch page, ${h}p`, url: `${millrace}/watch/${encodeURIComponent(args.id)}`, quality: `${h}p` });
  }
}
if (args.nginx) paths.push({ name: 'nginx-rtmp (hls.js defaults)', source: args.nginx, config: {} });

const browser = await chromium.launch({ executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium', headless: true,
  args: CHROMIUM_ARGS });
processes.push(['chromium', String(process.pid)]); // this driver and the browser it started
// Playwright starts the browser in a session of its own, so in its own scheduler autogroup: give that group the
// bench's niceness too (glass-to-glass.sh sets G2G_NICE), or the viewer alone would compete with the machine's load.
if (Number(process.env.G2G_NICE ?? 0) !== 0) {
  for (const pid of tree(String(process.pid)).slice(1)) {
    try { writeFileSync(`/proc/${pid}/autogroup`, String(process.env.G2G_NICE)); } catch { /* gone, or no autogroups */ }
  }
}
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Plays `group` (paths at once), waits for a readable frame on each, then `warmup`, then measures `windowMs`;
 *  answers each path's samples in the window. */
async function watch(group, windowMs) {
  const opened = await Promise.all(group.map((p) => openPath(browser, p)));
  const started = Date.now();
  for (const p of opened) { // the first readable frame of every path, or the reason there is none
    for (;;) {
      const st = await p.page.evaluate(() => ({ n: window.g2g.samples.length, u: window.g2g.unreadable,
        fatal: window.g2g.fatal }));
      if (st.n > 0) break;
      if (st.fatal || Date.now() - started > 60_000) {
        await p.page.screenshot({ path: '/tmp/g2g-failed.png' });
        throw new Error(`${p.name}: no readable frame after ${Date.now() - started} ms (unreadable ${st.u}, `
          + `fatal ${st.fatal}, page errors ${JSON.stringify(p.errors)}; screenshot /tmp/g2g-failed.png)`);
      }
      await sleep(250);
    }
  }
  console.log(`${group.map((p) => p.name).join(', ')}: playing after ${Date.now() - started} ms; warm-up`);
  // Every 5 s, warm-up included: each path's latency now (median of its last 10 readings), buffered ahead, rate.
  const progress = async (from) => {
    const line = await Promise.all(opened.map(async (p) => {
      const last = await p.page.evaluate(() => window.g2g.samples.slice(-10));
      return `${p.name} ${(median(last.map((x) => x.latency)) / 1000).toFixed(2)} s (buffered ahead `
        + `${median(last.map((x) => x.ahead)).toFixed(2)} s, rate ${last.at(-1)?.rate})`;
    }));
    console.log(`  t${Date.now() >= from ? '+' : '-'}${Math.round(Math.abs(Date.now() - from) / 1000)} s: ${line.join(' | ')}`);
  };
  const warmEnd = Date.now() + warmupMs;
  for (let t = 5_000; t < warmupMs; t += 5_000) { await sleep(5_000); await progress(warmEnd); }
  await sleep(Math.max(0, warmEnd - Date.now()));
  const from = Date.now();
  const cpuFrom = cpuNow();
  for (let t = 0; t < windowMs; t += 5_000) {
    await sleep(Math.min(5_000, windowMs - t));
    await progress(from);
  }
  const to = Date.now();
  for (const [name, cpu] of Object.entries(cpuNow())) cpuSpent[name] = (cpuSpent[name] ?? 0) + cpu - cpuFrom[name];
  wallSpent += (to - from) / 1000;
  const windows = [];
  for (const p of opened) {
    const { samples, unreadable, stalls } = await p.page.evaluate(() => window.g2g);
    if (process.env.G2G_STALLS) console.log(`${p.name} stalls: ${JSON.stringify(stalls)}`);
    // What the player says of itself: bare hls.js's latency and target; the watch page's "behind live" display.
    const hls = await p.page.evaluate(() => (window.hls ? { latency: +window.hls.latency.toFixed(2),
      targetLatency: window.hls.targetLatency && +window.hls.targetLatency.toFixed(2),
      level: window.hls.levels[window.hls.currentLevel]?.height }
      : { behindLive: document.querySelector('[data-testid="behind-live"]')?.dataset.seconds ?? null }));
    if (p.errors.length) console.log(`${p.name}: page errors ${JSON.stringify(p.errors)}`);
    windows.push({ name: p.name, samples: samples.filter((x) => x.at >= from && x.at < to), unreadable, hls,
      expected: Math.round(((to - from) / 1000) * 30) });
    await p.context.close();
  }
  return windows;
}

const cpuSpent = {};
let wallSpent = 0;
if (args.only) { // a subset of the paths, by name prefix
  const keep = args.only.split(',');
  paths.splice(0, paths.length, ...paths.filter((p) => keep.some((k) => p.name.startsWith(k))));
}
const byPath = new Map(paths.map((p) => [p.name, []]));
if (args.parallel) {
  for (const w of await watch(paths, measureMs)) byPath.get(w.name).push(w);
} else {
  // One path at a time (a small machine cannot play four streams in software and keep up), in rounds whose order
  // rotates, so a change in the machine's load lands on every path alike.
  const rounds = Number(args.rounds ?? 2);
  for (let r = 0; r < rounds; r++) {
    for (let i = 0; i < paths.length; i++) {
      const [w] = await watch([paths[(i + r) % paths.length]], measureMs / rounds);
      byPath.get(w.name).push(w);
    }
  }
}
await browser.close();
const results = [...byPath].map(([name, windows]) => summarize(name, windows,
  windows.reduce((n, w) => n + w.expected, 0)));

const s = (ms) => (ms === undefined ? '-' : (ms / 1000).toFixed(2));
console.log(`\n| path | median (s) | p95 (s) | min–max (s) | frames read | frames presented / expected | rendition heights |`);
console.log('| --- | --- | --- | --- | --- | --- | --- |');
for (const r of results) {
  console.log(`| ${r.path} | ${s(r.median)} | ${s(r.p95)} | ${s(r.min)}–${s(r.max)} | ${r.frames} | ${r.presented} / ${r.expected} `
    + `| ${r.heights} |`);
}
console.log('');
for (const r of results) {
  console.log(`${r.path}: rejected ${r.rejected}, unreadable ${r.unreadable}, max playbackRate ${r.rateMax}, `
    + `publisher late p95 ${r.publisherLateP95?.toFixed(0)} ms, callback lag ${r.callbackLag?.toFixed(0)} ms`
    + (r.hls ? `, hls.js ${JSON.stringify(r.hls)}` : ''));
}
const edgeMs = Number(args.edge ?? 20) * 1000;
if (edgeMs > 0) {
  const servers = [['Millrace (first variant of the master)', `${millrace}${live}`]];
  if (args.nginx) servers.push(['nginx-rtmp', args.nginx]);
  const edges = await Promise.all(servers.map(([, url]) => edgeAges(url, CLOCK, edgeMs)));
  console.log(`\nAge of the newest frame a server offers (playlist answered − made-at of the newest listed media's last `
    + `frame, sampled every 0.5 s for ${edgeMs / 1000} s):`);
  servers.forEach(([name], i) => {
    const e = edges[i];
    console.log(`${name}: min ${s(e.ages[0])} s, median ${s(quantile(e.ages, 0.5))} s, p95 ${s(quantile(e.ages, 0.95))} s`
      + ` (${e.ages.length} samples, ${e.unreadable} unreadable; target ${e.target} s, part target ${e.partTarget} s,`
      + ` newest media ${e.parts ? `${e.parts} parts of the open segment` : 'a whole segment'}; ${e.playlist})`);
  });
}
const cpu = Object.fromEntries(Object.entries(cpuSpent).map(([name, sec]) => [name, sec / wallSpent]));
console.log(`CPU over the ${wallSpent.toFixed(0)} s measured (CPU s per wall s): `
  + Object.entries(cpu).map(([name, c]) => `${name} ${c.toFixed(2)}`).join(', '));
console.log(`JSON ${JSON.stringify({ warmupMs, measureMs, parallel: !!args.parallel, results, cpu })}`);
