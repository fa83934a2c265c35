// Plays a recorded Millrace video (its VOD HLS) in a real browser: Debian's chromium, playwright-core, hls.js.
//
//   node e2e/vod-playback.mjs <gatewayBaseUrl> <hlsPath> <screenshot.png>
//
// hlsPath is the video's hlsUrl as the API gives it (with ?token= for a private video). Passes (exit 0, one JSON
// summary line on stdout) when the player knows the whole duration (a VOD, not a live edge), plays 3 s from the
// start, and plays 2 s more after a seek to 20 s; any page error or fatal hls.js error fails it (exit 1).
import { BrowserSession, run } from './browser-session.mjs';

const [base, hlsPath, screenshot] = process.argv.slice(2);
if (!base || !hlsPath || !screenshot) {
  console.error('usage: node vod-playback.mjs <gatewayBaseUrl> <hlsPath> <screenshot.png>');
  process.exit(2);
}
const SEEK_TO = 20;
const session = new BrowserSession('vod-playback', base, screenshot, Number(process.env.E2E_TIMEOUT_MS ?? 60_000));

run(session, async (s) => {
  await s.open(hlsPath);
  const playing = await s.until('playback to start', (p) => p.t > 0 && !p.paused && Number.isFinite(p.duration));
  const played = await s.until('3 s of playback', (p) => p.t >= playing.t + 3);
  await s.page.evaluate((t) => { document.getElementById('video').currentTime = t; }, SEEK_TO);
  const seeked = await s.until(`2 s of playback after seeking to ${SEEK_TO} s`, (p) => p.t >= SEEK_TO + 2);
  await s.finish({
    hlsPath: hlsPath.replace(/token=[^&]+/, 'token=…'), duration: playing.duration,
    levels: played.levels.map(({ index, width, height, bitrate }) => ({ index, width, height, bitrate })),
    startTime: playing.t, advanced: played.t - playing.t, afterSeek: seeked.t, videoHeight: seeked.videoHeight,
    nonFatalErrors: seeked.errors,
  });
});
