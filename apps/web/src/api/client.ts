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
