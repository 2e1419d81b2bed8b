import { Type, type Static } from 'typebox';
import { Body, IsoDateTime, Paging, RegionCode, Uuid } from '../../platform/contract.js';
import { OBJECT_CLASSES, OUTCOMES } from './rules.js';

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);
const ObjectClass = Type.Union(OBJECT_CLASSES.map((c) => Type.Literal(c)), { description: 'enterprise 企业 · individual 个体工商户 · cooperative 农民专业合作社 · non_market 非市场主体' });
const Outcome = Type.Union(OUTCOMES.map((o) => Type.Literal(o)), { description: 'no_problem 未发现问题 · passed 合格 · rectify 责令整改 · failed 不合格 · case_opened 立案查处 · unreachable 无法联系' });
const CreditCode = Type.String({ pattern: '^[0-9A-Za-z]{18}$' });
const Quota = Type.Object({ ratio: Type.Optional(Type.Number({ exclusiveMinimum: 0, maximum: 1 })), count: Type.Optional(Type.Integer({ minimum: 1 })) }, { additionalProperties: false });

export const IdParams = Type.Object({ id: Uuid });
export const TaskParams = Type.Object({ id: Uuid, creditCode: CreditCode });
export const RegionQuery = Type.Object({ regionCode: RegionCode });

export const ItemBody = Body({
  departmentId: Uuid,
  code: Type.String({ minLength: 1, maxLength: 64 }),
  name: Type.String({ minLength: 1, maxLength: 200 }),
  basis: Type.String({ minLength: 1, maxLength: 2000 }),
  objectClasses: Type.Array(ObjectClass, { minItems: 1, maxItems: 4 }),
  method: Type.String({ minLength: 1, maxLength: 200 }),
});
export const ItemView = Type.Object({ id: Uuid, regionCode: Type.String(), departmentId: Uuid, code: Type.String(), name: Type.String(), basis: Type.String(), objectClasses: Type.Array(Type.String()), method: Type.String() });
export const ItemList = Type.Object({ items: Type.Array(ItemView) });

export const InspectorBody = Body({
  departmentId: Uuid,
  name: Type.String({ minLength: 1, maxLength: 64 }),
  certificateNo: Type.String({ minLength: 1, maxLength: 32 }),
  qualifications: Type.Optional(Type.Array(Type.String({ maxLength: 64 }), { maxItems: 20 })),
  userId: Type.Optional(Uuid),
});
export const InspectorView = Type.Object({ id: Uuid, regionCode: Type.String(), departmentId: Uuid, name: Type.String(), certificateNo: Type.String(), qualifications: Type.Array(Type.String()), userId: Nullable(Uuid), active: Type.Boolean() });
export const InspectorList = Type.Object({ items: Type.Array(InspectorView) });
export const ConflictBody = Body({ creditCode: CreditCode, reason: Type.String({ minLength: 1, maxLength: 500 }) });
export const ConflictView = Type.Object({ inspectorId: Uuid, creditCode: Type.String(), reason: Type.String() });

export const SubjectQuery = Type.Object({ regionCode: RegionCode, objectClass: Type.Optional(ObjectClass), ...Paging });
export const SubjectList = Type.Object({
  items: Type.Array(Type.Object({ creditCode: Type.String(), name: Type.String(), objectClass: Type.String(), industry: Type.String(), riskGrade: Type.String(), creditGrade: Type.String() })),
  byClass: Type.Record(Type.String(), Type.Integer()),
});
export const ImportQuery = Type.Object({ regionCode: RegionCode });
export const ImportView = Type.Object({ rows: Type.Integer(), created: Type.Integer(), updated: Type.Integer() });

export const PlanBody = Body({
  name: Type.String({ minLength: 1, maxLength: 200 }),
  year: Type.Integer({ minimum: 2000, maximum: 2100 }),
  departmentIds: Type.Array(Uuid, { minItems: 1, maxItems: 20 }),
  itemIds: Type.Array(Uuid, { minItems: 1, maxItems: 50 }),
  quotas: Type.Optional(Type.Object({ enterprise: Type.Optional(Quota), individual: Type.Optional(Quota), cooperative: Type.Optional(Quota), non_market: Type.Optional(Quota) }, { additionalProperties: false })),
  filters: Type.Optional(Type.Object({ industry: Type.Optional(Type.String({ maxLength: 64 })), riskGrades: Type.Optional(Type.Array(Type.String({ pattern: '^[A-D]$' }), { maxItems: 4 })) }, { additionalProperties: false })),
  inspectorsPerObject: Type.Optional(Type.Integer({ minimum: 2, maximum: 10 })),
});
export const PlanView = Type.Object({
  id: Uuid,
  regionCode: Type.String(),
  name: Type.String(),
  year: Type.Integer(),
  departmentIds: Type.Array(Uuid),
  itemIds: Type.Array(Uuid),
  quotas: Type.Unknown(),
  filters: Type.Unknown(),
  inspectorsPerObject: Type.Integer(),
  draws: Type.Optional(Type.Array(Type.Object({ id: Uuid, state: Type.String(), seedHash: Type.String(), committedAt: Type.Unknown() }))),
});

export const PlanList = Type.Object({ items: Type.Array(PlanView) });

export const CommitView = Type.Object({ id: Uuid, seedHash: Type.String(), poolHash: Type.String(), subjects: Type.Integer(), inspectors: Type.Integer() });
export const TaskView = Type.Object({
  position: Type.Integer(),
  creditCode: Type.String(),
  subjectName: Type.String(),
  objectClass: Type.String(),
  inspectorIds: Type.Array(Uuid),
  outcome: Nullable(Type.String()),
  evidence: Nullable(Type.String()),
  inspectedAt: Nullable(Type.String()),
  publishDueAt: Nullable(Type.String()),
  publishedAt: Nullable(Type.String()),
  overdue: Type.Boolean(),
});
export const MyTasks = Type.Object({ items: Type.Array(Type.Object({ drawId: Uuid, planName: Type.String(), year: Type.Integer(), ...TaskView.properties })) });
export const DrawView = Type.Object({
  id: Uuid,
  planId: Uuid,
  planName: Type.String(),
  year: Type.Integer(),
  state: Type.String(),
  seedHash: Type.String(),
  poolHash: Type.String(),
  seed: Nullable(Type.String()),
  committedAt: Type.String(),
  drawnAt: Nullable(Type.String()),
  tasks: Type.Array(TaskView),
});
export const ResultBody = Body({ outcome: Outcome, evidence: Type.String({ minLength: 1, maxLength: 4000 }), inspectedAt: Type.Optional(IsoDateTime) });

export const PublicQuery = Type.Object({ regionCode: Type.Optional(RegionCode), creditCode: Type.Optional(CreditCode), ...Paging });
export const PublicResults = Type.Object({
  items: Type.Array(
    Type.Object({
      creditCode: Type.String(),
      subjectName: Type.String(),
      objectClass: Type.String(),
      outcome: Type.String(),
      inspectedAt: Nullable(Type.String()),
      publishedAt: Type.String(),
      planName: Type.String(),
      year: Type.Integer(),
      drawId: Uuid,
      seedHash: Type.String(),
      regionCode: Type.String(),
      items: Type.Array(Type.String()),
      departments: Type.Array(Type.String()),
    }),
  ),
});
export type PlanBodyT = Static<typeof PlanBody>;
