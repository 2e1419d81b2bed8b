import type { DenialRule } from './contract.js';
import type { ChosenItem } from './rules.js';

/**
 * The bundle engine: a pure state machine over one bundle case. It knows nothing of the database; the service
 * keeps its state in the bundle case row, applies events under a row lock and carries out the effects (start a
 * child case, withdraw one, conclude the bundle) in the same transaction.
 *
 * - The first stage with a chosen item starts at once; stages with no chosen item are skipped.
 * - A stage is complete when every chosen mandatory child of it has concluded (when it has none, every chosen
 *   child); then the next stage starts, once.
 * - A chosen optional child (勾选项) does not hold up the next stage, only the bundle's conclusion.
 * - A denied mandatory child under the `stop` rule concludes the bundle as denied: later stages never start and
 *   running children are withdrawn. Under `continue`, and for optional children always, a denial is reported
 *   and the bundle carries on.
 * - Events are idempotent: a repeated conclusion changes nothing and is reported as a duplicate.
 */

export type ChildStatus = 'waiting' | 'running' | 'approved' | 'denied' | 'withdrawn' | 'cancelled';
export type ChildOutcome = 'approved' | 'denied';
export type BundleOutcome = 'approved' | 'partial' | 'denied';

export interface ChildState {
  itemCode: string;
  stage: number;
  mandatory: boolean;
  status: ChildStatus;
}

export interface BundleState {
  status: 'running' | 'concluded' | 'withdrawn';
  onDenial: DenialRule;
  /** Definition index of the latest started stage. */
  stage: number;
  /** Whether that stage has completed (it completes once). */
  stageDone: boolean;
  outcome: BundleOutcome | null;
  children: ChildState[];
  /** Counts applied events; the service stores it to detect lost updates. */
  version: number;
}

export type BundleEvent = { type: 'childConcluded'; itemCode: string; outcome: ChildOutcome };

export type Effect =
  | { type: 'stageStarted'; stage: number }
  | { type: 'childStarted'; itemCode: string; stage: number }
  | { type: 'stageCompleted'; stage: number }
  | { type: 'childWithdrawn'; itemCode: string }
  | { type: 'bundleConcluded'; outcome: BundleOutcome; denied: string[] };

/** Why an event changed nothing. */
export type Ignored = 'duplicate' | 'conflict' | 'unknownChild' | 'notStarted' | 'concluded';

export interface Transition {
  state: BundleState;
  effects: Effect[];
  ignored?: Ignored;
}

export class EmptySelectionError extends Error {
  constructor() {
    super('a bundle needs at least one chosen item');
  }
}

const concluded = (c: ChildState) => c.status === 'approved' || c.status === 'denied';

/** Starts a bundle case on the chosen items (from `select`): the first stage's children start. */
export function start(items: readonly ChosenItem[], onDenial: DenialRule): Transition {
  if (items.length === 0) throw new EmptySelectionError();
  const first = Math.min(...items.map((i) => i.stage));
  const children: ChildState[] = items.map((i) => ({ itemCode: i.itemCode, stage: i.stage, mandatory: i.mandatory, status: 'waiting' }));
  const state: BundleState = { status: 'running', onDenial, stage: first, stageDone: false, outcome: null, children, version: 0 };
  const effects: Effect[] = [];
  startStage(state, first, effects);
  return { state, effects };
}

function startStage(state: BundleState, stage: number, effects: Effect[]): void {
  state.stage = stage;
  state.stageDone = false;
  effects.push({ type: 'stageStarted', stage });
  for (const c of state.children) {
    if (c.stage !== stage) continue;
    c.status = 'running';
    effects.push({ type: 'childStarted', itemCode: c.itemCode, stage });
  }
}

function stageComplete(children: readonly ChildState[], stage: number): boolean {
  let hasMandatory = false;
  let mandatoryDone = true;
  let allDone = true;
  for (const c of children) {
    if (c.stage !== stage) continue;
    const done = concluded(c);
    allDone &&= done;
    if (c.mandatory) {
      hasMandatory = true;
      mandatoryDone &&= done;
    }
  }
  return hasMandatory ? mandatoryDone : allDone;
}

function nextStage(children: readonly ChildState[], after: number): number | null {
  let next: number | null = null;
  for (const c of children) if (c.stage > after && (next === null || c.stage < next)) next = c.stage;
  return next;
}

function deniedCodes(children: readonly ChildState[]): string[] {
  return children.filter((c) => c.status === 'denied').map((c) => c.itemCode);
}

/**
 * The applicant withdraws the whole bundle (before the window accepts it): running children are withdrawn and
 * waiting ones cancelled. A bundle that has already ended is left as it is.
 */
export function withdraw(state: BundleState): Transition {
  if (state.status !== 'running') return { state, effects: [], ignored: 'concluded' };
  const next: BundleState = { ...state, status: 'withdrawn', children: state.children.map((c) => ({ ...c })), version: state.version + 1 };
  const effects: Effect[] = [];
  for (const c of next.children) {
    if (c.status === 'running') {
      c.status = 'withdrawn';
      effects.push({ type: 'childWithdrawn', itemCode: c.itemCode });
    } else if (c.status === 'waiting') c.status = 'cancelled';
  }
  return { state: next, effects };
}

/** Applies one event; the given state is not modified. */
export function apply(state: BundleState, event: BundleEvent): Transition {
  const index = state.children.findIndex((c) => c.itemCode === event.itemCode);
  if (index < 0) return { state, effects: [], ignored: 'unknownChild' };
  const child = state.children[index]!;
  if (concluded(child)) return { state, effects: [], ignored: child.status === event.outcome ? 'duplicate' : 'conflict' };
  if (state.status !== 'running') return { state, effects: [], ignored: 'concluded' };
  if (child.status !== 'running') return { state, effects: [], ignored: 'notStarted' };

  const next: BundleState = { ...state, children: state.children.map((c) => ({ ...c })), version: state.version + 1 };
  next.children[index]!.status = event.outcome;
  const effects: Effect[] = [];

  if (event.outcome === 'denied' && child.mandatory && state.onDenial === 'stop') {
    for (const c of next.children) {
      if (c.status === 'running') {
        c.status = 'withdrawn';
        effects.push({ type: 'childWithdrawn', itemCode: c.itemCode });
      } else if (c.status === 'waiting') c.status = 'cancelled';
    }
    next.status = 'concluded';
    next.outcome = 'denied';
    effects.push({ type: 'bundleConcluded', outcome: 'denied', denied: deniedCodes(next.children) });
    return { state: next, effects };
  }

  if (child.stage === next.stage && !next.stageDone && stageComplete(next.children, next.stage)) {
    next.stageDone = true;
    effects.push({ type: 'stageCompleted', stage: next.stage });
    const following = nextStage(next.children, next.stage);
    // A stage starts with all its children running, so it cannot be complete on the spot: one step suffices.
    if (following !== null) startStage(next, following, effects);
  }
  if (next.stageDone && next.children.every(concluded)) {
    const denied = deniedCodes(next.children);
    next.status = 'concluded';
    // 'partial' promises the applicant something was granted; when every item was denied, the bundle was too.
    next.outcome = denied.length === 0 ? 'approved' : next.children.some((c) => c.status === 'approved') ? 'partial' : 'denied';
    effects.push({ type: 'bundleConcluded', outcome: next.outcome, denied });
  }
  return { state: next, effects };
}
