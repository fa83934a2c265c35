import { describe, expect, it } from 'vitest';
import {
  bytes,
  inFlight,
  percent,
  rate,
  timeLeft,
  titleFromFilename,
  tooLargeMessage,
  uploadStatusLabel,
} from './format';

describe('upload words', () => {
  it('sizes in binary units with at most one decimal', () => {
    expect(bytes(0)).toBe('0 B');
    expect(bytes(1023)).toBe('1023 B');
    expect(bytes(1536)).toBe('1.5 KB');
    expect(bytes(20 * 1024 ** 3)).toBe('20 GB');
    expect(bytes(150.4 * 1024 ** 2)).toBe('150 MB');
    expect(bytes(-1)).toBe('—');
    expect(rate(3.25 * 1024 ** 2)).toBe('3.3 MB/s');
    expect(rate(null)).toBe('—');
    expect(rate(0)).toBe('—');
  });

  it('time left in coarse words', () => {
    expect(timeLeft(0.2)).toBe('1 s left');
    expect(timeLeft(59.2)).toBe('60 s left');
    expect(timeLeft(61)).toBe('1 min left');
    expect(timeLeft(3600)).toBe('1 h left');
    expect(timeLeft(3 * 3600 + 25 * 60)).toBe('3 h 25 min left');
    expect(timeLeft(null)).toBe('—');
    expect(timeLeft(Infinity)).toBe('—');
  });

  it('a share sent, a title from a file name', () => {
    expect(percent(1, 3)).toBe('33.3 %');
    expect(percent(5, 0)).toBe('0 %');
    expect(titleFromFilename('Holiday_clip.final.MP4')).toBe('Holiday clip.final');
    expect(titleFromFilename('.mp4')).toBe('.mp4');
    expect(titleFromFilename('noext')).toBe('noext');
  });

  it("the server's states, with the processing percentage and the reason of a failure", () => {
    expect(uploadStatusLabel({ status: 'queued', progress: null, error: null })).toBe('Waiting to be processed');
    expect(uploadStatusLabel({ status: 'processing', progress: 42.7, error: null })).toBe('Processing 42 %');
    expect(uploadStatusLabel({ status: 'processing', progress: null, error: null })).toBe('Processing');
    expect(uploadStatusLabel({ status: 'failed', progress: null, error: 'Not a video file' })).toBe(
      'Failed: Not a video file',
    );
    expect(uploadStatusLabel({ status: 'ready', progress: 100, error: null })).toBe('Ready');
    expect(inFlight({ status: 'processing' })).toBe(true);
    expect(inFlight({ status: 'ready' })).toBe(false);
    expect(inFlight({ status: 'uploading' })).toBe(false);
  });

  it("says the server's limit when a file is too large", () => {
    expect(tooLargeMessage(25 * 1024 ** 3, 20 * 1024 ** 3)).toBe(
      'This file is 25 GB; the server takes files up to 20 GB.',
    );
    expect(tooLargeMessage(25 * 1024 ** 3, null)).toBe('This file is 25 GB, more than the server takes.');
  });
});
