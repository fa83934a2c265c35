// Runs in the page: plays window.E2E_SOURCE with hls.js in low-latency mode, with the web app's live settings
// (web/src/player/liveSync.ts), and answers window.e2eSample() for the driver (ll-playback.mjs).
(() => {
  const MAX_ERRORS = 50; // non-fatal errors are normal on a live edge (stalls, retries); keep a bounded sample
  const state = (window.e2e = { player: 'hls.js', version: window.Hls?.version, errors: [], fatal: null, stalls: 0 });
  const video = document.getElementById('video');
  if (!window.Hls || !Hls.isSupported()) {
    state.fatal = 'hls.js cannot play here (no MediaSource with H.264/AAC?)';
    return;
  }
  const hls = (window.hls = new Hls({
    lowLatencyMode: true, maxLiveSyncPlaybackRate: 1.15, liveSyncOnStallIncrease: 0.5, backBufferLength: 90,
    // The web app's playlist retries (liveSync.ts LIVE_HLS_CONFIG): a publisher reconnect outlasts hls.js's defaults.
    playlistLoadPolicy: { default: { maxTimeToFirstByteMs: 10000, maxLoadTimeMs: 20000,
      timeoutRetry: { maxNumRetry: 20, retryDelayMs: 0, maxRetryDelayMs: 0 },
      errorRetry: { maxNumRetry: 10, retryDelayMs: 1000, maxRetryDelayMs: 8000 } } },
  }));
  hls.on(Hls.Events.MANIFEST_PARSED, () => {
    video.play().catch((e) => state.errors.length < MAX_ERRORS && state.errors.push(`play(): ${e.message}`));
  });
  hls.on(Hls.Events.ERROR, (_, data) => {
    // A parsing error's reason names the offending playlists (hls.js puts both texts in it): keep it whole when
    // fatal, so a failing run says what the server served; a short head of it otherwise.
    const reason = data.details?.endsWith('ParsingError') && data.error?.message ? ` ${data.error.message}` : '';
    const text = `${data.type}/${data.details}${data.response ? ` HTTP ${data.response.code}` : ''}`;
    if (data.details === Hls.ErrorDetails.BUFFER_STALLED_ERROR) state.stalls += 1;
    if (data.fatal) state.fatal = text + reason.slice(0, 6000);
    else if (state.errors.length < MAX_ERRORS) state.errors.push(text + reason.slice(0, 160));
  });
  hls.loadSource(window.E2E_SOURCE);
  hls.attachMedia(video);

  // The web app's jump to live (web/src/player/liveSync.ts, shouldJumpToLive): hls.js's own catch-up only works
  // within one target duration past twice its target, and hls.js sometimes starts a late joiner HOLD-BACK (6 s)
  // behind; the watch page then seeks to hls.js's live sync position, at most every 10 s.
  let lastJump = 0;
  state.jumps = 0;
  setInterval(() => {
    const details = hls.latestLevelDetails;
    const behind = hls.latency - hls.targetLatency;
    if (video.paused || !details?.live || !(hls.latency > 0) || Date.now() - lastJump < 10_000) return;
    if (behind >= hls.targetLatency + details.targetduration && hls.liveSyncPosition) {
      lastJump = Date.now();
      state.jumps += 1;
      video.currentTime = hls.liveSyncPosition;
    }
  }, 500);

  window.e2eSample = () => {
    const s = video.seekable;
    const details = hls.latestLevelDetails;
    return {
      t: video.currentTime, paused: video.paused, readyState: video.readyState, rate: video.playbackRate,
      videoHeight: video.videoHeight, fatal: state.fatal, stalls: state.stalls, jumps: state.jumps,
      // hls.js's own: the playlist's edge (parts included), aged since the playlist was loaded, minus currentTime.
      playerLatency: hls.latency > 0 ? hls.latency : null, targetLatency: hls.targetLatency,
      seekDistance: s.length ? s.end(s.length - 1) - video.currentTime : null,
      edgeDistance: window.e2eEdge.distance(hls.playingDate),
      partTarget: details?.partTarget ?? null, canBlockReload: details?.canBlockReload ?? false,
    };
  };
})();
