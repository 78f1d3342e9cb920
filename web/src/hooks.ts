import { useCallback, useEffect, useState } from 'react';
import { ApiError, request } from './api.ts';

export interface Loaded<T> {
  data: T | undefined;
  error: ApiError | Error | undefined;
  loading: boolean;
  headers: Headers | undefined;
  reload(): void;
}

/** GET a path (undefined: nothing to load); reloads when the path changes; the stale answer of a previous path is dropped. */
export function useApi<T>(path: string | undefined): Loaded<T> {
  const [state, setState] = useState<{ data?: T; error?: Error; headers?: Headers; loading: boolean; path?: string }>({ loading: !!path });
  const [tick, setTick] = useState(0);
  useEffect(() => {
    if (!path) return;
    let live = true;
    setState((s) => ({ ...s, loading: true, error: undefined }));
    request<T>('GET', path)
      .then((a) => live && setState({ data: a.data, headers: a.headers, loading: false, path }))
      .catch((e: Error) => live && setState({ error: e, loading: false, path }));
    return () => {
      live = false;
    };
  }, [path, tick]);
  const reload = useCallback(() => setTick((t) => t + 1), []);
  return { data: state.path === path ? state.data : undefined, error: state.error, loading: state.loading, headers: state.headers, reload };
}

/** Sets document.title; the page heading is the main landmark's first h1. */
export function useTitle(title: string): void {
  useEffect(() => {
    document.title = `${title} · sleetwatch`;
  }, [title]);
}
