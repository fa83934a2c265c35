import { describe, expect, it } from 'vitest';
import { safeNext } from './navigation';

describe('where sign-in leads', () => {
  it('goes back to a path of this site', () => {
    expect(safeNext('/dashboard')).toBe('/dashboard');
    expect(safeNext('/dashboard/streams/abc?x=1')).toBe('/dashboard/streams/abc?x=1');
  });

  it('never to another site', () => {
    for (const next of ['https://evil.example', '//evil.example', '/\\evil.example', 'javascript:alert(1)', '', null]) {
      expect(safeNext(next)).toBe('/');
    }
  });
});
