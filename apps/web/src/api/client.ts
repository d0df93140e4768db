/** GET one resource of the public API as JSON; a problem+json answer becomes an Error with its title and detail. */
export async function getJson<T>(path: string, signal?: AbortSignal): Promise<T> {
  const response = await fetch(path, { headers: { accept: 'application/json' }, signal });
  const text = await response.text();
  const body: unknown = text ? JSON.parse(text) : undefined;
  if (!response.ok) {
    const problem = (body ?? {}) as { title?: string; detail?: string; errors?: { field: string; message: string }[] };
    const fields = problem.errors?.map((e) => `${e.field} ${e.message}`).join('; ');
    throw new Error([problem.title ?? `HTTP ${response.status}`, problem.detail, fields].filter(Boolean).join(': '));
  }
  return body as T;
}

/** A query string from the defined values only. */
export function query(params: Record<string, string | number | undefined | null>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) if (value !== undefined && value !== null && value !== '') search.set(key, String(value));
  const text = search.toString();
  return text ? `?${text}` : '';
}

/** The most pages a view reads of one list before it says that more remain. */
export const MAX_PAGES = 10;

/**
 * A paged list of the API, page after page (following `next`) up to `MAX_PAGES`, merged into one
 * answer; `more` says that pages remain (the view then says it shows only the first ones).
 */
export async function getPages<T extends { readonly next: string | number | null }>(path: string, merge: (all: T, page: T) => T, signal?: AbortSignal): Promise<T & { more: boolean }> {
  let all = await getJson<T>(path, signal);
  for (let pages = 1; all.next !== null && pages < MAX_PAGES; pages++) {
    const page = await getJson<T>(`${path}${path.includes('?') ? '&' : '?'}cursor=${encodeURIComponent(String(all.next))}`, signal);
    all = { ...merge(all, page), next: page.next };
  }
  return { ...all, more: all.next !== null };
}
