// Runs in the page: plays the live master playlist (window.E2E_SOURCE, set by live-playback.mjs) with hls.js and
// keeps what the driver polls in window.e2e, so the driver never has to race hls.js events from outside the page.
(() => {
  const MAX_ERRORS = 50; // non-fatal errors are normal on a live edge (stalls, retries); keep a bounded sample
  const video = document.getElementById('video');
  // The last events, read only when a run fails (BrowserSession#fail): playlist reloads (several a second at the
  // live edge) in a short ring of their own, so they cannot push out the fragment, error and element events.
  const MAX_TRACE = 200;
  const MAX_PLAYLIST_TRACE = 30;
  const state = (window.e2e = { levels: [], switched: [], errors: [], fatal: null, trace: [], playlists: [] });
  const trace = (entry) => {
    const ring = entry.ev === 'level' || entry.ev === 'audio' ? state.playlists : state.trace;
    ring.push({ at: Math.round(performance.now()), t: Number(video.currentTime.toFixed(2)), ...entry });
    if (ring.length > (ring === state.trace ? MAX_TRACE : MAX_PLAYLIST_TRACE)) ring.shift();
  };
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
  // What a stalled run needs to be explained: which fragments arrived (sequence, discontinuity, place, gap) and
  // what each playlist reload said (its first and last sequence, its gaps).
  hls.on(Hls.Events.FRAG_BUFFERED, (_, { frag, part }) => trace({ ev: 'buffered', type: frag.type, level: frag.level,
    sn: frag.sn, part: part?.index, cc: frag.cc, start: Number(frag.start.toFixed(2)),
    dur: Number((part ?? frag).duration.toFixed(2)), gap: frag.gap || undefined }));
  const playlist = (ev) => (_, { details, level, id }) => trace({ ev, level: level ?? id, msn: details.startSN,
    last: details.endSN, parts: details.partList?.length, gaps: details.fragments.filter((f) => f.gap).map((f) => f.sn),
    ccs: [details.fragments[0]?.cc, details.fragments.at(-1)?.cc], end: Number(details.edge?.toFixed?.(2) ?? 0) });
  for (const ev of ['waiting', 'stalled', 'seeking', 'seeked', 'playing', 'ended']) {
    video.addEventListener(ev, () => trace({ ev, readyState: video.readyState }));
  }
  hls.on(Hls.Events.LEVEL_UPDATED, playlist('level'));
  hls.on(Hls.Events.AUDIO_TRACK_LOADED, playlist('audio'));
  hls.on(Hls.Events.ERROR, (_, data) => {
    if (!data.fatal) {
      trace({ ev: 'error', details: data.details, sn: data.frag?.sn, cc: data.frag?.cc, type: data.frag?.type,
        reason: (data.error?.message ?? data.reason ?? '').slice(0, 200) || undefined });
    }
    // A parsing error's reason names the offending playlists (hls.js puts both texts in it): keep it whole when
    // fatal, so a failing run says what the server served; a short head of it otherwise.
    const reason = data.details?.endsWith('ParsingError') && data.error?.message ? ` ${data.error.message}` : '';
    const text = `${data.type}/${data.details}${data.response ? ` HTTP ${data.response.code}` : ''}`;
    if (data.fatal) state.fatal = text + reason.slice(0, 6000);
    else if (state.errors.length < MAX_ERRORS) state.errors.push(text + reason.slice(0, 160));
  });
  // The web app player's frozen-playhead watchdog (web/src/player/frozenPlayhead.ts), same rule: Chromium's video
  // pipeline sometimes stops for good inside buffered media after an immediate level switch on a loaded machine, and
  // hls.js 1.7 nudges only over holes. Every nudge is listed in the errors, so a summary shows it.
  const FROZEN_MS = 2500;
  let frozen = { t: NaN, since: 0, nudges: 0 };
  setInterval(() => {
    const t = video.currentTime;
    let ahead = 0;
    for (let i = 0; i < video.buffered.length; i++) {
      if (video.buffered.start(i) <= t + 0.1 && t < video.buffered.end(i)) ahead = video.buffered.end(i) - t;
    }
    const now = performance.now();
    const standing = !video.paused && !video.seeking && video.readyState < 3 && ahead >= 1;
    if (!standing || t !== frozen.t) {
      frozen = { t, since: now, nudges: t !== frozen.t ? 0 : frozen.nudges };
    } else if (now - frozen.since >= FROZEN_MS && frozen.nudges < 3) {
      frozen.nudges++;
      frozen.since = now;
      trace({ ev: 'nudge', ahead: Number(ahead.toFixed(2)) });
      if (state.errors.length < MAX_ERRORS) state.errors.push(`e2e/frozenPlayheadNudge at ${t.toFixed(2)}`);
      video.currentTime = t + 0.05;
    }
  }, 500);
  hls.loadSource(window.E2E_SOURCE);
  hls.attachMedia(video);
})();
