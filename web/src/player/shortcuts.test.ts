import { describe, expect, it } from 'vitest';
import { actionFor } from './shortcuts';

describe('the shortcut map', () => {
  it('maps every documented key', () => {
    expect(actionFor({ key: ' ' })).toEqual({ type: 'toggle-play' });
    expect(actionFor({ key: 'k' })).toEqual({ type: 'toggle-play' });
    expect(actionFor({ key: 'K' })).toEqual({ type: 'toggle-play' });
    expect(actionFor({ key: 'j' })).toEqual({ type: 'seek-by', seconds: -10 });
    expect(actionFor({ key: 'l' })).toEqual({ type: 'seek-by', seconds: 10 });
    expect(actionFor({ key: 'ArrowLeft' })).toEqual({ type: 'seek-by', seconds: -5 });
    expect(actionFor({ key: 'ArrowRight' })).toEqual({ type: 'seek-by', seconds: 5 });
    expect(actionFor({ key: 'ArrowUp' })).toEqual({ type: 'volume-by', delta: 0.1 });
    expect(actionFor({ key: 'ArrowDown' })).toEqual({ type: 'volume-by', delta: -0.1 });
    expect(actionFor({ key: 'f' })).toEqual({ type: 'toggle-fullscreen' });
    expect(actionFor({ key: 'm' })).toEqual({ type: 'toggle-mute' });
    expect(actionFor({ key: '?' })).toEqual({ type: 'toggle-help' });
  });

  it('leaves typing, modifiers and unknown keys alone', () => {
    expect(actionFor({ key: 'k', targetTag: 'input' })).toBeNull();
    expect(actionFor({ key: ' ', targetTag: 'TEXTAREA' })).toBeNull();
    expect(actionFor({ key: 'f', ctrlKey: true })).toBeNull();
    expect(actionFor({ key: 'l', metaKey: true })).toBeNull();
    expect(actionFor({ key: 'x' })).toBeNull();
    expect(actionFor({ key: 'Enter' })).toBeNull();
  });
});
