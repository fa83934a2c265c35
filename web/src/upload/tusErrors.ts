// What a failed tus request means: its HTTP status (none for a dropped connection), whether it is worth another try,
// and the words for it (the API's own message when the body carries one).
import type { DetailedError } from 'tus-js-client';
import { percent, tooLargeMessage } from './format';

/** What an upload that tus-js-client gave up on becomes. */
export interface Failure {
  message: string;
  /** The server will never take it as it is (too large, refused): no Resume. */
  refused: boolean;
  /** The server's size limit, when its answer said it. */
  limit: number | null;
  /** The server no longer has the upload (or never will): a new one starts on Resume. */
  startOver: boolean;
  /** The browser is offline: going on by itself when it is back. */
  offline: boolean;
}

export function failureOf(err: Error | DetailedError, fileSize: number, sent: number, online: boolean): Failure {
  const status = statusOf(err);
  const none = { refused: false, limit: null, startOver: false, offline: false };
  if (status === 413 && (err as DetailedError).originalRequest?.getMethod() === 'PATCH' && serverMessage(err)) {
    // The gateway itself: the chunk would pass the length declared at creation (the file changed since).
    return { ...none, refused: true, message: serverMessage(err)! };
  }
  if (status === 413 && (err as DetailedError).originalRequest?.getMethod() === 'PATCH') {
    // The file was accepted at creation: what refused a chunk is a proxy in front with a smaller body limit.
    return {
      ...none,
      message:
        'A proxy in front of the server refused a chunk as too large (HTTP 413): its request ' +
        "body limit is below the upload chunk size. Tell the site's operator; Resume tries again.",
    };
  }
  if (status === 413) {
    const header = Number((err as DetailedError).originalResponse?.getHeader('Tus-Max-Size'));
    const limit = Number.isFinite(header) && header > 0 ? header : null;
    return { ...none, refused: true, limit, startOver: true, message: tooLargeMessage(fileSize, limit) };
  }
  if (status === 401) return { ...none, message: 'Your session has ended: sign in again, then press Resume.' };
  if (status === 404 || status === 410) {
    return {
      ...none,
      startOver: true,
      message: 'The server no longer has this upload (it expired or was cancelled): Resume starts it again.',
    };
  }
  if (status !== null && status >= 400 && status < 500 && status !== 409 && status !== 423) {
    return { ...none, refused: true, message: serverMessage(err) ?? `The server refused this file (HTTP ${status}).` };
  }
  if (!online)
    return {
      ...none,
      offline: true,
      message: 'You are offline: the upload goes on by itself when the network is back.',
    };
  return {
    ...none,
    message: `${reasonOf(err)}, and trying again did not help. Press Resume to go on from ${percent(sent, fileSize)}.`,
  };
}

export function statusOf(err: Error | DetailedError): number | null {
  const res = (err as DetailedError).originalResponse;
  return res ? res.getStatus() : null;
}

/** tus-js-client's own rule: retry what is not a client error (409 and 423 are worth a retry), while online. */
export function defaultRetry(err: DetailedError, online: boolean): boolean {
  const status = statusOf(err);
  return (status === null || status < 400 || status >= 500 || status === 409 || status === 423) && online;
}

export function reasonOf(err: Error | DetailedError): string {
  const status = statusOf(err);
  if (status === null || status === 0) return 'The connection dropped';
  if (status === 409) return 'The server has a different offset';
  return serverMessage(err) ?? `The server answered HTTP ${status}`;
}

/** The API's error message from a response body ({error: {message}}), if it has one. */
export function serverMessage(err: Error | DetailedError): string | null {
  try {
    const body = (err as DetailedError).originalResponse?.getBody();
    return body ? (JSON.parse(body)?.error?.message ?? null) : null;
  } catch {
    return null;
  }
}
