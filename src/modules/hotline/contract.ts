import { Type, type Static } from 'typebox';
import { Body, IsoDateTime, Paging, RegionCode, Uuid } from '../../platform/contract.js';
import { CATEGORIES, CHANNELS, FOLLOW_UP_RESULTS, ORDER_STATES, PHONE_PATTERN, type Category } from './rules.js';

export const CategorySchema = Type.Enum(CATEGORIES);
export const ChannelSchema = Type.Enum(CHANNELS);
export const StateSchema = Type.Enum(ORDER_STATES);
export const FollowUpSchema = Type.Enum(FOLLOW_UP_RESULTS);
const Text = (max: number) => Type.String({ minLength: 1, maxLength: max });
const Phone = Type.String({ pattern: PHONE_PATTERN, maxLength: 20 });

export const IdParams = Type.Object({ id: Uuid });
export const AttachmentParams = Type.Object({ id: Uuid, attachmentId: Uuid });

export const CallInput = Type.Object({
  externalId: Type.String({ minLength: 1, maxLength: 64 }),
  caller: Type.Optional(Phone),
  startedAt: IsoDateTime,
  answeredAt: Type.Optional(IsoDateTime),
  endedAt: IsoDateTime,
  calledBackAt: Type.Optional(IsoDateTime),
  agent: Type.Optional(Type.String({ maxLength: 64 })),
}, { additionalProperties: false });
export type CallInput = Static<typeof CallInput>;
export const CallsBody = Body({ regionCode: RegionCode, calls: Type.Array(CallInput, { minItems: 1, maxItems: 5000 }) });
export const CallsResult = Type.Object({ accepted: Type.Integer(), duplicates: Type.Integer() });

export const SystemBody = Body({ regionCode: RegionCode, name: Text(100) });
export const SystemView = Type.Object({ id: Type.String(), regionCode: Type.String(), name: Type.String(), key: Type.String({ description: 'shown once: the HMAC-SM3 key, base64' }) });

export const CallView = Type.Object({
  id: Type.String(), regionCode: Type.String(), externalId: Type.String(), callerMasked: Type.Union([Type.String(), Type.Null()]),
  startedAt: Type.String(), answeredAt: Type.Union([Type.String(), Type.Null()]), endedAt: Type.String(),
  calledBackAt: Type.Union([Type.String(), Type.Null()]), outcome: Type.Enum(['answered', 'abandoned', 'called_back'] as const), orderId: Type.Union([Type.String(), Type.Null()]),
});
export const CallsQuery = Type.Object({ regionCode: Type.Optional(RegionCode), withoutOrder: Type.Optional(Type.Boolean()), ...Paging });

const AttachmentInput = Type.Object({
  filename: Type.String({ minLength: 1, maxLength: 200 }),
  contentType: Type.String({ pattern: '^(image/(png|jpeg)|application/pdf|audio/(mpeg|wav))$' }),
  contentBase64: Type.String({ minLength: 1, maxLength: 2_800_000 }),
}, { additionalProperties: false });

export const IntakeBody = Body({
  channel: Type.Optional(ChannelSchema),
  category: CategorySchema,
  subjectCode: Type.String({ minLength: 1, maxLength: 16 }),
  regionCode: Type.Optional(RegionCode),
  callId: Type.Optional(Uuid),
  anonymous: Type.Optional(Type.Boolean()),
  callerName: Type.Optional(Text(50)),
  callerPhone: Type.Optional(Phone),
  location: Type.Optional(Type.String({ maxLength: 200 })),
  title: Text(100),
  description: Text(4000),
  linkedCase: Type.Optional(Type.Object({ id: Uuid, regionCode: RegionCode }, { additionalProperties: false })),
  complaintOf: Type.Optional(Type.Enum(['case', 'department'] as const, { description: 'a 投诉 about the linked case’s handling or a department’s service: opens a 差评 in the ratings module' })),
  complaintDepartmentId: Type.Optional(Uuid),
  attachments: Type.Optional(Type.Array(AttachmentInput, { maxItems: 5 })),
});
export type IntakeBody = Static<typeof IntakeBody>;

export const AnswerBody = Body({ answer: Text(4000), kbEntryId: Type.Optional(Uuid) });
export const DispatchBody = Body({ departmentId: Type.Optional(Uuid), assistDepartmentIds: Type.Optional(Type.Array(Uuid, { maxItems: 10, uniqueItems: true })), note: Type.Optional(Type.String({ maxLength: 1000 })) });
export const ReasonBody = Body({ reason: Text(1000) });
export const ReplyBody = Body({ answer: Text(4000) });
export const OpinionBody = Body({ opinion: Text(2000) });
export const NoteBody = Body({ note: Type.Optional(Type.String({ maxLength: 1000 })) });
export const SuperviseBody = Body({ note: Text(1000) });
export const ExtensionBody = Body({ days: Type.Number({ exclusiveMinimum: 0, maximum: 30, multipleOf: 0.5 }), reason: Text(1000) });
export const DecideBody = Body({ approve: Type.Boolean(), note: Type.Optional(Type.String({ maxLength: 1000 })) });
export const FollowUpBody = Body({ result: FollowUpSchema, comment: Type.Optional(Type.String({ maxLength: 1000 })), reopen: Type.Optional(Type.Boolean()) });
export const MergeBody = Body({ intoId: Uuid });

const Nullable = <T extends ReturnType<typeof Type.String>>(t: T) => Type.Union([t, Type.Null()]);
const NStr = Nullable(Type.String());

export const OrderSummary = Type.Object({
  id: Type.String(), number: Type.String(), regionCode: Type.String(), channel: Type.String(), category: Type.String(), subjectCode: Type.String(),
  state: Type.String(), title: Type.String(), anonymous: Type.Boolean(), callerNameMasked: NStr, callerPhoneMasked: NStr,
  departmentId: NStr, receivedAt: Type.String(), dueAt: NStr, card: NStr, closedAt: NStr, closedOnTime: Type.Union([Type.Boolean(), Type.Null()]),
  followUpResult: NStr, reopenCount: Type.Integer(), superviseCount: Type.Integer(), extensionPending: Type.Boolean(), mergedInto: NStr,
  abilities: Type.Array(Type.String()),
});
export type OrderSummary = Static<typeof OrderSummary>;

export const OrderDetail = Type.Object({
  ...OrderSummary.properties,
  callerName: NStr, callerPhone: NStr, location: NStr, description: Type.String(), answer: NStr, kbEntryId: NStr,
  limitDays: Type.Number(), extendedDays: Type.Number(), extension: Type.Union([Type.Object({ days: Type.Number(), reason: Type.String(), requestedAt: Type.String() }), Type.Null()]),
  followUpDueAt: NStr, followUp: Type.Union([Type.Object({ result: Type.String(), comment: NStr, at: Type.String(), by: Type.String(), late: Type.Boolean() }), Type.Null()]),
  linkedCase: Type.Union([Type.Object({ id: Type.String(), regionCode: Type.String(), number: Type.String() }), Type.Null()]),
  callId: NStr,
  complaintRating: Type.Union([Type.Object({ id: Type.String(), regionCode: Type.String(), departmentId: Type.String(), caseNumber: NStr, level: Type.Integer(), state: NStr }), Type.Null()]),
  assists: Type.Array(Type.Object({ departmentId: Type.String(), opinion: NStr, answeredAt: NStr })),
  attachments: Type.Array(Type.Object({ id: Type.String(), filename: Type.String(), contentType: Type.String(), size: Type.Integer() })),
  merged: Type.Array(Type.Object({ id: Type.String(), number: Type.String() })),
  events: Type.Array(Type.Object({ seq: Type.Integer(), at: Type.String(), actorName: NStr, action: Type.String(), fromState: NStr, toState: Type.String(), payload: Type.Unknown() })),
});
export type OrderDetail = Static<typeof OrderDetail>;

export const OrdersQuery = Type.Object({
  view: Type.Optional(Type.Enum(['desk', 'inbox', 'mine', 'all'] as const)),
  state: Type.Optional(StateSchema),
  regionCode: Type.Optional(RegionCode),
  category: Type.Optional(CategorySchema),
  ...Paging,
});
export const CardsQuery = Type.Object({ regionCode: Type.Optional(RegionCode), color: Type.Optional(Type.Enum(['red', 'yellow'] as const)), ...Paging });
export const CardView = Type.Object({ id: Type.String(), number: Type.String(), regionCode: Type.String(), category: Type.String(), subjectCode: Type.String(), state: Type.String(), departmentId: NStr, dueAt: Type.String(), card: Type.String(), superviseCount: Type.Integer() });

export const DuplicateView = Type.Object({ id: Type.String(), number: Type.String(), state: Type.String(), title: Type.String(), receivedAt: Type.String() });

export const SubjectView = Type.Object({ code: Type.String(), parentCode: NStr, name: Type.String(), nameEn: Type.String(), departmentShort: NStr });

export const KbQuery = Type.Object({ q: Type.Optional(Type.String({ maxLength: 100 })), regionCode: Type.Optional(RegionCode), ...Paging });
export const KbBody = Body({ regionCode: RegionCode, question: Text(300), answer: Text(4000), subjectCode: Type.Optional(Type.String({ maxLength: 16 })), itemCode: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })) });
export const KbView = Type.Object({ id: Type.String(), regionCode: Type.String(), question: Type.String(), answer: Type.String(), subjectCode: NStr, itemId: NStr, itemCode: NStr });
export const KbDetail = Type.Object({ ...KbView.properties, guide: Type.Union([Type.Unknown(), Type.Null()]) });

const Rates = Type.Object({ answerRate: Type.Union([Type.Number(), Type.Null()]), closeRate: Type.Union([Type.Number(), Type.Null()]), onTimeRate: Type.Union([Type.Number(), Type.Null()]), satisfactionRate: Type.Union([Type.Number(), Type.Null()]) });
const Count = Type.Object({ key: Type.String(), received: Type.Integer(), closed: Type.Integer() });
export const FiguresQuery = Type.Object({ regionCode: Type.Optional(RegionCode), from: Type.Optional(Type.String({ pattern: '^\\d{4}-\\d{2}$' })), to: Type.Optional(Type.String({ pattern: '^\\d{4}-\\d{2}$' })), month: Type.Optional(Type.String({ pattern: '^\\d{4}-\\d{2}$' })) });
export const FiguresView = Type.Object({
  regionCode: Type.String(), from: NStr, to: NStr,
  totals: Type.Object({ calls: Type.Integer(), answered: Type.Integer(), abandoned: Type.Integer(), calledBack: Type.Integer(), received: Type.Integer(), dispatched: Type.Integer(), closed: Type.Integer(), closedOnTime: Type.Integer(), satisfied: Type.Integer(), basic: Type.Integer(), unsatisfied: Type.Integer() }),
  rates: Rates,
  basicCountsAsSatisfied: Type.Boolean(),
  byCategory: Type.Array(Count), bySubject: Type.Array(Count), byDepartment: Type.Array(Type.Object({ key: Type.String(), dispatched: Type.Integer(), closed: Type.Integer(), closedOnTime: Type.Integer() })),
  byRegion: Type.Array(Count), byMonth: Type.Array(Type.Object({ key: Type.String(), received: Type.Integer(), closed: Type.Integer(), calls: Type.Integer(), answered: Type.Integer() })),
  topSubjects: Type.Array(Count),
  hotspots: Type.Object({ month: NStr, subjects: Type.Array(Type.Object({ subjectCode: Type.String(), count: Type.Integer(), previous: Type.Integer(), rising: Type.Boolean() })) }),
});
export type FiguresView = Static<typeof FiguresView>;

const Limit = Type.Object({ value: Type.Number({ exclusiveMinimum: 0, maximum: 120 }), unit: Type.Enum(['workingDays', 'workingHours'] as const) }, { additionalProperties: false });
export const SettingsParams = Type.Object({ regionCode: RegionCode });
export const SettingsBody = Body({
  limits: Type.Optional(Type.Object(Object.fromEntries(CATEGORIES.map((c) => [c, Type.Optional(Limit)])) as Record<Category, ReturnType<typeof Type.Optional<typeof Limit>>>, { additionalProperties: false })),
  followUpDays: Type.Optional(Type.Number({ exclusiveMinimum: 0, maximum: 30 })),
  mergeWindowHours: Type.Optional(Type.Integer({ minimum: 1, maximum: 24 * 30 })),
  basicCountsAsSatisfied: Type.Optional(Type.Boolean()),
  routes: Type.Optional(Type.Record(Type.String({ maxLength: 16 }), Uuid)),
});
export const SettingsView = Type.Object({
  regionCode: Type.String(), limits: Type.Record(Type.String(), Type.Number()), followUpDays: Type.Number(), mergeWindowHours: Type.Integer(),
  basicCountsAsSatisfied: Type.Boolean(), routes: Type.Record(Type.String(), Type.String()), centreDepartmentId: NStr,
});

export const ImportOrder = Type.Object({
  externalId: Type.String({ minLength: 1, maxLength: 64 }),
  channel: ChannelSchema, category: CategorySchema, subjectCode: Type.String({ maxLength: 16 }), regionCode: RegionCode,
  title: Text(100), receivedAt: IsoDateTime, limitDays: Type.Optional(Type.Number({ exclusiveMinimum: 0, maximum: 120 })),
  departmentCode: Type.Optional(Type.String({ maxLength: 40 })),
  closedAt: Type.Optional(IsoDateTime),
  followUp: Type.Optional(FollowUpSchema),
}, { additionalProperties: false });
export type ImportOrder = Static<typeof ImportOrder>;
export const ImportBody = Body({ orders: Type.Array(ImportOrder, { minItems: 1, maxItems: 5000 }) });
export const ImportResult = Type.Object({ imported: Type.Integer(), existing: Type.Integer() });
