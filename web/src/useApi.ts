// Loads one API resource for a page, with a reload handle and a polling option (paused while the tab is hidden).
import { useCallback, useEffect, useRef, useState } from 'react';
import { api, ApiError } from './api/client';

export function useApi<T>(path: string | null, pollMs?: number, onData?: (data: T) => void) {
  const [data, setData] = useState<T | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const listener = useRef(onData);
  listener.current = onData;
  const load = useCallback(() => {
    if (!path) return;
    api.get<T>(path).then(
      (d) => {
        setData(d);
        setError(null);
        listener.current?.(d);
      },
      (e) => setError(e instanceof ApiError ? e : new ApiError(0, 'network', String(e))),
    );
  }, [path]);
  useEffect(() => {
    load();
    if (!pollMs) return undefined;
    const timer = setInterval(() => {
      if (document.visibilityState !== 'hidden') load();
    }, pollMs);
    return () => clearInterval(timer);
  }, [load, pollMs]);
  return { data, error, reload: load, setData };
}

export function uptime(startedAt: string | null, now: number = Date.now()): string {
  if (!startedAt) return '';
  const s = Math.max(0, Math.floor((now - Date.parse(startedAt)) / 1000));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  return h > 0 ? `${h} h ${m} min` : `${m} min`;
}
