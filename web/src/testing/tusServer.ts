// A small tus 1.0 server in memory for unit tests, plugged into tus-js-client as its HTTP stack: creation (with the
// size limit and bearer token checked), HEAD, PATCH at the right offset only, DELETE. Tests script its failures
// (a dropped connection, an expired token, a refusal) and read what the client sent.
import type { HttpRequest, HttpResponse, HttpStack } from 'tus-js-client';

export interface StoredUpload {
  id: string;
  length: number;
  offset: number;
  metadata: Record<string, string>;
  deleted: boolean;
}
export interface Sent {
  method: string;
  url: string;
  headers: Record<string, string>;
}

type Failure = { method: string; status: number } | { method: string; drop: true };

export class TusServer implements HttpStack {
  readonly uploads = new Map<string, StoredUpload>();
  readonly sent: Sent[] = [];
  /** Answers the next matching request with these instead of serving it, first come first served. */
  readonly failures: Failure[] = [];
  /** The bearer token the server accepts. */
  token = 'good';
  maxSize = 1 << 30;
  /** Awaited before each PATCH is served: a test holds a transfer mid-way with it. */
  beforePatch: (offset: number) => Promise<void> = async () => {};
  /** Bytes a PATCH takes before it answers: smaller than a chunk makes progress visible in steps. */
  private next = 1;

  constructor(readonly origin = 'http://millrace.test') {}

  getName(): string {
    return 'TusServer';
  }

  createRequest(method: string, url: string): HttpRequest {
    const headers: Record<string, string> = {};
    let progress: (sent: number) => void = () => {};
    return {
      getMethod: () => method,
      getURL: () => url,
      setHeader: (h, v) => {
        headers[h] = v;
      },
      getHeader: (h) => headers[h],
      setProgressHandler: (handler) => {
        progress = handler;
      },
      send: async (body) => this.handle(method, url, headers, body, progress),
      abort: async () => {},
      getUnderlyingObject: () => null,
    };
  }

  private async handle(
    method: string,
    url: string,
    headers: Record<string, string>,
    body: unknown,
    progress: (sent: number) => void,
  ): Promise<HttpResponse> {
    this.sent.push({ method, url, headers: { ...headers } });
    await Promise.resolve();
    const i = this.failures.findIndex((f) => f.method === method);
    if (i >= 0) {
      const [failure] = this.failures.splice(i, 1);
      if ('drop' in failure) throw new Error('network connection lost');
      return answer(
        failure.status,
        {},
        JSON.stringify({ error: { code: 'scripted', message: `scripted ${failure.status}` } }),
      );
    }
    if (headers.Authorization !== `Bearer ${this.token}`)
      return answer(401, {}, '{"error":{"code":"unauthorized","message":"expired"}}');
    const id = url.split('/').pop()!;
    const upload = this.uploads.get(id);
    switch (method) {
      case 'POST': {
        const length = Number(headers['Upload-Length']);
        if (length > this.maxSize) {
          return answer(
            413,
            { 'Tus-Max-Size': String(this.maxSize) },
            JSON.stringify({ error: { code: 'too_large', message: 'Upload-Length exceeds Tus-Max-Size' } }),
          );
        }
        const created = {
          id: `up${this.next++}`,
          length,
          offset: 0,
          metadata: decodeMetadata(headers['Upload-Metadata']),
          deleted: false,
        };
        this.uploads.set(created.id, created);
        return answer(201, { Location: `${this.origin}/api/uploads/${created.id}` });
      }
      case 'HEAD':
        if (!upload || upload.deleted) return answer(404, {});
        return answer(200, { 'Upload-Offset': String(upload.offset), 'Upload-Length': String(upload.length) });
      case 'PATCH': {
        if (!upload || upload.deleted) return answer(404, {});
        if (Number(headers['Upload-Offset']) !== upload.offset) return answer(409, {});
        await this.beforePatch(upload.offset);
        if (upload.deleted) return answer(404, {});
        const size = (body as Blob).size;
        progress(Math.floor(size / 2));
        progress(size);
        upload.offset += size;
        return answer(204, { 'Upload-Offset': String(upload.offset) });
      }
      case 'DELETE':
        if (!upload) return answer(404, {});
        upload.deleted = true;
        return answer(204, {});
      default:
        return answer(405, {});
    }
  }
}

function answer(status: number, headers: Record<string, string>, body = ''): HttpResponse {
  return {
    getStatus: () => status,
    getHeader: (h) => headers[h],
    getBody: () => body,
    getUnderlyingObject: () => null,
  };
}

function decodeMetadata(header: string | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const pair of (header ?? '').split(',').filter(Boolean)) {
    const [key, value = ''] = pair.trim().split(' ');
    out[key] = new TextDecoder().decode(Uint8Array.from(atob(value), (c) => c.charCodeAt(0)));
  }
  return out;
}

/** tus-js-client's URL storage in memory (the browser's is localStorage): what survives a "reload" in a test. */
export class MemoryUrlStorage {
  readonly entries = new Map<string, unknown>();
  private n = 0;
  async findAllUploads() {
    return [...this.entries].map(([k, v]) => ({ ...(v as object), urlStorageKey: k })) as never[];
  }
  async findUploadsByFingerprint(fp: string) {
    return (await this.findAllUploads()).filter((u: { urlStorageKey: string }) =>
      u.urlStorageKey.startsWith(`tus::${fp}::`),
    );
  }
  async removeUpload(key: string) {
    this.entries.delete(key);
  }
  async addUpload(fp: string, upload: unknown) {
    const key = `tus::${fp}::${this.n++}`;
    this.entries.set(key, upload);
    return key;
  }
}
