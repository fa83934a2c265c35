// Component tests: a fresh container and React root per test (happy-dom), unmounted after it.
import { act } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import { afterEach, beforeEach, vi } from 'vitest';

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

export interface Mounted {
  container: HTMLDivElement;
  root: Root;
}

/** Call at the top of a test file; the fields are replaced before each test. */
export function mountPerTest(): Mounted {
  const mounted = {} as Mounted;
  beforeEach(() => {
    mounted.container = document.createElement('div');
    document.body.appendChild(mounted.container);
    mounted.root = createRoot(mounted.container);
  });
  afterEach(() => {
    act(() => mounted.root.unmount());
    mounted.container.remove();
    vi.restoreAllMocks();
    vi.unstubAllGlobals();
  });
  return mounted;
}
