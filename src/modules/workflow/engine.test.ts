import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { DenialRule } from './contract.js';
import { apply, EmptySelectionError, start, withdraw, type BundleState, type ChildOutcome, type Effect } from './engine.js';
import type { ChosenItem } from './rules.js';

const item = (itemCode: string, stage: number, mandatory = true): ChosenItem => ({ itemCode, stage, mandatory });

/** 企业开办 "210": 设立登记, then 公章刻制 / 发票申领 / 社保登记 in parallel. */
const enterprise = [item('SLDJ', 0), item('GZKZ', 1), item('FPSL', 1), item('SBDJ', 1)];

function run(state: BundleState, events: [string, ChildOutcome][]) {
  const effects: Effect[] = [];
  for (const [itemCode, outcome] of events) {
    const t = apply(state, { type: 'childConcluded', itemCode, outcome });
    state = t.state;
    effects.push(...t.effects);
  }
  return { state, effects };
}

describe('engine examples', () => {
  it('withdraws the running children and cancels the waiting ones, once; later conclusions change nothing', () => {
    const s0 = start(enterprise, 'stop').state;
    const w = withdraw(s0);
    expect(w.effects).toEqual([{ type: 'childWithdrawn', itemCode: 'SLDJ' }]);
    expect(w.state.status).toBe('withdrawn');
    expect(w.state.children.map((c) => c.status)).toEqual(['withdrawn', 'cancelled', 'cancelled', 'cancelled']);
    expect(s0.children[0]!.status).toBe('running');
    expect(withdraw(w.state)).toMatchObject({ effects: [], ignored: 'concluded' });
    expect(apply(w.state, { type: 'childConcluded', itemCode: 'SLDJ', outcome: 'approved' })).toMatchObject({ effects: [], ignored: 'concluded' });
  });

  it('starts the first stage only', () => {
    const t = start(enterprise, 'stop');
    expect(t.effects).toEqual([
      { type: 'stageStarted', stage: 0 },
      { type: 'childStarted', itemCode: 'SLDJ', stage: 0 },
    ]);
    expect(t.state.children.map((c) => c.status)).toEqual(['running', 'waiting', 'waiting', 'waiting']);
  });

  it('starts the parallel stage when 设立登记 concludes, and concludes on the last of the three', () => {
    const s0 = start(enterprise, 'stop').state;
    const a = run(s0, [['SLDJ', 'approved']]);
    expect(a.effects).toEqual([
      { type: 'stageCompleted', stage: 0 },
      { type: 'stageStarted', stage: 1 },
      { type: 'childStarted', itemCode: 'GZKZ', stage: 1 },
      { type: 'childStarted', itemCode: 'FPSL', stage: 1 },
      { type: 'childStarted', itemCode: 'SBDJ', stage: 1 },
    ]);
    const b = run(a.state, [['FPSL', 'approved'], ['GZKZ', 'approved']]);
    expect(b.effects).toEqual([]);
    const c = run(b.state, [['SBDJ', 'approved']]);
    expect(c.effects).toEqual([
      { type: 'stageCompleted', stage: 1 },
      { type: 'bundleConcluded', outcome: 'approved', denied: [] },
    ]);
    expect(c.state).toMatchObject({ status: 'concluded', outcome: 'approved', version: 4 });
  });

  it('leaves the given state untouched', () => {
    const s0 = start(enterprise, 'stop').state;
    const copy = structuredClone(s0);
    apply(s0, { type: 'childConcluded', itemCode: 'SLDJ', outcome: 'approved' });
    expect(s0).toEqual(copy);
  });

  it('ignores duplicates, conflicts, unknown and not-yet-started children without changing the state', () => {
    const s1 = run(start(enterprise, 'stop').state, [['SLDJ', 'approved']]).state;
    const cases: [string, ChildOutcome, string][] = [
      ['SLDJ', 'approved', 'duplicate'],
      ['SLDJ', 'denied', 'conflict'],
      ['NOPE', 'approved', 'unknownChild'],
    ];
    for (const [code, outcome, why] of cases) {
      const t = apply(s1, { type: 'childConcluded', itemCode: code, outcome });
      expect(t).toEqual({ state: s1, effects: [], ignored: why });
    }
    const s0 = start(enterprise, 'stop').state;
    expect(apply(s0, { type: 'childConcluded', itemCode: 'GZKZ', outcome: 'approved' }).ignored).toBe('notStarted');
  });

  it('stops on a denied mandatory child: withdraws the running ones and starts nothing more', () => {
    const items = [item('A', 0), item('B', 0), item('C', 1)];
    const { state, effects } = run(start(items, 'stop').state, [['A', 'denied']]);
    expect(effects).toEqual([
      { type: 'childWithdrawn', itemCode: 'B' },
      { type: 'bundleConcluded', outcome: 'denied', denied: ['A'] },
    ]);
    expect(state.children.map((c) => c.status)).toEqual(['denied', 'withdrawn', 'cancelled']);
    expect(apply(state, { type: 'childConcluded', itemCode: 'B', outcome: 'approved' }).ignored).toBe('concluded');
  });

  it('carries on under the continue rule and reports the denial', () => {
    const items = [item('A', 0), item('B', 0), item('C', 1)];
    const { state, effects } = run(start(items, 'continue').state, [['A', 'denied'], ['B', 'approved'], ['C', 'approved']]);
    expect(effects.filter((e) => e.type === 'stageStarted')).toEqual([{ type: 'stageStarted', stage: 1 }]);
    expect(effects.at(-1)).toEqual({ type: 'bundleConcluded', outcome: 'partial', denied: ['A'] });
    expect(state.outcome).toBe('partial');
  });

  it('concludes as denied, not partial, when the continue rule carries on and every item is denied', () => {
    const items = [item('A', 0), item('B', 0), item('C', 1)];
    const { state, effects } = run(start(items, 'continue').state, [['A', 'denied'], ['B', 'denied'], ['C', 'denied']]);
    expect(effects.at(-1)).toEqual({ type: 'bundleConcluded', outcome: 'denied', denied: ['A', 'B', 'C'] });
    expect(state.outcome).toBe('denied');
  });

  it('does not let an optional child hold up the next stage, only the conclusion', () => {
    const items = [item('A', 0), item('OPT', 0, false), item('C', 2)];
    const a = run(start(items, 'stop').state, [['A', 'approved']]);
    expect(a.effects.map((e) => e.type)).toEqual(['stageCompleted', 'stageStarted', 'childStarted']);
    const b = run(a.state, [['C', 'approved']]);
    expect(b.effects).toEqual([{ type: 'stageCompleted', stage: 2 }]);
    const c = run(b.state, [['OPT', 'denied']]);
    expect(c.effects).toEqual([{ type: 'bundleConcluded', outcome: 'partial', denied: ['OPT'] }]);
  });

  it('waits for every child of a stage that has no mandatory child', () => {
    const items = [item('X', 0, false), item('Y', 0, false), item('Z', 1)];
    const a = run(start(items, 'stop').state, [['X', 'approved']]);
    expect(a.effects).toEqual([]);
    expect(run(a.state, [['Y', 'approved']]).effects.map((e) => e.type)).toEqual(['stageCompleted', 'stageStarted', 'childStarted']);
  });

  it('refuses an empty selection', () => {
    expect(() => start([], 'stop')).toThrow(EmptySelectionError);
  });
});

// ---------------------------------------------------------------------------------------------------------------
// Properties: any interleaving of conclusions, with duplicates and early events mixed in.

const arbBundle = fc
  .record({
    stages: fc.array(fc.array(fc.record({ mandatory: fc.boolean(), approve: fc.boolean() }), { minLength: 1, maxLength: 4 }), { minLength: 1, maxLength: 5 }),
    skipEvery: fc.integer({ min: 0, max: 3 }),
    onDenial: fc.constantFrom<DenialRule>('stop', 'continue'),
  })
  .map(({ stages, skipEvery, onDenial }) => {
    const items: ChosenItem[] = [];
    const outcomes = new Map<string, ChildOutcome>();
    stages.forEach((children, s) => {
      // Leave gaps in stage numbers, as a selection that chose nothing of a stage does.
      const stage = skipEvery ? s * (1 + (s % (skipEvery + 1))) : s;
      children.forEach((c, j) => {
        const code = `I${s}-${j}`;
        items.push({ itemCode: code, stage, mandatory: c.mandatory });
        outcomes.set(code, c.approve ? 'approved' : 'denied');
      });
    });
    return { items, outcomes, onDenial };
  });

interface Trace {
  effects: Effect[];
  final: BundleState;
  /** For each applied stageStarted: were all mandatory children (or all, for a stage without any) of every earlier stage concluded? */
  orderOk: boolean;
}

/** Delivers conclusions of running children in the order `picks` chooses, re-delivering old events and early ones as noise. */
function drive(items: ChosenItem[], outcomes: Map<string, ChildOutcome>, onDenial: DenialRule, picks: number[]): Trace {
  let t = start(items, onDenial);
  let state = t.state;
  const effects = [...t.effects];
  const delivered: string[] = [];
  let orderOk = true;
  let i = 0;
  while (state.status === 'running') {
    const running = state.children.filter((c) => c.status === 'running').map((c) => c.itemCode);
    const pick = picks[i++ % picks.length]! + i;
    // Every fourth delivery is a real one: noise alone can repeat for ever (pick mod 5 is fixed per slot of `picks`).
    const real = i % 4 === 0;
    const noise = !real && pick % 5 === 0 && delivered.length > 0;
    const early = !real && pick % 7 === 0;
    const code = noise ? delivered[pick % delivered.length]! : early ? items[pick % items.length]!.itemCode : running[pick % running.length]!;
    t = apply(state, { type: 'childConcluded', itemCode: code, outcome: outcomes.get(code)! });
    if (!t.ignored) delivered.push(code);
    for (const e of t.effects) {
      if (e.type === 'stageStarted') {
        orderOk &&= t.state.children
          .filter((c) => c.stage < e.stage)
          .every((c) => {
            const stageHasMandatory = t.state.children.some((x) => x.stage === c.stage && x.mandatory);
            return (stageHasMandatory && !c.mandatory) || c.status === 'approved' || c.status === 'denied';
          });
      }
    }
    effects.push(...t.effects);
    state = t.state;
    if (i > 10_000) throw new Error('no progress');
  }
  return { effects, final: state, orderOk };
}

const count = (effects: Effect[], pred: (e: Effect) => boolean) => effects.filter(pred).length;

describe('engine properties', () => {
  const picks = fc.array(fc.nat(1000), { minLength: 1, maxLength: 60 });

  it('advances each stage exactly once and in order, loses no child, and concludes exactly once', () => {
    fc.assert(
      fc.property(arbBundle, picks, ({ items, outcomes, onDenial }, order) => {
        const { effects, final, orderOk } = drive(items, outcomes, onDenial, order);
        const stages = [...new Set(items.map((c) => c.stage))].sort((a, b) => a - b);
        const started = effects.filter((e) => e.type === 'stageStarted').map((e) => (e as { stage: number }).stage);
        expect(started).toEqual(stages.slice(0, started.length));
        expect(orderOk).toBe(true);
        for (const s of stages) expect(count(effects, (e) => e.type === 'stageCompleted' && e.stage === s)).toBeLessThanOrEqual(1);
        expect(count(effects, (e) => e.type === 'bundleConcluded')).toBe(1);
        expect(effects.at(-1)!.type).toBe('bundleConcluded');
        for (const c of items) expect(count(effects, (e) => e.type === 'childStarted' && e.itemCode === c.itemCode)).toBeLessThanOrEqual(1);
        // No child is left running or forgotten: each one concluded, or was withdrawn or never started because the bundle stopped.
        const stopped = final.outcome === 'denied';
        for (const c of final.children) {
          expect(['approved', 'denied', ...(stopped ? ['withdrawn', 'cancelled'] : [])]).toContain(c.status);
          expect(c.status === 'approved' || c.status === 'denied' ? c.status === outcomes.get(c.itemCode) : true).toBe(true);
        }
        if (!stopped) {
          expect(started).toEqual(stages);
          for (const s of stages) expect(count(effects, (e) => e.type === 'stageCompleted' && e.stage === s)).toBe(1);
        }
      }),
      { numRuns: 500 },
    );
  });

  it('reaches the same result whatever the order under the continue rule', () => {
    fc.assert(
      fc.property(arbBundle, picks, picks, ({ items, outcomes }, a, b) => {
        const x = drive(items, outcomes, 'continue', a);
        const y = drive(items, outcomes, 'continue', b);
        expect(x.final.outcome).toBe(y.final.outcome);
        expect(x.final.children).toEqual(y.final.children);
        expect(x.effects.at(-1)).toEqual(y.effects.at(-1));
        const sorted = (t: Trace) => t.effects.map((e) => JSON.stringify(e)).sort();
        expect(sorted(x)).toEqual(sorted(y));
        const results = x.final.children.map((c) => c.status);
        const expected = !results.includes('denied') ? 'approved' : results.includes('approved') ? 'partial' : 'denied';
        expect(x.final.outcome).toBe(expected);
      }),
      { numRuns: 300 },
    );
  });

  it('treats a replayed event as a no-op at any point', () => {
    fc.assert(
      fc.property(arbBundle, picks, fc.nat(), ({ items, outcomes, onDenial }, order, at) => {
        const { effects } = drive(items, outcomes, onDenial, order);
        const concludedChildren = effects.filter((e) => e.type === 'childStarted').map((e) => (e as { itemCode: string }).itemCode);
        let state = start(items, onDenial).state;
        for (const code of concludedChildren.slice(0, 1 + (at % concludedChildren.length))) {
          const t = apply(state, { type: 'childConcluded', itemCode: code, outcome: outcomes.get(code)! });
          if (t.ignored) continue;
          const again = apply(t.state, { type: 'childConcluded', itemCode: code, outcome: outcomes.get(code)! });
          expect(again.effects).toEqual([]);
          expect(again.state).toBe(t.state);
          state = t.state;
        }
      }),
      { numRuns: 300 },
    );
  });
});
