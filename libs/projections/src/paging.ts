/**
 * Pages of a read model's list: at most `limit` items after a cursor, and the cursor of the next
 * page (null on the last). Lists are ordered by their keys in code-unit order, the order of SQL's
 * `COLLATE "C"`, so a page read from a table and one cut from a list in memory (as-of) agree.
 */
export interface PageRequest {
  readonly limit: number;
  /** The `next` of the previous page; none for the first. */
  readonly after?: string;
}

/** Code-unit order: the same in JavaScript and in SQL with COLLATE "C", whatever the locale. */
export function inKeyOrder(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * Cuts a page from a list already in key order: the items whose key comes after `after`, at most
 * `limit`, and `next` when more follow.
 */
export function pageOf<T>(items: readonly T[], keyOf: (item: T) => string, page: PageRequest): { items: T[]; next: string | null } {
  const rest = page.after === undefined ? items : items.filter((item) => keyOf(item) > (page.after as string));
  const items_ = rest.slice(0, page.limit);
  return { items: items_, next: rest.length > page.limit ? keyOf(items_.at(-1) as T) : null };
}
