// The app's one upload queue (uploads go on while the creator browses other pages) as React state, and a prompt
// before the tab closes mid-transfer.
import { useEffect, useSyncExternalStore } from 'react';
import { api } from '../api/client';
import { UploadQueue } from './UploadQueue';

let shared: UploadQueue | null = null;

export function sharedUploadQueue(): UploadQueue {
  if (!shared) {
    shared = new UploadQueue({
      api,
      endpoint: `${window.location.origin}/api/uploads`,
      onOnline: (listener) => window.addEventListener('online', listener),
    });
  }
  return shared;
}

export function useUploadQueue(queue: UploadQueue = sharedUploadQueue()) {
  const items = useSyncExternalStore(queue.subscribe, queue.snapshot);
  const busy = queue.busy();
  useEffect(() => {
    if (!busy) return undefined;
    // The browser's own "leave site?" question: a reload stops the transfer (picking the file again resumes it).
    const ask = (e: BeforeUnloadEvent) => {
      e.preventDefault();
      e.returnValue = '';
    };
    window.addEventListener('beforeunload', ask);
    return () => window.removeEventListener('beforeunload', ask);
  }, [busy]);
  return { items, queue };
}
