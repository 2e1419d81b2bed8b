/**
 * Walks many hash chains in keyset batches: a page of chain heads (ordered by id as text), then that page's
 * events in one query, handed to `visit` grouped by head. Memory stays flat however many chains there are, and
 * every event-logged table (cases, bundle cases) verifies the same way.
 */
export async function walkChains<H extends { id: string }, E>(
  source: {
    /** The heads after `after` (or only the one asked for), at most `limit`. */
    heads(after: string, limit: number): Promise<H[]>;
    /** The events of these heads, in chain order within each head. */
    events(ids: string[]): Promise<E[]>;
    ownerOf(e: E): string;
    /** True when `heads` returns one chain asked for by id: no further pages. */
    single: boolean;
  },
  visit: (head: H, events: E[]) => void,
  batch = 500,
): Promise<number> {
  let after = '';
  let seen = 0;
  for (;;) {
    const heads = await source.heads(after, batch);
    if (heads.length === 0) break;
    const byHead = new Map<string, E[]>(heads.map((h) => [h.id, []]));
    for (const e of await source.events(heads.map((h) => h.id))) byHead.get(source.ownerOf(e))?.push(e);
    for (const h of heads) visit(h, byHead.get(h.id)!);
    seen += heads.length;
    if (source.single || heads.length < batch) break;
    after = heads.at(-1)!.id;
  }
  return seen;
}
