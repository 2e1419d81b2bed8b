import { Type, type Static } from 'typebox';
import { Body, IsoDateTime, RegionCode, Uuid } from '../../platform/contract.js';
import { TICKET_CHANNELS, TICKET_STATUSES } from './rules.js';

const Text = (max: number) => Type.String({ minLength: 1, maxLength: max });
const Minutes = Type.Integer({ minimum: 1, maximum: 600 });
const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);

export const IdParams = Type.Object({ id: Uuid });
export const HallParams = Type.Object({ hallId: Uuid });
export const CaseParams = Type.Object({ caseId: Uuid });

export const HallBody = Body({
  regionCode: RegionCode, name: Text(100), nameEn: Type.Optional(Text(200)), address: Type.Optional(Text(300)),
  yellowMinutes: Type.Optional(Minutes), redMinutes: Type.Optional(Minutes),
});
export const HallPatch = Body({ name: Type.Optional(Text(100)), nameEn: Type.Optional(Text(200)), address: Type.Optional(Text(300)), yellowMinutes: Type.Optional(Minutes), redMinutes: Type.Optional(Minutes) });
export const TypeBody = Body({
  prefix: Type.String({ pattern: '^[A-Z]{1,2}$' }), name: Text(60), nameEn: Type.Optional(Text(120)),
  itemCodes: Type.Array(Text(64), { maxItems: 200 }), sort: Type.Optional(Type.Integer({ minimum: 0, maximum: 99 })),
});
export const WindowBody = Body({
  number: Type.Integer({ minimum: 1, maximum: 999 }), name: Text(60), staffUserId: Type.Optional(Nullable(Uuid)), typeIds: Type.Array(Uuid, { maxItems: 50 }),
});
export const WindowPatch = Body({ name: Type.Optional(Text(60)), staffUserId: Type.Optional(Nullable(Uuid)), typeIds: Type.Optional(Type.Array(Uuid, { maxItems: 50 })) });

export const TypeView = Type.Object({ id: Type.String(), prefix: Type.String(), name: Type.String(), nameEn: Nullable(Type.String()), itemCodes: Type.Array(Type.String()), waiting: Type.Integer() });
export const WindowView = Type.Object({ id: Type.String(), number: Type.Integer(), name: Type.String(), staffUserId: Nullable(Type.String()), typeIds: Type.Array(Type.String()) });
export const HallView = Type.Object({
  id: Type.String(), regionCode: Type.String(), name: Type.String(), nameEn: Nullable(Type.String()), address: Nullable(Type.String()),
  yellowMinutes: Type.Integer(), redMinutes: Type.Integer(), types: Type.Array(TypeView), windows: Type.Array(WindowView),
});
export type HallViewT = Static<typeof HallView>;
export const HallQuery = Type.Object({ regionCode: Type.Optional(RegionCode) });

export const TakeBody = Body({ typeId: Uuid, channel: Type.Enum(TICKET_CHANNELS) });
export const TicketView = Type.Object({
  id: Type.String(), hallId: Type.String(), hallName: Type.String(), number: Type.String(), typeId: Type.String(), typeName: Type.String(), typeNameEn: Nullable(Type.String()),
  channel: Type.String(), status: Type.Enum(TICKET_STATUSES), waitingAhead: Type.Integer(),
  windowNumber: Nullable(Type.Integer()), windowName: Nullable(Type.String()), takenAt: IsoDateTime, calledAt: Nullable(IsoDateTime),
  finishedAt: Nullable(IsoDateTime), recalls: Type.Integer(), caseId: Nullable(Type.String()),
});
export type TicketViewT = Static<typeof TicketView>;

export const CallView = Type.Object({ ticketId: Type.String(), number: Type.String(), windowNumber: Type.Integer(), windowName: Type.String(), voice: Type.String(), voiceEn: Type.String(), at: IsoDateTime, recall: Type.Boolean() });
export type CallViewT = Static<typeof CallView>;
export const DisplayView = Type.Object({
  hallId: Type.String(), hallName: Type.String(), hallNameEn: Nullable(Type.String()), calls: Type.Array(CallView),
  waiting: Type.Array(Type.Object({ typeId: Type.String(), prefix: Type.String(), name: Type.String(), nameEn: Nullable(Type.String()), waiting: Type.Integer() })),
});
export type DisplayViewT = Static<typeof DisplayView>;

export const DeskView = Type.Object({
  window: WindowView, hallId: Type.String(), hallName: Type.String(), hallNameEn: Nullable(Type.String()),
  types: Type.Array(Type.Object({ id: Type.String(), prefix: Type.String(), name: Type.String(), nameEn: Nullable(Type.String()) })),
  current: Nullable(TicketView), waiting: Type.Integer(),
  others: Type.Array(Type.Object({ id: Type.String(), number: Type.Integer(), name: Type.String() })),
});
export type DeskViewT = Static<typeof DeskView>;
export const TransferBody = Body({ windowId: Uuid });
export const FinishBody = Body({ caseId: Type.Optional(Uuid) });

export const FiguresQuery = Type.Object({ hallId: Uuid, from: Type.String({ format: 'date' }), to: Type.String({ format: 'date' }) });
export const FigureRow = Type.Object({ key: Type.String(), label: Type.String(), tickets: Type.Integer(), served: Type.Integer(), noShows: Type.Integer(), avgWaitSeconds: Nullable(Type.Number()), avgServiceSeconds: Nullable(Type.Number()) });
export type FigureRowT = Static<typeof FigureRow>;
export const FiguresView = Type.Object({ hallId: Type.String(), from: Type.String(), to: Type.String(), total: FigureRow, byType: Type.Array(FigureRow), byWindow: Type.Array(FigureRow), byHour: Type.Array(FigureRow) });
export type FiguresViewT = Static<typeof FiguresView>;
export const WaitingView = Type.Object({
  hallId: Type.String(), yellowMinutes: Type.Integer(), redMinutes: Type.Integer(),
  tickets: Type.Array(Type.Object({ id: Type.String(), number: Type.String(), typeName: Type.String(), takenAt: IsoDateTime, waitedMinutes: Type.Integer(), card: Type.Union([Type.Literal('green'), Type.Literal('yellow'), Type.Literal('red')]) })),
});
export type WaitingViewT = Static<typeof WaitingView>;
