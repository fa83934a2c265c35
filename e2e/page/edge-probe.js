// Runs in the page before any player: watches the media playlists the player loads (hls.js over XHR, Shaka over
// fetch) and keeps where the live edge was in wall-clock terms (EXT-X-PROGRAM-DATE-TIME of the newest segment or part
// listed, plus its duration) and when that was seen, so that a player's distance from the live edge is measured the
// same way whichever player it is: window.e2eEdge.distance(playheadDate).
(() => {
  const KEEP_SEQUENCES = 64; // msn → start date, for delta playlists whose first listed segment carries no date
  const starts = new Map(); // playlist path → Map(msn → epoch ms)
  const edge = (window.e2eEdge = { at: null, date: null, lowLatency: false, partTarget: null, canBlockReload: false,
    canSkip: false, loads: 0, deltaLoads: 0, blockingLoads: 0,
    // media playlists loaded that were ended (EXT-X-ENDLIST), and that carried a discontinuity (a reconnect)
    endLists: 0, discontinuityLoads: 0,
    /** Seconds from `playhead` (a Date) to the live edge now: the edge last seen, aged since it was seen. */
    distance(playhead) {
      if (edge.date === null || !playhead || Number.isNaN(playhead.getTime())) return null;
      return (edge.date + (Date.now() - edge.at) - playhead.getTime()) / 1000;
    } });

  const attribute = (line, name) => {
    const m = new RegExp(`(?:^|[:,])${name}=([^,]*)`).exec(line);
    return m ? m[1] : null;
  };

  function read(url, text) {
    if (typeof text !== 'string' || !text.includes('#EXTINF')) return; // a master playlist, or not a playlist
    if (text.includes('#EXT-X-ENDLIST')) edge.endLists += 1;
    if (text.includes('#EXT-X-DISCONTINUITY\n')) edge.discontinuityLoads += 1;
    const path = url.split('?')[0];
    const known = starts.get(path) ?? new Map();
    starts.set(path, known);
    let msn = 0;
    let cursor = null; // the date the next segment starts at
    let extinf = null;
    let parts = 0; // seconds of parts listed since the last complete segment: the open segment's
    for (const raw of text.split('\n')) {
      const line = raw.trim();
      if (line.startsWith('#EXT-X-MEDIA-SEQUENCE:')) msn = Number(line.slice(22));
      else if (line.startsWith('#EXT-X-SKIP:')) msn += Number(attribute(line, 'SKIPPED-SEGMENTS') ?? 0);
      else if (line.startsWith('#EXT-X-PROGRAM-DATE-TIME:')) cursor = Date.parse(line.slice(25));
      else if (line.startsWith('#EXT-X-PART-INF:')) edge.partTarget = Number(attribute(line, 'PART-TARGET'));
      else if (line.startsWith('#EXT-X-SERVER-CONTROL:')) {
        edge.canBlockReload = attribute(line, 'CAN-BLOCK-RELOAD') === 'YES';
        edge.canSkip = attribute(line, 'CAN-SKIP-UNTIL') !== null;
      } else if (line.startsWith('#EXT-X-PART:')) parts += Number(attribute(line, 'DURATION') ?? 0);
      else if (line.startsWith('#EXTINF:')) extinf = Number.parseFloat(line.slice(8));
      else if (line && !line.startsWith('#') && extinf !== null) {
        if (cursor === null && known.has(msn)) cursor = known.get(msn);
        if (cursor !== null) {
          known.set(msn, cursor);
          cursor += extinf * 1000;
        }
        msn += 1;
        extinf = null;
        parts = 0;
      }
    }
    for (const old of known.keys()) if (known.size > KEEP_SEQUENCES) known.delete(old);
    if (cursor === null) return;
    edge.date = cursor + parts * 1000;
    edge.at = Date.now();
    edge.lowLatency = edge.partTarget !== null && edge.canBlockReload;
    edge.loads += 1;
    if (/[?&]_HLS_skip=/.test(url)) edge.deltaLoads += 1;
    if (/[?&]_HLS_msn=/.test(url)) edge.blockingLoads += 1;
  }

  const open = XMLHttpRequest.prototype.open;
  XMLHttpRequest.prototype.open = function (method, url, ...rest) {
    this.addEventListener('load', () => {
      if (this.responseType === '' || this.responseType === 'text') read(this.responseURL || String(url), this.responseText);
    });
    return open.call(this, method, url, ...rest);
  };
  const fetch = window.fetch;
  window.fetch = async (input, init) => {
    const response = await fetch(input, init);
    const url = response.url || String(input?.url ?? input);
    if (url.split('?')[0].endsWith('.m3u8') && response.ok) response.clone().text().then((t) => read(url, t), () => {});
    return response;
  };
})();
