// The creator's uploads in this tab, outside React so they go on while the creator browses the app: each file a draft
// (title, description, visibility up front), then sent with tus-js-client one at a time (the bearer token on every
// request, a refresh after a 401, network drops retried with backoff, pause, resume, cancel, and after a reload the
// same file resumes where the server is), then followed on the server (queued → processing % → ready | failed).
import {
  defaultOptions,
  Upload,
  type DetailedError,
  type HttpRequest,
  type HttpResponse,
  type PreviousUpload,
  type UploadOptions,
} from 'tus-js-client';
import { ApiError, errorMessage, type ApiClient } from '../api/client';
import type { RecordingVisibility, UploadInfo } from '../types';
import { parseTags } from '../dashboard/format';
import { inFlight, titleFromFilename, tooLargeMessage } from './format';
import { SpeedMeter } from './speed';
import { defaultRetry, failureOf, reasonOf, statusOf } from './tusErrors';

export type Phase =
  | 'draft'
  | 'waiting'
  | 'uploading'
  | 'retrying'
  | 'paused'
  | 'stopped'
  | 'rejected'
  | 'cancelling'
  | 'sent';

export interface Details {
  title: string;
  description: string;
  visibility: RecordingVisibility;
  tags: string;
}

export interface QueueItem extends Details {
  key: string;
  file: File;
  phase: Phase;
  /** Bytes the server has. */
  sent: number;
  speed: number | null;
  secondsLeft: number | null;
  /** This browser started sending the same file before (a reload, a crash): it goes on from the server's offset. */
  resumes: { createdAt: string } | null;
  /** Where the server's offset stood when a resume began, once known. */
  resumedFrom: number | null;
  /** Why it stopped, was refused, or is retrying; null while all is well. */
  error: string | null;
  uploadId: string | null;
  /** The server's state once all bytes are in. */
  server: UploadInfo | null;
}

type Timers = { set: (fn: () => void, ms: number) => unknown; clear: (handle: unknown) => void };

export interface QueueOptions {
  api: Pick<ApiClient, 'tokens' | 'refresh' | 'request'>;
  /** The absolute URL of POST /api/uploads. */
  endpoint: string;
  /** tus-js-client options that tests replace (httpStack, urlStorage). */
  tus?: Partial<UploadOptions>;
  chunkSize?: number;
  retryDelays?: number[];
  pollMs?: number;
  now?: () => number;
  timers?: Timers;
  isOnline?: () => boolean;
  onOnline?: (listener: () => void) => void;
  /** The server's Tus-Max-Size from OPTIONS, for a 413 that did not say it; null when unknown. */
  fetchLimit?: () => Promise<number | null>;
}

// Chunks bound what a dropped connection costs (the chunk in flight) and how often the offset is confirmed.
const CHUNK_BYTES = 8 * 1024 * 1024;
// Backoff for dropped connections and server errors: about two minutes in all before the item stops and asks.
const RETRY_DELAYS = [0, 1_000, 3_000, 5_000, 10_000, 20_000, 30_000, 60_000];
const POLL_MS = 2_000;
const EMIT_EVERY_MS = 200;

interface Running {
  upload: Upload | null;
  meter: SpeedMeter;
  previous: PreviousUpload[];
  refreshed: boolean;
  authRetries: number;
  offline: boolean;
  poll: unknown;
}

export class UploadQueue {
  private items: QueueItem[] = [];
  private readonly running = new Map<string, Running>();
  private readonly listeners = new Set<() => void>();
  private next = 1;
  private lastEmit = 0;
  private readonly pending = new Map<string, Partial<QueueItem>>();
  /** The largest file the server takes, once a 413 told it: later drafts above it are refused at once. */
  private maxSize: number | null = null;
  private readonly now: () => number;
  private readonly timers: Timers;
  private readonly isOnline: () => boolean;

  constructor(private readonly options: QueueOptions) {
    this.now = options.now ?? (() => Date.now());
    this.timers = options.timers ?? { set: (fn, ms) => setTimeout(fn, ms), clear: (h) => clearTimeout(h as number) };
    this.isOnline = options.isOnline ?? (() => typeof navigator === 'undefined' || navigator.onLine !== false);
    options.onOnline?.(() =>
      this.items
        .filter((i) => i.phase === 'stopped' && this.running.get(i.key)?.offline)
        .forEach((i) => this.resume(i.key)),
    );
  }

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  snapshot = (): QueueItem[] => this.items;

  /** Whether closing the tab now would interrupt a transfer (the page asks before it goes). */
  busy(): boolean {
    return this.items.some((i) => i.phase === 'uploading' || i.phase === 'retrying' || i.phase === 'waiting');
  }

  /** New drafts; a file this browser already began sending resumes at once with the details it was given then. */
  add(files: Iterable<File>, defaults: Omit<Details, 'title'>): QueueItem[] {
    const added = [...files].map((file) => this.draft(file, defaults));
    this.items = [...this.items, ...added];
    this.emit();
    added.filter((i) => i.phase === 'draft').forEach((i) => void this.lookForPrevious(i.key));
    return added;
  }

  update(key: string, details: Partial<Details>): void {
    if (this.get(key)?.phase === 'draft') this.patch(key, details);
  }

  /** Sends a draft (or all of them); null when it can go, else why not. */
  start(key: string): string | null {
    const item = this.get(key);
    if (!item || item.phase !== 'draft') return null;
    const problem = detailsProblem(item);
    if (problem) return problem;
    this.patch(key, { phase: 'waiting', error: null });
    this.pump();
    return null;
  }

  startAll(): void {
    this.items.filter((i) => i.phase === 'draft').forEach((i) => this.start(i.key));
  }

  pause(key: string): void {
    const item = this.get(key);
    const run = this.running.get(key);
    if (!item || !['uploading', 'retrying', 'waiting'].includes(item.phase)) return;
    run?.meter.reset();
    this.patch(key, { phase: 'paused', speed: null, secondsLeft: null, error: null });
    void run?.upload?.abort(false);
    this.pump();
  }

  resume(key: string): void {
    const item = this.get(key);
    if (!item || (item.phase !== 'paused' && item.phase !== 'stopped')) return;
    this.patch(key, { phase: 'waiting', error: null });
    this.pump();
  }

  /** Stops and deletes an upload (its bytes on the server too); a draft or a refused file just leaves the list. */
  async cancel(key: string): Promise<void> {
    const item = this.get(key);
    const run = this.running.get(key);
    if (!item || item.phase === 'cancelling') return;
    if (!run?.upload?.url || item.phase === 'sent') {
      void run?.upload?.abort(false);
      this.drop(key);
      return;
    }
    this.patch(key, { phase: 'cancelling', error: null, speed: null, secondsLeft: null });
    this.pump();
    try {
      await run.upload.abort(true);
      this.drop(key);
    } catch (e) {
      this.patch(key, { phase: 'stopped', error: `Could not cancel: ${errorMessage(e)}` });
    }
  }

  /** Takes a finished (or refused) item off the list. */
  dismiss(key: string): void {
    const phase = this.get(key)?.phase;
    if (phase === 'sent' || phase === 'rejected' || phase === 'draft') this.drop(key);
  }

  /** Another go at a failed transcoding: the server queues it again and the item follows it. */
  async retryProcessing(key: string): Promise<void> {
    const item = this.get(key);
    if (!item?.uploadId || item.server?.status !== 'failed') return;
    try {
      const info = await this.options.api.request<UploadInfo>(
        'POST',
        `/api/uploads/${encodeURIComponent(item.uploadId)}/retry`,
        {},
      );
      this.patch(key, {
        server: info && info.status ? info : { ...item.server, status: 'queued', error: null },
        error: null,
      });
      this.follow(key);
    } catch (e) {
      this.patch(key, { error: errorMessage(e) });
    }
  }

  /** Deletes an upload that is not in this tab (an interrupted one in the list): tus termination, and this
   *  browser forgets it, so the same file would start afresh. */
  async terminate(id: string): Promise<void> {
    const url = `${this.options.endpoint}/${encodeURIComponent(id)}`;
    await Upload.terminate(url, this.tusOptions(null));
    const store = this.options.tus?.urlStorage ?? defaultOptions.urlStorage;
    const entries = await store.findAllUploads();
    await Promise.all(
      entries.filter((e) => e.uploadUrl?.endsWith(`/${id}`)).map((e) => store.removeUpload(e.urlStorageKey)),
    );
  }

  private draft(file: File, defaults: Omit<Details, 'title'>): QueueItem {
    const item: QueueItem = {
      key: `u${this.next++}`,
      file,
      ...defaults,
      title: titleFromFilename(file.name),
      phase: 'draft',
      sent: 0,
      speed: null,
      secondsLeft: null,
      resumes: null,
      resumedFrom: null,
      error: null,
      uploadId: null,
      server: null,
    };
    if (file.size === 0) return { ...item, phase: 'rejected', error: `${file.name} is empty (0 bytes).` };
    if (this.maxSize !== null && file.size > this.maxSize)
      return { ...item, phase: 'rejected', error: tooLargeMessage(file.size, this.maxSize) };
    return item;
  }

  private async lookForPrevious(key: string): Promise<void> {
    const item = this.get(key);
    if (!item) return;
    const previous = await new Upload(item.file, this.tusOptions(key)).findPreviousUploads().catch(() => []);
    const latest = previous.sort((a, b) => b.creationTime.localeCompare(a.creationTime))[0];
    if (!latest || this.get(key)?.phase !== 'draft') return;
    this.run(key).previous = [latest];
    const m = latest.metadata ?? {};
    this.patch(key, {
      resumes: { createdAt: latest.creationTime },
      title: m.title || item.title,
      description: m.description ?? item.description,
      visibility: (m.visibility as RecordingVisibility) || item.visibility,
      tags: m.tags ?? item.tags,
    });
    this.start(key);
  }

  /** Starts waiting items while fewer than one is sending: files go one after another, each at full speed. */
  private pump(): void {
    if (this.items.some((i) => i.phase === 'uploading' || i.phase === 'retrying' || i.phase === 'cancelling')) return;
    const next = this.items.find((i) => i.phase === 'waiting');
    if (next) this.send(next.key);
  }

  private send(key: string): void {
    const item = this.get(key)!;
    const run = this.run(key);
    run.refreshed = false;
    run.authRetries = 0;
    run.offline = false;
    if (!run.upload) {
      run.upload = new Upload(item.file, this.tusOptions(key));
      if (run.previous.length) run.upload.resumeFromPreviousUpload(run.previous[0]);
    }
    this.patch(key, { phase: 'uploading', error: null });
    run.upload.start();
  }

  private tusOptions(key: string | null): UploadOptions {
    const item = key ? this.get(key) : null;
    const metadata: Record<string, string> = {};
    if (item) {
      Object.assign(metadata, {
        filename: item.file.name,
        filetype: item.file.type || 'application/octet-stream',
        title: item.title.trim(),
        visibility: item.visibility,
      });
      if (item.description.trim()) metadata.description = item.description.trim();
      const tags = parseTags(item.tags);
      if (tags.length) metadata.tags = tags.join(',');
    }
    return {
      endpoint: this.options.endpoint,
      chunkSize: this.options.chunkSize ?? CHUNK_BYTES,
      retryDelays: this.options.retryDelays ?? RETRY_DELAYS,
      metadata,
      storeFingerprintForResuming: true,
      removeFingerprintOnSuccess: true,
      onBeforeRequest: (req) => this.authorize(req),
      onAfterResponse: (req, res) => this.afterResponse(key, req, res),
      onShouldRetry: (err, attempt) => (key ? this.shouldRetry(key, err, attempt) : defaultRetry(err, this.isOnline())),
      onUploadUrlAvailable: () => {
        if (key) this.patch(key, { uploadId: idOf(this.running.get(key)?.upload?.url) });
      },
      onProgress: (sent, total) => {
        if (key) this.progress(key, sent, total);
      },
      onSuccess: () => {
        if (key) this.sent(key);
      },
      onError: (err) => {
        if (key) this.failed(key, err);
      },
      ...this.options.tus,
    };
  }

  /** The current access token on every request; an expired one is renewed first (the refresh cookie). */
  private async authorize(req: HttpRequest): Promise<void> {
    const { api } = this.options;
    if (api.tokens.get() === null) await api.refresh();
    const token = api.tokens.get();
    if (token) req.setHeader('Authorization', `Bearer ${token}`);
  }

  private async afterResponse(key: string | null, req: HttpRequest, res: HttpResponse): Promise<void> {
    const run = key ? this.running.get(key) : undefined;
    if (res.getStatus() === 401) {
      const refreshed = await this.options.api.refresh();
      if (run) run.refreshed = refreshed;
      return;
    }
    if (!run || !key) return;
    if (res.getStatus() < 300) run.authRetries = 0;
    const item = this.get(key);
    if (req.getMethod() === 'HEAD' && item?.resumes && item.resumedFrom === null) {
      this.patch(key, { resumedFrom: Number(res.getHeader('Upload-Offset') ?? 0) });
    }
  }

  private shouldRetry(key: string, err: DetailedError, attempt: number): boolean {
    const run = this.running.get(key);
    const item = this.get(key);
    if (!run || !item || item.phase === 'cancelling' || item.phase === 'paused') return false;
    if (statusOf(err) === 401) return run.refreshed && run.authRetries++ < 1;
    if (!defaultRetry(err, this.isOnline())) return false;
    const delays = this.options.retryDelays ?? RETRY_DELAYS;
    run.meter.reset();
    const wait = delays[attempt] ?? 0;
    this.patch(key, {
      phase: 'retrying',
      speed: null,
      secondsLeft: null,
      error: `${reasonOf(err)}: trying again${wait >= 1000 ? ` in ${Math.round(wait / 1000)} s` : ''} (attempt ${attempt + 2} of ${delays.length + 1}).`,
    });
    return true;
  }

  private progress(key: string, sent: number, total: number): void {
    const run = this.running.get(key);
    const item = this.get(key);
    if (!run || !item || (item.phase !== 'uploading' && item.phase !== 'retrying')) return;
    const at = this.now();
    run.meter.add(sent, at);
    const fields: Partial<QueueItem> = { sent, speed: run.meter.speed(), secondsLeft: run.meter.secondsLeft(total) };
    if (item.phase === 'retrying') Object.assign(fields, { phase: 'uploading', error: null });
    // At most five renders a second; the last figures before a stall still show (a trailing flush).
    if (fields.phase || sent === total || at - this.lastEmit >= EMIT_EVERY_MS) {
      this.lastEmit = at;
      this.patch(key, fields);
    } else {
      const flush = this.pending.get(key);
      this.pending.set(key, { ...(flush ?? {}), ...fields });
      if (!flush) this.timers.set(() => this.flush(key), EMIT_EVERY_MS);
    }
  }

  private flush(key: string): void {
    const fields = this.pending.get(key);
    this.pending.delete(key);
    const phase = this.get(key)?.phase;
    if (fields && (phase === 'uploading' || phase === 'retrying')) {
      this.lastEmit = this.now();
      this.patch(key, fields);
    }
  }

  private sent(key: string): void {
    const run = this.running.get(key);
    const item = this.get(key);
    if (!item) return;
    const uploadId = idOf(run?.upload?.url) ?? item.uploadId;
    this.patch(key, {
      phase: 'sent',
      sent: item.file.size,
      speed: null,
      secondsLeft: null,
      error: null,
      uploadId,
      server: { id: uploadId ?? '', status: 'queued', progress: null, videoId: null, error: null },
    });
    this.pump();
    this.follow(key);
  }

  private failed(key: string, err: Error | DetailedError): void {
    const item = this.get(key);
    const run = this.running.get(key);
    if (!item || !run || item.phase === 'paused' || item.phase === 'cancelling') return;
    run.meter.reset();
    const f = failureOf(err, item.file.size, item.sent, this.isOnline());
    if (f.limit !== null) this.maxSize = f.limit;
    if (f.refused && f.startOver && f.limit === null) void this.sayLimit(key);
    if (f.startOver) {
      run.upload = null;
      run.previous = [];
    }
    run.offline = f.offline;
    this.patch(key, { phase: f.refused ? 'rejected' : 'stopped', error: f.message, speed: null, secondsLeft: null });
    this.pump();
  }

  /** A 413 at creation without Tus-Max-Size: the limit from OPTIONS (tus's way of saying it), in the message. */
  private async sayLimit(key: string): Promise<void> {
    const limit = await (this.options.fetchLimit ?? (() => optionsLimit(this.options.endpoint)))().catch(() => null);
    const item = this.get(key);
    if (limit === null || !item || item.phase !== 'rejected') return;
    this.maxSize = limit;
    this.patch(key, { error: tooLargeMessage(item.file.size, limit) });
  }

  /** Polls the server's state of a sent upload until it is ready or failed. */
  private follow(key: string): void {
    const run = this.run(key);
    if (run.poll !== null) this.timers.clear(run.poll);
    const tick = async () => {
      run.poll = null;
      const item = this.get(key);
      if (!item?.uploadId || !this.get(key)) return;
      try {
        const info = await this.options.api.request<UploadInfo>(
          'GET',
          `/api/uploads/${encodeURIComponent(item.uploadId)}`,
        );
        this.patch(key, { server: info, error: null });
        if (!inFlight(info)) return;
      } catch (e) {
        if (e instanceof ApiError && e.status === 404) {
          this.patch(key, { error: 'The server no longer knows this upload.' });
          return;
        }
        this.patch(key, { error: `Could not read the processing state (${errorMessage(e)}); trying again.` });
      }
      if (this.get(key)) run.poll = this.timers.set(() => void tick(), this.options.pollMs ?? POLL_MS);
    };
    run.poll = this.timers.set(() => void tick(), 0);
  }

  private run(key: string): Running {
    let run = this.running.get(key);
    if (!run) {
      run = {
        upload: null,
        meter: new SpeedMeter(),
        previous: [],
        refreshed: false,
        authRetries: 0,
        offline: false,
        poll: null,
      };
      this.running.set(key, run);
    }
    return run;
  }

  private drop(key: string): void {
    const run = this.running.get(key);
    if (run?.poll !== null && run?.poll !== undefined) this.timers.clear(run.poll);
    this.running.delete(key);
    this.items = this.items.filter((i) => i.key !== key);
    this.emit();
    this.pump();
  }

  private get(key: string): QueueItem | undefined {
    return this.items.find((i) => i.key === key);
  }

  private patch(key: string, fields: Partial<QueueItem>): void {
    const pending = this.pending.get(key);
    if (pending) this.pending.set(key, Object.fromEntries(Object.entries(pending).filter(([k]) => !(k in fields))));
    this.items = this.items.map((i) => (i.key === key ? { ...i, ...fields } : i));
    this.emit();
  }

  private emit(): void {
    this.listeners.forEach((l) => l());
  }
}

/** Why a draft cannot be sent yet, or null. */
export function detailsProblem(d: Pick<Details, 'title'>): string | null {
  if (!d.title.trim()) return 'Give it a title.';
  if (d.title.trim().length > 120) return 'Use at most 120 characters for the title.';
  return null;
}

/** Tus-Max-Size from an OPTIONS request on the endpoint (no credentials needed). */
async function optionsLimit(endpoint: string): Promise<number | null> {
  const response = await fetch(endpoint, { method: 'OPTIONS', headers: { 'Tus-Resumable': '1.0.0' } });
  const limit = Number(response.headers.get('Tus-Max-Size'));
  return Number.isFinite(limit) && limit > 0 ? limit : null;
}

/** The upload's id from its tus URL (…/api/uploads/{id}). */
function idOf(url: string | null | undefined): string | null {
  if (!url) return null;
  const id = url
    .replace(/[?#].*$/, '')
    .split('/')
    .pop();
  return id ? decodeURIComponent(id) : null;
}
