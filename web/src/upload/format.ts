// Words for an upload: sizes, speeds, time left, the server's states, and what a creator should read when it fails.
import type { UploadInfo } from '../types';

const UNITS = ['B', 'KB', 'MB', 'GB', 'TB'];

/** 1536 → "1.5 KB", 20 GiB → "20 GB" (binary units, as file managers count): at most one decimal, none past 100. */
export function bytes(n: number): string {
  if (!Number.isFinite(n) || n < 0) return '—';
  let value = n;
  let unit = 0;
  while (value >= 1024 && unit < UNITS.length - 1) {
    value /= 1024;
    unit++;
  }
  const digits = unit === 0 || value >= 100 || Number.isInteger(value) ? 0 : 1;
  return `${value.toFixed(digits)} ${UNITS[unit]}`;
}

/** Bytes per second as "3.2 MB/s", or a dash while it is not measured. */
export function rate(bytesPerSecond: number | null): string {
  return bytesPerSecond === null || !Number.isFinite(bytesPerSecond) || bytesPerSecond <= 0
    ? '—'
    : `${bytes(bytesPerSecond)}/s`;
}

/** Seconds left as "about 3 min", "12 s left" style words: coarse on purpose (the speed moves). */
export function timeLeft(seconds: number | null): string {
  if (seconds === null || !Number.isFinite(seconds) || seconds < 0) return '—';
  if (seconds < 60) return `${Math.max(1, Math.ceil(seconds))} s left`;
  if (seconds < 3600) return `${Math.round(seconds / 60)} min left`;
  const h = Math.floor(seconds / 3600);
  const m = Math.round((seconds % 3600) / 60);
  return m === 0 ? `${h} h left` : `${h} h ${m} min left`;
}

/** 0.4567 → "45.7 %" for a share of bytes sent. */
export function percent(done: number, total: number): string {
  if (total <= 0) return '0 %';
  return `${Math.min(100, (done / total) * 100).toFixed(1)} %`;
}

/** "Holiday clip.final.MP4" → "Holiday clip.final": the title a file suggests. */
export function titleFromFilename(name: string): string {
  const dot = name.lastIndexOf('.');
  const base = dot > 0 ? name.slice(0, dot) : name;
  return base.replace(/[_]+/g, ' ').trim().slice(0, 120) || 'Untitled';
}

const STATUS_LABELS: Record<UploadInfo['status'], string> = {
  uploading: 'Not all sent',
  queued: 'Waiting to be processed',
  processing: 'Processing',
  ready: 'Ready',
  failed: 'Failed',
};

/** The server's state of an upload in words: processing with its percentage, a failure with its reason. */
export function uploadStatusLabel(u: Pick<UploadInfo, 'status' | 'progress' | 'error'>): string {
  const label = STATUS_LABELS[u.status] ?? u.status;
  if (u.status === 'processing' && u.progress !== null && u.progress !== undefined)
    return `${label} ${Math.floor(u.progress)} %`;
  if (u.status === 'failed' && u.error) return `${label}: ${u.error}`;
  return label;
}

/** Whether the server will still move this upload on by itself (worth polling). */
export function inFlight(u: Pick<UploadInfo, 'status'>): boolean {
  return u.status === 'queued' || u.status === 'processing';
}

/** What to say when the server refuses a file as too large before any byte is sent. */
export function tooLargeMessage(fileSize: number, limit: number | null): string {
  return limit !== null && limit > 0
    ? `This file is ${bytes(fileSize)}; the server takes files up to ${bytes(limit)}.`
    : `This file is ${bytes(fileSize)}, more than the server takes.`;
}
