import { describe, expect, it } from 'vitest';
import { count } from './text';

describe('counts', () => {
  it('agree with their number', () => {
    expect(count(1, 'view')).toBe('1 view');
    expect(count(0, 'view')).toBe('0 views');
    expect(count(1204, 'like')).toBe('1,204 likes');
  });
});
