// What a first visit to each route downloads from the built web app, raw and gzipped (level 9), and against Vite's
// own report: index.html, the entry script and CSS, then the route's lazy chunk with everything it imports
// statically; "+ on play" adds what the player loads when it starts (hls.js, a dynamic import).
//
//   node bench/web-bundle.mjs [webroot]   (default web/target/classes/webroot, after mvn -pl web package)
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

const root = process.argv[2] ?? 'web/target/classes/webroot';
const assets = readdirSync(join(root, 'assets'));
const size = (file) => {
  const body = readFileSync(join(root, file));
  return { raw: body.length, gz: gzipSync(body, { level: 9 }).length };
};
const staticImports = (file) => [...readFileSync(join(root, file), 'utf8')
  .matchAll(/(?:import|from)\s*["']\.\/([^"']+\.js)["']/g)].map((m) => `assets/${m[1]}`);
const dynamicImports = (file) => [...readFileSync(join(root, file), 'utf8')
  .matchAll(/import\(\s*["']\.\/([^"']+\.js)["']\s*\)/g)].map((m) => `assets/${m[1]}`);

function closure(files) {
  const seen = new Set();
  const visit = (f) => { if (seen.has(f)) return; seen.add(f); staticImports(f).forEach(visit); };
  files.forEach(visit);
  return seen;
}

const html = readFileSync(join(root, 'index.html'), 'utf8');
const entry = [...html.matchAll(/(?:src|href)="\/(assets\/[^"]+)"/g)].map((m) => m[1]);
const shell = closure(entry.filter((f) => f.endsWith('.js')));
const css = entry.filter((f) => f.endsWith('.css'));
const chunk = (name) => `assets/${assets.find((a) => a.startsWith(`${name}-`) && a.endsWith('.js'))}`;

const kb = (n) => (n / 1000).toFixed(1);
const total = (files) => [...files].reduce((t, f) => { const s = size(f); return { raw: t.raw + s.raw, gz: t.gz + s.gz }; },
  { raw: 0, gz: 0 });

for (const [route, name] of [['/', 'Home'], ['/watch/<id>', 'WatchLive'], ['/videos', 'Videos'],
  ['/videos/<id>', 'WatchVideo'], ['/dashboard', 'Dashboard'], ['/dashboard/streams/<id>', 'ManageStream']]) {
  const files = new Set(['index.html', ...css, ...shell, ...closure([chunk(name)])]);
  const t = total(files);
  const onPlay = new Set([...files].flatMap((f) => (f.endsWith('.js') ? dynamicImports(f) : []))
    .filter((f) => !files.has(f) && /\/hls-/.test(f)));
  const playing = onPlay.size ? total(new Set([...files, ...closure([...onPlay])])) : null;
  console.log(`${route.padEnd(26)} ${kb(t.raw).padStart(7)} kB raw ${kb(t.gz).padStart(6)} kB gzipped` +
    (playing ? `   + on play: ${kb(playing.gz)} kB gzipped` : '') + `   (${files.size} files)`);
}
