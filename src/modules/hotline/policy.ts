import { AppError } from '../../platform/errors.js';
import type { Caller } from '../../platform/http.js';
import { canStart, regionPrefix, type OrderState } from './rules.js';

export type OrderAction =
  | 'view' | 'answer' | 'dispatch' | 'merge' | 'return' | 'reply' | 'assistReply' | 'requestExtension' | 'decideExtension'
  | 'close' | 'followUp' | 'supervise';

export interface OrderFacts {
  regionCode: string;
  state: OrderState;
  departmentId: string | null;
  citizenId: string | null;
  extensionPending: boolean;
  followedUp: boolean;
  reopenCount: number;
  card: 'green' | 'yellow' | 'red' | null;
  assistDepartmentIds: readonly string[];
}

/** What the request knows of the caller beyond the session: the region whose 12345 centre they staff, if any. */
export interface CallerFacts {
  caller: Caller;
  centreRegion: string | null;
}

const within = (outer: string, inner: string) => inner.startsWith(regionPrefix(outer));
const isStaff = (c: Caller) => c.kind === 'staff';

export const isOperator = (f: CallerFacts, o: Pick<OrderFacts, 'regionCode'>) => !!f.centreRegion && within(f.centreRegion, o.regionCode);
export const isHandler = (f: CallerFacts, o: OrderFacts) => isStaff(f.caller) && !!f.caller.departmentId && f.caller.departmentId === o.departmentId;
export const isAssist = (f: CallerFacts, o: OrderFacts) => isStaff(f.caller) && !!f.caller.departmentId && o.assistDepartmentIds.includes(f.caller.departmentId);
export const isSupervisor = (f: CallerFacts, o: Pick<OrderFacts, 'regionCode'>) =>
  (f.caller.roles.includes('supervisor') || f.caller.roles.includes('admin')) && !!f.caller.regionCode && within(f.caller.regionCode, o.regionCode);
export const isOwner = (f: CallerFacts, o: OrderFacts) => !!o.citizenId && o.citizenId === f.caller.id;

const RULES: Record<OrderAction, (f: CallerFacts, o: OrderFacts) => boolean> = {
  view: (f, o) => isOperator(f, o) || isHandler(f, o) || isAssist(f, o) || isSupervisor(f, o) || isOwner(f, o),
  answer: (f, o) => isOperator(f, o) && canStart('answer', o.state),
  dispatch: (f, o) => isOperator(f, o) && canStart('dispatch', o.state),
  merge: (f, o) => isOperator(f, o) && canStart('merge', o.state),
  return: (f, o) => isHandler(f, o) && canStart('return', o.state),
  reply: (f, o) => isHandler(f, o) && canStart('reply', o.state) && !o.extensionPending,
  assistReply: (f, o) => isAssist(f, o) && canStart('assistReply', o.state),
  requestExtension: (f, o) => isHandler(f, o) && canStart('requestExtension', o.state) && !o.extensionPending,
  decideExtension: (f, o) => (isOperator(f, o) || isSupervisor(f, o)) && o.extensionPending && canStart('decideExtension', o.state),
  close: (f, o) => isOperator(f, o) && canStart('close', o.state),
  followUp: (f, o) => (isOperator(f, o) || isOwner(f, o)) && canStart('followUp', o.state) && !o.followedUp,
  supervise: (f, o) => isSupervisor(f, o) && canStart('supervise', o.state) && (o.card === 'yellow' || o.card === 'red'),
};

export function can(f: CallerFacts, o: OrderFacts, action: OrderAction): boolean {
  return RULES[action](f, o);
}

export function abilities(f: CallerFacts, o: OrderFacts): OrderAction[] {
  return (Object.keys(RULES) as OrderAction[]).filter((a) => a !== 'view' && RULES[a](f, o));
}

/** Throws the most telling code: not visible → 404-like scope error, wrong person → 403, wrong state → 409. */
export function authorize(f: CallerFacts, o: OrderFacts, action: OrderAction): void {
  if (!RULES.view(f, o)) throw new AppError('OUT_OF_SCOPE');
  if (RULES[action](f, o)) return;
  const role: Record<OrderAction, (f: CallerFacts, o: OrderFacts) => boolean> = {
    view: () => true,
    answer: isOperator, dispatch: isOperator, merge: isOperator, close: isOperator,
    return: isHandler, reply: isHandler, requestExtension: isHandler,
    assistReply: isAssist,
    decideExtension: (ff, oo) => isOperator(ff, oo) || isSupervisor(ff, oo),
    followUp: (ff, oo) => isOperator(ff, oo) || isOwner(ff, oo),
    supervise: isSupervisor,
  };
  if (!role[action](f, o)) {
    if (action === 'return' || action === 'reply' || action === 'requestExtension' || action === 'assistReply') throw new AppError('HOTLINE_NOT_HANDLER');
    if (action === 'supervise' || action === 'decideExtension') throw new AppError('FORBIDDEN');
    throw new AppError('HOTLINE_NOT_OPERATOR');
  }
  if (action === 'supervise' && canStart('supervise', o.state)) throw new AppError('HOTLINE_NOT_LATE');
  if ((action === 'requestExtension' || action === 'reply') && o.extensionPending) throw new AppError('HOTLINE_EXTENSION_PENDING');
  if (action === 'decideExtension' && !o.extensionPending) throw new AppError('HOTLINE_NO_EXTENSION');
  if (action === 'followUp' && o.followedUp) throw new AppError('HOTLINE_STATE', { state: o.state, action, followedUp: true });
  throw new AppError('HOTLINE_STATE', { state: o.state, action });
}
