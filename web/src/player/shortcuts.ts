// The player's keyboard map, pure so it can be tested and shown in the help overlay as is.

export type PlayerAction =
  | { type: 'toggle-play' }
  | { type: 'seek-by'; seconds: number }
  | { type: 'volume-by'; delta: number }
  | { type: 'toggle-fullscreen' }
  | { type: 'toggle-mute' }
  | { type: 'toggle-help' }
  | { type: 'go-live' };

export interface KeyInput {
  key: string;
  ctrlKey?: boolean;
  metaKey?: boolean;
  altKey?: boolean;
  /** The focused element's tag: typing in a form field is never a shortcut. */
  targetTag?: string;
}

export const SHORTCUTS: ReadonlyArray<{ keys: string[]; label: string; action: PlayerAction }> = [
  { keys: [' ', 'k'], label: 'Play / pause', action: { type: 'toggle-play' } },
  { keys: ['j'], label: 'Back 10 s', action: { type: 'seek-by', seconds: -10 } },
  { keys: ['l'], label: 'Forward 10 s', action: { type: 'seek-by', seconds: 10 } },
  { keys: ['ArrowLeft'], label: 'Back 5 s', action: { type: 'seek-by', seconds: -5 } },
  { keys: ['ArrowRight'], label: 'Forward 5 s', action: { type: 'seek-by', seconds: 5 } },
  { keys: ['ArrowUp'], label: 'Volume up', action: { type: 'volume-by', delta: 0.1 } },
  { keys: ['ArrowDown'], label: 'Volume down', action: { type: 'volume-by', delta: -0.1 } },
  { keys: ['f'], label: 'Fullscreen', action: { type: 'toggle-fullscreen' } },
  { keys: ['m'], label: 'Mute', action: { type: 'toggle-mute' } },
  { keys: ['?'], label: 'This help', action: { type: 'toggle-help' } },
];

const EDITABLE = new Set(['INPUT', 'TEXTAREA', 'SELECT']);

/** The action a key press means, or null (modifiers, form fields and unknown keys are left to the browser). */
export function actionFor(input: KeyInput): PlayerAction | null {
  if (input.ctrlKey || input.metaKey || input.altKey) return null;
  if (input.targetTag && EDITABLE.has(input.targetTag.toUpperCase())) return null;
  const key = input.key.length === 1 && input.key !== '?' ? input.key.toLowerCase() : input.key;
  const found = SHORTCUTS.find((s) => s.keys.includes(key));
  return found ? found.action : null;
}
