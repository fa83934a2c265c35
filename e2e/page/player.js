// Runs in the page: plays the live master playlist (window.E2E_SOURCE, set by live-playback.mjs) with hls.js and
// keeps what the driver polls in window.e2e, so the driver never has to race hls.js events from outside the page.
(() => {
  const MAX_ERRORS = 50; // non-fatal errors are normal on a live edge (stalls, retries); keep a bounded sample
  const state = (window.e2e = { levels: [], switched: [], errors: [], fatal: null });
  const video = document.getElementById('video');
  if (!window.Hls || !Hls.isSupported()) {
    state.fatal = 'hls.js cannot play here (no MediaSource with H.264/AAC?)';
    return;
  }
  const hls = (window.hls = new Hls());
  hls.on(Hls.Events.MANIFEST_PARSED, () => {
    state.levels = hls.levels.map((l, index) => ({ index, width: l.width, height: l.height, bitrate: l.bitrate }));
    video.play().catch((e) => state.errors.length < MAX_ERRORS && state.errors.push(`play(): ${e.message}`));
  });
  hls.on(Hls.Events.LEVEL_SWITCHED, (_, data) => state.switched.push({ level: data.level, at: video.currentTime }));
  hls.on(Hls.Events.ERROR, (_, data) => {
    // A parsing error's reason names the offending playlists (hls.js puts both texts in it): keep it whole when
    // fatal, so a failing run says what the server served; a short head of it otherwise.
    const reason = data.details?.endsWith('ParsingError') && data.error?.message ? ` ${data.error.message}` : '';
    const text = `${data.type}/${data.details}${data.response ? ` HTTP ${data.response.code}` : ''}`;
    if (data.fatal) state.fatal = text + reason.slice(0, 6000);
    else if (state.errors.length < MAX_ERRORS) state.errors.push(text + reason.slice(0, 160));
  });
  hls.loadSource(window.E2E_SOURCE);
  hls.attachMedia(video);
})();
