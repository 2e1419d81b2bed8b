import { describe, expect, it } from 'vitest';
import { walkChains } from '../../src/platform/event-log/walk.js';

// A source over arrays, shaped like the SQL ones: keyset pages by id, events of a page in one call.
function source<E extends { owner: string }>(ids: string[], events: E[], single = false) {
  const calls = { heads: 0, events: 0 };
  return {
    calls,
    src: {
      heads: async (after: string, limit: number) => {
        calls.heads++;
        return ids.filter((id) => id > after).sort().slice(0, limit).map((id) => ({ id }));
      },
      events: async (page: string[]) => {
        calls.events++;
        return events.filter((e) => page.includes(e.owner));
      },
      ownerOf: (e: E) => e.owner,
      single,
    },
  };
}

describe('walkChains', () => {
  it('visits every chain once, page by page, with its own events in order', async () => {
    const ids = ['a', 'b', 'c', 'd', 'e', 'f', 'g'];
    const events = ids.flatMap((owner, i) => Array.from({ length: i }, (_, seq) => ({ owner, seq })));
    const { src, calls } = source(ids, events);
    const seen: [string, number[]][] = [];
    const n = await walkChains(src, (h, list) => seen.push([h.id, list.map((e) => e.seq)]), 3);
    expect(n).toBe(7);
    expect(seen.map(([id]) => id)).toEqual(ids);
    expect(seen.find(([id]) => id === 'e')![1]).toEqual([0, 1, 2, 3]);
    expect(seen[0]![1]).toEqual([]);
    expect(calls).toEqual({ heads: 3, events: 3 });
  });

  it('stops after the one chain asked for, and reports none when it is missing', async () => {
    const one = source(['x'], [{ owner: 'x', seq: 1 }], true);
    expect(await walkChains(one.src, () => undefined, 1)).toBe(1);
    expect(one.calls.heads).toBe(1);
    expect(await walkChains(source([], [], true).src, () => undefined)).toBe(0);
  });
});
