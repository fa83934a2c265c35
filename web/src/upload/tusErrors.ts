// What a failed tus request means: its HTTP status (none for a dropped connection), whether it is worth another try,
// and the words for it (the API's own message when the body carries one).
import type { DetailedError } from 'tus-js-client';

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
