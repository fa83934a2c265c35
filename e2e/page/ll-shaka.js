// Runs in the page: plays window.E2E_SOURCE with Shaka Player (its compiled UMD build) in low-latency mode, with a
// playback-rate catch-up like the web app's, and answers window.e2eSample() for the driver (ll-playback.mjs).
(async () => {
  const MAX_ERRORS = 50;
  const state = (window.e2e = { player: 'shaka', version: window.shaka?.Player?.version, errors: [], fatal: null });
  const video = document.getElementById('video');
  if (!window.shaka || !shaka.Player.isBrowserSupported()) {
    state.fatal = 'Shaka Player cannot play here';
    return;
  }
  shaka.polyfill.installAll();
  const player = (window.player = new shaka.Player());
  player.configure({
    streaming: {
      lowLatencyMode: true,
      // Shaka's live latency is the distance from its seek range's end (the edge less PART-HOLD-BACK): aim at it.
      liveSync: { enabled: true, targetLatency: 0, targetLatencyTolerance: 0.25, maxPlaybackRate: 1.15 },
    },
  });
  // Shaka retries what it can itself and says so with a RECOVERABLE (1) error; only a CRITICAL (2) one stops it. The
  // URL and status of a network error (its data) say whose fault it is.
  player.addEventListener('error', (e) => {
    const d = e.detail ?? {};
    const text = `${d.severity}/${d.category}/${d.code} ${d.message ?? ''} `
      + `${JSON.stringify(d.data ?? []).slice(0, 400)} ${(d.stack ?? '').slice(0, 300)}`;
    if (d.severity === shaka.util.Error.Severity.CRITICAL) state.fatal = text;
    else if (state.errors.length < MAX_ERRORS) state.errors.push(text);
  });
  window.e2eSample = () => {
    const range = player.seekRange();
    const stats = player.getStats();
    return {
      t: video.currentTime, paused: video.paused, readyState: video.readyState, rate: video.playbackRate,
      videoHeight: video.videoHeight, fatal: state.fatal, stalls: stats.stallsDetected,
      playerLatency: Number.isFinite(range.end) ? range.end - video.currentTime : null,
      pdtLatency: Number.isFinite(stats.liveLatency) ? stats.liveLatency : null,
      seekDistance: video.seekable.length ? video.seekable.end(video.seekable.length - 1) - video.currentTime : null,
      edgeDistance: window.e2eEdge.distance(player.getPlayheadTimeAsDate()),
      partTarget: window.e2eEdge.partTarget, canBlockReload: window.e2eEdge.canBlockReload,
    };
  };
  try {
    await player.attach(video);
    await player.load(window.E2E_SOURCE);
    await video.play();
  } catch (e) {
    state.fatal = `load: ${e.code ?? ''} ${e.message ?? e}`;
  }
})();
