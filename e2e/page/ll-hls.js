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

  window.e2eSample = () => {
    const s = video.seekable;
    const details = hls.latestLevelDetails;
    return {
      t: video.currentTime, paused: video.paused, readyState: video.readyState, rate: video.playbackRate,
      videoHeight: video.videoHeight, fatal: state.fatal, stalls: state.stalls,
      // hls.js's own: the playlist's edge (parts included), aged since the playlist was loaded, minus currentTime.
      playerLatency: hls.latency > 0 ? hls.latency : null, targetLatency: hls.targetLatency,
      seekDistance: s.length ? s.end(s.length - 1) - video.currentTime : null,
      edgeDistance: window.e2eEdge.distance(hls.playingDate),
      partTarget: details?.partTarget ?? null, canBlockReload: details?.canBlockReload ?? false,
    };
  };
})();
