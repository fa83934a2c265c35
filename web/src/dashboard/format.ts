// Pure helpers of the creator dashboard: the SRT URL OBS takes, live stats as text and the warnings a streamer
// should act on, recording states, tags typed as text, passphrases.
import { formatTime } from '../player/controls';
import type { Recording, Stream, StreamStats } from '../types';

/**
 * The publish URL as the server builds it on create and rotate (see the SRT URL forms in the design): the stream id
 * carries the key, a passphrase comes with pbkeylen=16 (AES-128, what OBS expects).
 */
export function publishUrl(srtServer: string, streamKey: string, passphrase: string | null): string {
  const url = `${srtServer}?streamid=publish:${streamKey}`;
  return passphrase ? `${url}&passphrase=${passphrase}&pbkeylen=16` : url;
}

/** A measure for the stats panel, or an em dash when it is not measured (yet). */
export function stat(value: number | null | undefined, unit: string, digits = 0): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '—';
  const text = value.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
  return unit ? `${text} ${unit}` : text;
}

/** The player's m:ss / h:mm:ss, or a dash when there is no duration (yet). */
export function duration(seconds: number | null | undefined): string {
  if (seconds === null || seconds === undefined || !Number.isFinite(seconds) || seconds < 0) return '—';
  return formatTime(seconds);
}

const STATUS_LABELS: Record<Stream['status'], string> = {
  live: 'Live',
  reconnecting: 'Reconnecting',
  offline: 'Offline',
};

export function statusLabel(status: Stream['status']): string {
  return STATUS_LABELS[status];
}

const REFUSALS: Record<string, string> = {
  already_live:
    "Another encoder tried this stream's key while it was live and was refused. " +
    'If it was not yours, rotate the key.',
  publisher_limit: 'An encoder was refused: your account already has as many streams live as it may.',
  ingest_full:
    'An encoder was refused: the ingest server it reached is full. OBS retries by itself; ' +
    'a retry may reach a server with room. If it keeps failing, try again in a few minutes.',
  disabled: 'An encoder was refused: this stream is disabled.',
  bad_passphrase: 'An encoder was refused: its passphrase is wrong.',
  passphrase_required: 'An encoder was refused: this stream needs its passphrase in the URL.',
  key_revoked: 'An encoder was refused: it used a key that has been rotated.',
};

/** Why the server last refused an encoder on this stream, or null. */
export function refusalWarning(s: StreamStats): string | null {
  if (!s.lastRefusal) return null;
  return REFUSALS[s.lastRefusal.reason] ?? `An encoder was refused (${s.lastRefusal.reason}).`;
}

const MEDIA_ERRORS: Record<string, string> = {
  no_video: 'Your encoder sends no video the server can use: check that a video source and encoder are set in OBS.',
  unsupported_codec:
    "Your encoder's video codec is not supported: choose H.264 (x264 or a hardware H.264 encoder) " + 'or HEVC.',
  too_large: "Your encoder's resolution is above what the server takes (4096x2304): lower the output resolution.",
  input_corrupt: 'The server cannot read what your encoder sends as MPEG-TS: check the output format.',
  no_pictures: "No picture could be decoded from your encoder's video for 20 seconds.",
  resolution_changed: 'Your encoder changed its resolution: the stream restarted at the new size.',
  codec_changed: 'Your encoder changed its video codec: the stream restarted with it.',
  timestamps_reset: 'Your encoder restarted its clock: the stream restarted.',
  transcode_failed: 'The server failed to transcode your stream.',
};

/** Why the server last stopped playing the encoder's media on this connection, or null. */
export function mediaWarning(s: StreamStats): string | null {
  const e = s.mediaError;
  if (!e) return null;
  const text = MEDIA_ERRORS[e.reason] ?? `The server stopped playing your stream (${e.reason}).`;
  // Restarts explain themselves; a stream that stays down also says what the server found.
  return e.restarted ? text : `${text} (${e.detail})`;
}

/** What a streamer should fix, worst first; empty when all is well or nobody publishes. */
export function streamWarnings(s: StreamStats): string[] {
  const refusal = refusalWarning(s);
  if (!s.publisherConnected) {
    const waiting = s.status === 'reconnecting' ? ['The encoder disconnected; waiting for it to come back.'] : [];
    return refusal ? [refusal, ...waiting] : waiting;
  }
  const media = mediaWarning(s);
  const warnings: string[] = [media, refusal].filter((w): w is string => w !== null);
  if (s.speed !== null && s.speed < 1) {
    warnings.push(`The server encodes at ${s.speed.toFixed(2)}x real time: lower the resolution or frame rate.`);
  }
  if (s.packetLossPercent !== null && s.packetLossPercent >= 2) {
    warnings.push(
      `${s.packetLossPercent.toFixed(1)} % of packets are lost: raise the SRT latency or lower the bitrate.`,
    );
  }
  if (s.rttMs !== null && s.rttMs > 250) {
    warnings.push(
      `Round trip ${Math.round(s.rttMs)} ms: add &latency=${Math.ceil((s.rttMs * 4) / 100) * 100_000} to the URL.`,
    );
  }
  if (s.fps !== null && s.fps > 0 && s.fps < 20) {
    warnings.push(`Only ${s.fps.toFixed(0)} frames per second arrive.`);
  }
  if (s.bitrateKbps !== null && s.bitrateKbps === 0) {
    warnings.push('Connected, but no media arrives.');
  }
  return warnings;
}

const RECORDING_LABELS: Record<Recording['status'], string> = {
  recording: 'Recording (live)',
  pending: 'Waiting to be processed',
  processing: 'Processing',
  ready: 'Ready',
  failed: 'Failed',
};

export function recordingLabel(r: Recording): string {
  const label = RECORDING_LABELS[r.status] ?? r.status;
  if (r.status === 'failed' && r.error) return `${label}: ${r.error}`;
  if (r.status === 'pending' && r.attempts > 0) return `${label} (attempt ${r.attempts + 1})`;
  return label;
}

/** Whether the list should keep polling: something will still change by itself. */
export function recordingsSettled(items: Recording[]): boolean {
  return items.every((r) => r.status === 'ready' || r.status === 'failed');
}

/** "Music, live  #jazz" → ["music", "live", "jazz"]: lower case, no # or repeats, in order. */
export function parseTags(text: string): string[] {
  const tags = text
    .split(/[\s,]+/)
    .map((t) => t.replace(/^#+/, '').trim().toLowerCase())
    .filter(Boolean);
  return [...new Set(tags)];
}

const PASSPHRASE_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789';

/** A passphrase the SRT URL can carry as it is (letters and digits), 24 characters from a CSPRNG. */
export function generatePassphrase(
  random: (bytes: Uint8Array) => Uint8Array = (b) => crypto.getRandomValues(b),
): string {
  const out: string[] = [];
  while (out.length < 24) {
    for (const byte of random(new Uint8Array(32))) {
      // Reject the top of the byte range so every letter is equally likely.
      if (byte < 256 - (256 % PASSPHRASE_ALPHABET.length) && out.length < 24)
        out.push(PASSPHRASE_ALPHABET[byte % PASSPHRASE_ALPHABET.length]);
    }
  }
  return out.join('');
}

/** The passphrase rule of the API (10–79 of A–Z a–z 0–9 . _ ~ -), checked before sending; null when fine. */
export function passphraseProblem(value: string): string | null {
  if (value === '') return null;
  if (!/^[A-Za-z0-9._~-]+$/.test(value)) return 'Use only letters, digits and . _ ~ -';
  if (value.length < 10 || value.length > 79) return 'Use 10 to 79 characters';
  return null;
}
