// The server's share of glass-to-glass latency (used by bench/glass-to-glass.mjs): how old the newest frame a
// server offers is, read from the clock burned into it. Every `everyMs` it loads a media playlist, fetches the newest
// media listed (the parts of the segment being written when there are any, else the last segment; with its init
// segment), decodes it with Debian's ffmpeg and reads the clock of its last frame: age = playlist answered − made-at.
// What a player adds on top (its hold-back, buffer, decode) is the rest of the glass-to-glass figure.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const text = async (url) => {
  const res = await fetch(url);
  if (!res.ok) throw new Error(`${url}: HTTP ${res.status}`);
  return res.text();
};
const bytes = async (url) => {
  const res = await fetch(url);
  if (!res.ok) throw new Error(`${url}: HTTP ${res.status}`);
  return Buffer.from(await res.arrayBuffer());
};
const attr = (line, name) => line.match(new RegExp(`${name}="?([^",]*)"?`))?.[1];

/** The media playlist behind `url`: itself, or a master's first variant (Millrace lists the source first). */
async function mediaPlaylist(url) {
  const body = await text(url);
  if (!body.includes('#EXT-X-STREAM-INF')) return url;
  const lines = body.split('\n').map((l) => l.trim());
  const variant = lines[lines.findIndex((l) => l.startsWith('#EXT-X-STREAM-INF')) + 1];
  return new URL(variant, url).href;
}

/** The newest media of a playlist: [init?, ...media] URLs, and what the playlist says of its timing. */
function newest(body, base) {
  const lines = body.split('\n').map((l) => l.trim()).filter(Boolean);
  let init = null;
  let lastSegment = null;
  let open = [];
  for (const line of lines) {
    if (line.startsWith('#EXT-X-MAP:')) init = attr(line, 'URI');
    else if (line.startsWith('#EXT-X-PART:')) open.push(attr(line, 'URI'));
    else if (!line.startsWith('#')) { lastSegment = line; open = []; }
  }
  const media = open.length ? open : [lastSegment];
  return { urls: [init, ...media].filter(Boolean).map((u) => new URL(u, base).href), parts: open.length,
    target: Number(body.match(/#EXT-X-TARGETDURATION:(\d+)/)?.[1]),
    partTarget: Number(body.match(/PART-TARGET=([\d.]+)/)?.[1] ?? NaN) };
}

/** The clock (made-at ms mod 2^24) of the last frame of `media`, or null when unreadable. */
function lastFrameClock(media, clock, dir) {
  const file = join(dir, 'media');
  writeFileSync(file, media);
  const w = (clock.timeBits + 1) * clock.box;
  const h = 2 * clock.box;
  const out = spawnSync('ffmpeg', ['-v', 'error', '-i', file, '-map', '0:v:0', '-vf',
    `scale=${clock.width}:${clock.height},crop=${w}:${h}:0:0`, '-f', 'rawvideo', '-pix_fmt', 'gray', '-'],
  { maxBuffer: 1 << 28 });
  if (out.status !== 0 || out.stdout.length < w * h) return null;
  const px = out.stdout.subarray(out.stdout.length - w * h);
  let value = 0;
  let parity = 0;
  for (let k = 0; k <= clock.timeBits; k++) {
    const bit = px[(clock.box / 2) * w + k * clock.box + clock.box / 2] > 128 ? 1 : 0;
    parity ^= bit;
    if (k < clock.timeBits) value += bit * 2 ** k;
  }
  return parity === 0 ? value : null;
}

/** Samples the age of the newest frame behind `url` (a master or media playlist) for `durationMs`. */
export async function edgeAges(url, clock, durationMs, everyMs = 500) {
  const playlist = await mediaPlaylist(url);
  const dir = mkdtempSync(join(tmpdir(), 'g2g-edge-'));
  const ages = [];
  let info = {};
  let unreadable = 0;
  try {
    for (const end = Date.now() + durationMs; Date.now() < end;) {
      const started = Date.now();
      const body = await text(playlist);
      const answered = Date.now();
      const { urls, ...timing } = newest(body, playlist);
      info = { playlist, ...timing };
      const made = lastFrameClock(Buffer.concat(await Promise.all(urls.map(bytes))), clock, dir);
      const modulus = 2 ** clock.timeBits;
      if (made === null) unreadable++;
      else ages.push((((answered - made) % modulus) + modulus) % modulus);
      await new Promise((r) => setTimeout(r, Math.max(0, everyMs - (Date.now() - started))));
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return { ...info, ages: ages.sort((a, b) => a - b), unreadable };
}
