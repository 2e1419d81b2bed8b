import { Type, type Static, type TSchema } from 'typebox';
import { Body, RegionCode, Uuid } from '../../platform/contract.js';

const IsoDate = Type.String({ format: 'date', description: 'YYYY-MM-DD' });
function Nullable<T extends TSchema>(t: T) {
  return Type.Union([t, Type.Null()]);
}

export const Comparator = Type.Union([Type.Literal('<='), Type.Literal('<'), Type.Literal('>='), Type.Literal('>'), Type.Literal('='), Type.Literal('reduce_by'), Type.Literal('increase_by')]);
export const TaskStatus = Type.Union([Type.Literal('未启动'), Type.Literal('推进中'), Type.Literal('已完成'), Type.Literal('逾期'), Type.Literal('长期推进')]);
export const Cadence = Type.Union([Type.Literal('monthly'), Type.Literal('quarterly'), Type.Literal('yearly')]);
export const UnitKind = Type.Union([Type.Literal('department'), Type.Literal('government'), Type.Literal('party'), Type.Literal('court'), Type.Literal('enterprise'), Type.Literal('collective'), Type.Literal('other')]);

export const TargetSchema = Type.Object({
  metric: Type.String({ maxLength: 200 }),
  comparator: Comparator,
  value: Type.Number(),
  unit: Type.String({ minLength: 1, maxLength: 16 }),
  raw: Type.String({ maxLength: 500 }),
}, { additionalProperties: false });

export const WarningSchema = Type.Object({
  code: Type.String(),
  line: Nullable(Type.Integer()),
  message: Type.String(),
  messageEn: Type.String(),
  details: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
});

export const DeadlineSchema = Type.Object({
  raw: Type.String(),
  date: Nullable(Type.String()),
  ongoing: Type.Boolean(),
  recurring: Type.Boolean(),
  yearInferred: Type.Boolean(),
  repaired: Type.Boolean(),
});

// ---------------------------------------------------------------------------------------------------------------
// Import

export const ImportBody = Body({
  filename: Type.String({ minLength: 1, maxLength: 200 }),
  /** The file's bytes (.txt in UTF-8 or GB18030, or .docx), base64-encoded. */
  contentBase64: Type.Optional(Type.String({ minLength: 1, maxLength: 7_200_000, contentEncoding: 'base64' })),
  /** Or the text itself. */
  text: Type.Optional(Type.String({ minLength: 1, maxLength: 5_000_000 })),
  regionCode: Type.Optional(RegionCode),
});
export type ImportBody = Static<typeof ImportBody>;

const UnitResolved = Type.Object({ written: Type.String(), name: Type.String(), division: Nullable(Type.String()), known: Type.Boolean() });

export const DraftTaskView = Type.Object({
  no: Type.String(),
  section: Type.String(),
  sectionTitles: Type.Array(Type.String()),
  part: Type.Integer(),
  partTitle: Nullable(Type.String()),
  measure: Nullable(Type.String()),
  group: Nullable(Type.String()),
  text: Type.String(),
  leadUnits: Type.Array(Type.String()),
  responsibleUnits: Type.Array(Type.String()),
  leadUnitsResolved: Type.Array(UnitResolved),
  responsibleUnitsResolved: Type.Array(UnitResolved),
  deadlines: Type.Array(Type.String()),
  deadlineDetails: Type.Array(DeadlineSchema),
  targets: Type.Array(TargetSchema),
  lines: Type.Tuple([Type.Integer(), Type.Integer()]),
  source: Type.String(),
  flags: Type.Array(Type.String()),
});

export const DraftView = Type.Object({
  id: Uuid,
  status: Type.Union([Type.Literal('draft'), Type.Literal('confirmed'), Type.Literal('discarded')]),
  version: Type.Integer(),
  regionCode: Type.String(),
  unitScope: Nullable(Type.String()),
  document: Type.Object({
    id: Uuid, title: Nullable(Type.String()), issuer: Nullable(Type.String()), issuedOn: Nullable(Type.String()), filename: Type.String(), format: Type.String(),
  }),
  sourceLines: Type.Array(Type.String()),
  tasks: Type.Array(DraftTaskView),
  unknownUnits: Type.Array(Type.String()),
  warnings: Type.Array(WarningSchema),
});

const UnitList = Type.Array(Type.String({ minLength: 1, maxLength: 200 }), { maxItems: 100 });

export const DraftTaskInput = Type.Object({
  no: Type.String({ minLength: 1, maxLength: 32 }),
  section: Type.String({ maxLength: 64 }),
  text: Type.String({ minLength: 1, maxLength: 20_000 }),
  leadUnits: UnitList,
  responsibleUnits: UnitList,
  deadlines: Type.Array(Type.String({ minLength: 1, maxLength: 200 }), { maxItems: 20 }),
  targets: Type.Array(TargetSchema, { maxItems: 50 }),
  lines: Type.Tuple([Type.Integer({ minimum: 1 }), Type.Integer({ minimum: 1 })]),
  measure: Type.Optional(Nullable(Type.String({ maxLength: 500 }))),
  group: Type.Optional(Nullable(Type.String({ maxLength: 100 }))),
}, { additionalProperties: false });

export const DraftEditBody = Body({ version: Type.Integer({ minimum: 1 }), tasks: Type.Array(DraftTaskInput, { maxItems: 2000 }) });
export const ConfirmBody = Body({ version: Type.Integer({ minimum: 1 }), cadence: Type.Optional(Cadence) });
export const VersionBody = Body({ version: Type.Integer({ minimum: 1 }) });
export const ConfirmView = Type.Object({
  draftId: Uuid, documentId: Uuid, tasks: Type.Integer(), taskIds: Type.Array(Uuid), createdUnits: Type.Array(Type.String()),
});

// ---------------------------------------------------------------------------------------------------------------
// Tasks and reports

const OwnerView = Type.Object({
  unitId: Uuid, name: Type.String(), written: Type.String(), role: Type.String(), kind: Type.String(),
  departmentId: Nullable(Type.String()), regionCode: Nullable(Type.String()),
});

export const TaskView = Type.Object({
  id: Uuid,
  regionCode: Type.String(),
  documentId: Uuid,
  documentTitle: Nullable(Type.String()),
  no: Type.String(),
  section: Type.String(),
  measure: Nullable(Type.String()),
  group: Nullable(Type.String()),
  text: Type.String(),
  lines: Type.Tuple([Type.Integer(), Type.Integer()]),
  deadlines: Type.Array(DeadlineSchema),
  dueOn: Nullable(Type.String()),
  ongoing: Type.Boolean(),
  cadence: Cadence,
  completedOn: Nullable(Type.String()),
  status: TaskStatus,
  flags: Type.Array(Type.String()),
  leadUnits: Type.Array(OwnerView),
  responsibleUnits: Type.Array(OwnerView),
  targets: Type.Array(Type.Object({
    id: Uuid, metric: Type.String(), comparator: Comparator, value: Type.Number(), unit: Type.String(), raw: Type.String(),
    latest: Nullable(Type.Number()), met: Nullable(Type.Boolean()),
  })),
  reports: Type.Integer(),
  lastReportOn: Nullable(Type.String()),
});

export const ReportView = Type.Object({
  id: Uuid, taskId: Uuid, unitId: Uuid, period: Type.String(), text: Type.String(),
  figures: Type.Array(Type.Object({ targetId: Uuid, value: Type.Number() })),
  attachments: Type.Array(Type.Object({ name: Type.String(), url: Type.String() })),
  completed: Type.Boolean(), reportedOn: Type.String(),
});

export const TaskDetailView = Type.Intersect([TaskView, Type.Object({ history: Type.Array(ReportView) })]);

export const TasksQuery = Type.Object({
  documentId: Type.Optional(Uuid),
  unitId: Type.Optional(Uuid),
  status: Type.Optional(TaskStatus),
});

export const ReportBody = Body({
  unitId: Uuid,
  period: Type.Optional(Type.String({ pattern: '^\\d{4}(-(0[1-9]|1[0-2]|Q[1-4]))?$', description: 'YYYY-MM, YYYY-Qn or YYYY (by the task’s cadence); defaults to the current period' })),
  text: Type.String({ minLength: 1, maxLength: 10_000 }),
  figures: Type.Optional(Type.Array(Type.Object({ targetId: Uuid, value: Type.Number() }, { additionalProperties: false }), { maxItems: 50 })),
  attachments: Type.Optional(Type.Array(Type.Object({ name: Type.String({ minLength: 1, maxLength: 200 }), url: Type.String({ minLength: 1, maxLength: 1000 }) }, { additionalProperties: false }), { maxItems: 20 })),
  completed: Type.Optional(Type.Boolean()),
});
export type ReportBody = Static<typeof ReportBody>;

export const UpdateTaskBody = Body({
  cadence: Type.Optional(Cadence),
  completedOn: Type.Optional(Nullable(IsoDate)),
});

// ---------------------------------------------------------------------------------------------------------------
// 月调度, 季督办, 年评价

export const DispatchQuery = Type.Object({ month: Type.String({ pattern: '^\\d{4}-(0[1-9]|1[0-2])$' }) });
export const DispatchView = Type.Object({
  month: Type.String(),
  asOf: Type.String(),
  missing: Type.Array(Type.Object({
    taskId: Uuid, no: Type.String(), section: Type.String(), text: Type.String(), unitId: Uuid, unitName: Type.String(), period: Type.String(),
  })),
  dueThisMonth: Type.Array(TaskView),
  overdue: Type.Array(TaskView),
});

export const OrderView = Type.Object({
  id: Uuid, taskId: Uuid, taskNo: Type.String(), taskText: Type.String(), unitId: Uuid, unitName: Type.String(), quarter: Type.String(),
  reason: Type.Union([Type.Literal('overdue'), Type.Literal('at_risk')]), issuedOn: Type.String(), dueOn: Type.String(),
  status: Type.Union([Type.Literal('open'), Type.Literal('answered'), Type.Literal('closed')]),
  answer: Nullable(Type.String()), answeredOn: Nullable(Type.String()), closedOn: Nullable(Type.String()), late: Type.Boolean(),
});

const Quarter = Type.String({ pattern: '^\\d{4}-Q[1-4]$' });
export const SuperviseBody = Body({
  quarter: Quarter,
  asOf: Type.Optional(IsoDate),
  responseDays: Type.Optional(Type.Integer({ minimum: 1, maximum: 90 })),
});
export const SuperviseView = Type.Object({ quarter: Type.String(), asOf: Type.String(), created: Type.Integer(), orders: Type.Array(OrderView) });
export const OrdersQuery = Type.Object({
  quarter: Type.Optional(Quarter),
  status: Type.Optional(Type.Union([Type.Literal('open'), Type.Literal('answered'), Type.Literal('closed')])),
});
export const AnswerBody = Body({ answer: Type.String({ minLength: 1, maxLength: 10_000 }) });
export const CloseBody = Body({ accepted: Type.Boolean() });

const Rate = Nullable(Type.Number());
export const EvaluationBody = Body({ year: Type.Integer({ minimum: 2000, maximum: 2100 }), asOf: Type.Optional(IsoDate) });
export const EvaluationView = Type.Object({
  year: Type.Integer(),
  asOf: Type.String(),
  units: Type.Array(Type.Object({
    unitId: Uuid, unitName: Type.String(), regionCode: Nullable(Type.String()), due: Type.Integer(), onTime: Type.Integer(),
    reportsOwed: Type.Integer(), reportsFiled: Type.Integer(), targets: Type.Integer(), targetsMet: Type.Integer(),
    onTimeRate: Rate, reportingRate: Rate, targetsRate: Rate, score: Type.Number(), rank: Type.Integer(),
  })),
  regions: Type.Array(Type.Object({ regionCode: Type.String(), units: Type.Integer(), score: Type.Number(), rank: Type.Integer() })),
});

// ---------------------------------------------------------------------------------------------------------------
// 我的任务: the unit side

export const MyQuery = Type.Object({ today: Type.Optional(IsoDate) });
export const MyTaskView = Type.Intersect([TaskView, Type.Object({
  myUnits: Type.Array(Type.Object({ unitId: Uuid, name: Type.String(), role: Type.Union([Type.Literal('lead'), Type.Literal('responsible')]), reporter: Type.Boolean() })),
  currentPeriod: Type.String(),
  currentFiled: Type.Boolean({ description: 'every reporting unit of the caller has filed the current period' }),
  owed: Type.Array(Type.Object({ unitId: Uuid, unitName: Type.String(), period: Type.String(), dueBy: Type.String() })),
})]);
export const MyLedgerView = Type.Object({
  today: Type.String(),
  units: Type.Array(Type.Object({ id: Uuid, name: Type.String() })),
  tasks: Type.Array(MyTaskView),
  orders: Type.Array(OrderView),
});

// ---------------------------------------------------------------------------------------------------------------
// Units and exports

export const UnitView = Type.Object({
  id: Uuid, name: Type.String(), kind: Type.String(), scope: Type.String(), regionCode: Nullable(Type.String()),
  departmentId: Nullable(Type.String()), verified: Type.Boolean(), aliases: Type.Optional(Type.Array(Type.String())),
});
export type UnitViewT = Static<typeof UnitView>;
export const UnitsQuery = Type.Object({
  scope: Type.Optional(Type.String({ maxLength: 32 })),
  q: Type.Optional(Type.String({ maxLength: 64 })),
  verified: Type.Optional(Type.Boolean()),
});
export const MergeUnitBody = Body({ into: Uuid });
export const CreateUnitBody = Body({
  name: Type.String({ minLength: 1, maxLength: 200 }),
  kind: UnitKind,
  scope: Type.Optional(Type.String({ maxLength: 32 })),
  regionCode: Type.Optional(Nullable(RegionCode)),
  departmentId: Type.Optional(Nullable(Uuid)),
  aliases: Type.Optional(Type.Array(Type.String({ minLength: 1, maxLength: 200 }), { maxItems: 50 })),
});
export const UpdateUnitBody = Body({
  addAliases: Type.Optional(Type.Array(Type.String({ minLength: 1, maxLength: 200 }), { maxItems: 50 })),
  departmentId: Type.Optional(Nullable(Uuid)),
  regionCode: Type.Optional(Nullable(RegionCode)),
  verified: Type.Optional(Type.Boolean()),
});

/** Settle an unregistered unit of an import draft: another spelling of a registered unit, or a new unit. */
export const ResolveUnitBody = Type.Union([
  Body({ written: Type.String({ minLength: 1, maxLength: 200 }), unitId: Uuid }),
  Body({
    written: Type.String({ minLength: 1, maxLength: 200 }),
    create: Type.Object({
      name: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
      kind: UnitKind,
      departmentId: Type.Optional(Nullable(Uuid)),
    }, { additionalProperties: false }),
  }),
]);

export const ExportQuery = Type.Object({
  kind: Type.Union([Type.Literal('tasks'), Type.Literal('dispatch'), Type.Literal('orders'), Type.Literal('evaluation')]),
  format: Type.Union([Type.Literal('xlsx'), Type.Literal('docx')]),
  documentId: Type.Optional(Uuid),
  month: Type.Optional(Type.String({ pattern: '^\\d{4}-(0[1-9]|1[0-2])$' })),
  quarter: Type.Optional(Quarter),
  year: Type.Optional(Type.Integer({ minimum: 2000, maximum: 2100 })),
});

export const IdParams = Type.Object({ id: Uuid });
