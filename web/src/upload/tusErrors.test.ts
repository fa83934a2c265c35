import type { DetailedError } from 'tus-js-client';
import { describe, expect, it } from 'vitest';
import { failureOf } from './tusErrors';

/** What tus-js-client hands to onError: the request and, unless the connection dropped, the response. */
function failure(
  method: string,
  status: number | null,
  headers: Record<string, string> = {},
  body = '',
): DetailedError {
  const err = new Error('tus: failed') as DetailedError;
  Object.assign(err, {
    originalRequest: { getMethod: () => method },
    originalResponse:
      status === null ? null : { getStatus: () => status, getHeader: (h: string) => headers[h], getBody: () => body },
  });
  return err;
}

const MB = 1024 * 1024;

describe('what a failed upload becomes', () => {
  it("a 413 at creation is the file: refused, with the server's limit", () => {
    expect(
      failureOf(failure('POST', 413, { 'Tus-Max-Size': String(20 * 1024 * MB) }), 25 * 1024 * MB, 0, true),
    ).toEqual({
      refused: true,
      limit: 20 * 1024 * MB,
      startOver: true,
      offline: false,
      message: 'This file is 25 GB; the server takes files up to 20 GB.',
    });
    expect(failureOf(failure('POST', 413), 3 * MB, 0, true).message).toBe(
      'This file is 3 MB, more than the server takes.',
    );
  });

  it("a 413 on a chunk is a proxy's body limit, not the file: not refused, Resume stays", () => {
    const f = failureOf(failure('PATCH', 413), 30 * MB, 8 * MB, true);
    expect(f.refused).toBe(false);
    expect(f.limit).toBeNull();
    expect(f.message).toMatch(/^A proxy in front of the server refused a chunk as too large \(HTTP 413\)/);
    // The gateway's own 413 on a chunk (JSON): the chunk passes the declared length, the file changed.
    const own = failureOf(
      failure(
        'PATCH',
        413,
        {},
        '{"error":{"code":"upload_too_long","message":"Upload-Offset + Content-Length (12) passes Upload-Length (10)"}}',
      ),
      10,
      8,
      true,
    );
    expect(own).toMatchObject({
      refused: true,
      message: 'Upload-Offset + Content-Length (12) passes Upload-Length (10)',
    });
  });

  it("an expired session, a gone upload, a refusal with the API's words", () => {
    expect(failureOf(failure('PATCH', 401), 10, 0, true)).toMatchObject({
      refused: false,
      message: 'Your session has ended: sign in again, then press Resume.',
    });
    expect(failureOf(failure('HEAD', 404), 10, 5, true)).toMatchObject({ refused: false, startOver: true });
    expect(
      failureOf(
        failure(
          'POST',
          400,
          {},
          '{"error":{"code":"bad_metadata","message":"visibility must be public, unlisted or private"}}',
        ),
        10,
        0,
        true,
      ),
    ).toMatchObject({ refused: true, message: 'visibility must be public, unlisted or private' });
    expect(failureOf(failure('POST', 403, {}, 'not json'), 10, 0, true).message).toBe(
      'The server refused this file (HTTP 403).',
    );
  });

  it('a dropped connection: offline goes on by itself, online asks for Resume with where it stands', () => {
    expect(failureOf(failure('PATCH', null), 1000, 250, false)).toMatchObject({
      offline: true,
      message: 'You are offline: the upload goes on by itself when the network is back.',
    });
    expect(failureOf(failure('PATCH', null), 1000, 250, true).message).toBe(
      'The connection dropped, and trying again did not help. Press Resume to go on from 25.0 %.',
    );
    expect(
      failureOf(
        failure('PATCH', 503, {}, '{"error":{"code":"storage_unavailable","message":"Storage is unavailable"}}'),
        1000,
        500,
        true,
      ).message,
    ).toBe('Storage is unavailable, and trying again did not help. Press Resume to go on from 50.0 %.');
  });
});
