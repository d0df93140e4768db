import { useEffect, useRef, useState } from 'preact/hooks';
import { getJson } from './client';

export interface Resource<T> {
  readonly data: T | null;
  readonly error: string | null;
  readonly loading: boolean;
}

/**
 * Loads a path of the API and loads it again whenever the path or `refresh` changes (the live
 * feed bumps `refresh` when a relevant event arrives: no polling), with `load` (one GET, or every
 * page of a list). The previous answer stays on
 * screen while the next one loads; an answer that arrives after a newer request is dropped.
 */
export function useResource<T>(path: string | null, refresh: unknown = 0, load: (path: string, signal: AbortSignal) => Promise<T> = getJson): Resource<T> {
  const [state, setState] = useState<Resource<T>>({ data: null, error: null, loading: path !== null });
  const latest = useRef(0);
  useEffect(() => {
    if (path === null) return;
    const ticket = ++latest.current;
    const controller = new AbortController();
    setState((s) => ({ ...s, loading: true }));
    load(path, controller.signal).then(
      (data) => ticket === latest.current && setState({ data, error: null, loading: false }),
      (error: unknown) => {
        if (controller.signal.aborted || ticket !== latest.current) return;
        setState((s) => ({ ...s, error: error instanceof Error ? error.message : String(error), loading: false }));
      },
    );
    return () => controller.abort();
  }, [path, refresh]);
  return state;
}
