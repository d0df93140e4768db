import { useEffect, useState } from 'preact/hooks';

export interface Route {
  /** "board", "corridors", "timeline", "changes", "live", "history" */
  readonly view: string;
  /** The rest of the path: the stream id of a history. */
  readonly rest: string;
  readonly params: URLSearchParams;
}

export function parseHash(hash: string): Route {
  const [path = '', search = ''] = hash.replace(/^#\/?/, '').split('?');
  const [view = '', ...rest] = path.split('/');
  return { view: view || 'board', rest: decodeURIComponent(rest.join('/')), params: new URLSearchParams(search) };
}

export function hrefOf(view: string, params: Record<string, string | undefined> = {}, rest = ''): string {
  const search = new URLSearchParams(Object.entries(params).filter((e): e is [string, string] => !!e[1])).toString();
  return `#/${view}${rest ? `/${encodeURIComponent(rest)}` : ''}${search ? `?${search}` : ''}`;
}

/** The route in the location's hash: views are links, the back button works, a view can be shared. */
export function useRoute(): Route {
  const [route, setRoute] = useState(() => parseHash(location.hash));
  useEffect(() => {
    const changed = () => setRoute(parseHash(location.hash));
    addEventListener('hashchange', changed);
    return () => removeEventListener('hashchange', changed);
  }, []);
  return route;
}

/** Replaces a route's query parameters (without adding a history entry for each keystroke). */
export function setParams(route: Route, changes: Record<string, string | undefined>): void {
  const params = Object.fromEntries(route.params.entries()) as Record<string, string | undefined>;
  const next = hrefOf(route.view, { ...params, ...changes }, route.rest);
  history.replaceState(null, '', next);
  dispatchEvent(new HashChangeEvent('hashchange'));
}
