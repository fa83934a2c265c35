import { describe, expect, it } from 'vitest';
import type { Recording, StreamStats } from '../types';
import {
  duration,
  generatePassphrase,
  parseTags,
  passphraseProblem,
  publishUrl,
  recordingLabel,
  recordingsSettled,
  stat,
  streamWarnings,
} from './format';

const live: StreamStats = {
  streamId: 's1',
  status: 'live',
  sessionId: 'x',
  startedAt: '2026-01-01T00:00:00Z',
  uptimeSeconds: 75,
  viewers: 3,
  publisherConnected: true,
  bitrateKbps: 4500,
  rttMs: 12,
  packetLossPercent: 0,
  retransmits: 0,
  fps: 30,
  speed: 3.2,
};

const recording = (status: Recording['status'], extra: Partial<Recording> = {}): Recording => ({
  id: 'r',
  streamId: 's',
  sessionId: 'x',
  title: 't',
  status,
  attempts: 0,
  error: null,
  durationSeconds: 30,
  videoId: null,
  sessionStartedAt: null,
  sessionEndedAt: null,
  createdAt: '',
  updatedAt: '',
  ...extra,
});

describe('the SRT URL for OBS', () => {
  it('carries the key in the stream id, and a passphrase with AES-128', () => {
    expect(publishUrl('srt://example.com:8890', 'k3y', null)).toBe('srt://example.com:8890?streamid=publish:k3y');
    expect(publishUrl('srt://example.com:8890', 'k3y', 'secret-pass')).toBe(
      'srt://example.com:8890?streamid=publish:k3y&passphrase=secret-pass&pbkeylen=16',
    );
  });
});

describe('stats as text', () => {
  it('shows a dash for what is not measured', () => {
    expect(stat(null, 'fps')).toBe('—');
    expect(stat(undefined, 'ms')).toBe('—');
    expect(stat(Number.NaN, 'ms')).toBe('—');
    expect(stat(29.97, 'fps', 1)).toBe('30.0 fps');
    expect(stat(4512.4, 'Kbps')).toBe('4,512 Kbps');
    expect(stat(0, '%', 1)).toBe('0.0 %');
  });

  it('writes durations as m:ss or h:mm:ss', () => {
    expect(duration(75)).toBe('1:15');
    expect(duration(3600 + 62)).toBe('1:01:02');
    expect(duration(null)).toBe('—');
  });
});

describe('warnings for the streamer', () => {
  it('says nothing when all is well or nobody publishes', () => {
    expect(streamWarnings(live)).toEqual([]);
    expect(streamWarnings({ ...live, status: 'offline', publisherConnected: false })).toEqual([]);
  });

  it('names what to fix', () => {
    expect(streamWarnings({ ...live, speed: 0.8 })[0]).toContain('0.80x real time');
    expect(streamWarnings({ ...live, packetLossPercent: 5 })[0]).toContain('5.0 % of packets are lost');
    expect(streamWarnings({ ...live, rttMs: 300 })[0]).toContain('&latency=1200000');
    expect(streamWarnings({ ...live, fps: 12 })[0]).toContain('12 frames per second');
    expect(streamWarnings({ ...live, bitrateKbps: 0 })[0]).toContain('no media arrives');
    expect(streamWarnings({ ...live, status: 'reconnecting', publisherConnected: false })[0]).toContain('disconnected');
  });

  it('says why the server refused an encoder', () => {
    const at = '2026-01-01T00:01:00Z';
    expect(
      streamWarnings({
        ...live,
        status: 'offline',
        publisherConnected: false,
        lastRefusal: { reason: 'publisher_limit', at },
      }),
    ).toEqual(['An encoder was refused: your account already has as many streams live as it may.']);
    expect(streamWarnings({ ...live, lastRefusal: { reason: 'already_live', at } })[0]).toContain('rotate the key');
    expect(
      streamWarnings({
        ...live,
        status: 'offline',
        publisherConnected: false,
        lastRefusal: { reason: 'ingest_full', at },
      })[0],
    ).toContain('ingest server it reached is full');
    expect(streamWarnings({ ...live, lastRefusal: { reason: 'something_new', at } })[0]).toContain('something_new');
    expect(streamWarnings({ ...live, lastRefusal: null })).toEqual([]);
  });

  it("says why the server stopped playing the encoder's media, first", () => {
    const at = '2026-01-01T00:01:00Z';
    const audioOnly = { reason: 'no_video', detail: 'no video stream (found audio aac)', at, restarted: false };
    expect(streamWarnings({ ...live, fps: null, speed: null, mediaError: audioOnly })).toEqual([
      'Your encoder sends no video the server can use: check that a video source and encoder are set in OBS. ' +
        '(no video stream (found audio aac))',
    ]);
    const resized = {
      reason: 'resolution_changed',
      detail: 'resolution changed from 640x360 to 854x480: restarting',
      at,
      restarted: true,
    };
    expect(streamWarnings({ ...live, speed: 0.8, mediaError: resized })).toEqual([
      'Your encoder changed its resolution: the stream restarted at the new size.',
      'The server encodes at 0.80x real time: lower the resolution or frame rate.',
    ]);
    expect(streamWarnings({ ...live, mediaError: { ...audioOnly, reason: 'something_new' } })[0]).toContain(
      'something_new',
    );
    expect(streamWarnings({ ...live, mediaError: null })).toEqual([]);
  });
});

describe('recordings', () => {
  it('labels each status, with the error of a failed one', () => {
    expect(recordingLabel(recording('ready'))).toBe('Ready');
    expect(recordingLabel(recording('failed', { error: 'nothing captured' }))).toBe('Failed: nothing captured');
    expect(recordingLabel(recording('pending', { attempts: 1 }))).toBe('Waiting to be processed (attempt 2)');
  });

  it('keeps polling until every recording is ready or failed', () => {
    expect(recordingsSettled([recording('ready'), recording('failed')])).toBe(true);
    expect(recordingsSettled([recording('ready'), recording('processing')])).toBe(false);
    expect(recordingsSettled([])).toBe(true);
  });
});

describe('tags typed as text', () => {
  it('splits on commas and spaces, lower-cases, drops # and repeats', () => {
    expect(parseTags('Music, live  #jazz music')).toEqual(['music', 'live', 'jazz']);
    expect(parseTags('  ')).toEqual([]);
  });
});

describe('passphrases', () => {
  it('generates 24 URL-safe characters the API accepts', () => {
    const p = generatePassphrase();
    expect(p).toMatch(/^[A-Za-z0-9]{24}$/);
    expect(passphraseProblem(p)).toBeNull();
    expect(generatePassphrase()).not.toBe(p);
  });

  it('never takes a biased byte', () => {
    // 255 is above the largest multiple of the alphabet's size: it must be skipped, not wrapped.
    let calls = 0;
    const random = (b: Uint8Array) => {
      b.fill(calls++ === 0 ? 255 : 0);
      return b;
    };
    expect(generatePassphrase(random)).toBe('A'.repeat(24));
  });

  it('checks the rule of the API before sending', () => {
    expect(passphraseProblem('')).toBeNull();
    expect(passphraseProblem('short')).toContain('10 to 79');
    expect(passphraseProblem('has space in it')).toContain('letters, digits');
    expect(passphraseProblem('a'.repeat(80))).toContain('10 to 79');
  });
});
