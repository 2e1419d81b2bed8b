import { Type, type Static, type TSchema } from 'typebox';
import { Body, IsoDateTime, Paging, RegionCode, Uuid } from '../../platform/contract.js';
import { CASE_STATES, GUARDED_ACTIONS } from './rules.js';

const Nullable = <T extends TSchema>(t: T) => Type.Union([t, Type.Null()]);
const Text = (maxLength: number) => Type.String({ minLength: 1, maxLength });
const StepNo = Type.Integer({ minimum: 0, maximum: 99, description: 'the step the caller saw (0-based); a stale one is a 409' });

export const CaseStateSchema = Type.Enum(CASE_STATES);
export const AbilitySchema = Type.Enum(GUARDED_ACTIONS);
export const CardSchema = Type.Union([Type.Literal('green'), Type.Literal('yellow'), Type.Literal('red')]);

export const CaseIdParams = Type.Object({ id: Uuid });
export const CaseSubParams = Type.Object({ id: Uuid, sub: Uuid });

export const MaterialInputSchema = Type.Object(
  {
    requirement: Type.Integer({ minimum: 0, maximum: 99, description: 'index in the item’s material list' }),
    fileId: Type.Optional(Uuid),
    materialId: Type.Optional(Type.String({ format: 'uuid', description: 'a material of an earlier case of the same applicant' })),
    licenceNumber: Type.Optional(Text(64)),
  },
  { additionalProperties: false },
);

export const ApplyBody = Body({
  itemId: Uuid,
  channel: Type.Union([Type.Literal('online'), Type.Literal('mobile'), Type.Literal('kiosk'), Type.Literal('window')]),
  form: Type.Record(Type.String({ maxLength: 64 }), Type.Unknown()),
  materials: Type.Optional(Type.Array(MaterialInputSchema, { maxItems: 100 })),
  applicant: Type.Optional(
    Type.Object(
      {
        kind: Type.Union([Type.Literal('person'), Type.Literal('enterprise')]),
        name: Text(128),
        idNumber: Type.Optional(Text(32)),
        creditCode: Type.Optional(Text(32)),
        mobile: Type.Optional(Text(20)),
      },
      { additionalProperties: false, description: 'window filing only: who the clerk files for' },
    ),
  ),
});
export type ApplyBodyT = Static<typeof ApplyBody>;

export const IdempotencyHeaders = Type.Object({
  'idempotency-key': Type.Optional(Type.String({ minLength: 8, maxLength: 128, pattern: '^[A-Za-z0-9._:-]+$', description: 'the same key and body return the same case' })),
});

export const ReviewBody = Body({ review: Type.Union([Type.Literal('ok'), Type.Literal('faulty')]), reason: Type.Optional(Text(500)) });
export const CorrectionBody = Body({
  items: Type.Array(Type.Object({ requirement: Type.Integer({ minimum: 0, maximum: 99 }), reason: Text(500) }, { additionalProperties: false }), { minItems: 1, maxItems: 100 }),
  step: Type.Optional(StepNo),
});
export const ResubmitBody = Body({ materials: Type.Array(MaterialInputSchema, { minItems: 1, maxItems: 100 }) });
export const RejectBody = Body({ reason: Text(1000), basis: Text(1000) });
export const WithdrawBody = Body({ reason: Type.Optional(Text(500)) });
export const DeficiencyBody = Body({ commitment: Text(2000), signedBy: Text(64), deadline: IsoDateTime });
export const SupplyBody = Body({ requirement: Type.Integer({ minimum: 0, maximum: 99 }), fileId: Type.Optional(Uuid), materialId: Type.Optional(Uuid), licenceNumber: Type.Optional(Text(64)) });
export const PledgeBody = Body({ text: Text(4000), signedBy: Text(64), verificationDays: Type.Optional(Type.Number({ minimum: 1, maximum: 365 })) });
export const VerifyBody = Body({ result: Type.Union([Type.Literal('confirmed'), Type.Literal('false')]), note: Text(1000) });
export const PassBody = Body({ step: StepNo, opinion: Type.Optional(Text(1000)) });
export const ReturnBody = Body({ step: StepNo, toStep: Type.Integer({ minimum: 0, maximum: 99 }), reason: Text(1000) });
export const SpecialStartBody = Body({ step: StepNo, kind: Text(64), reason: Text(1000), expectedDays: Type.Optional(Type.Number({ minimum: 0, maximum: 3650 })) });
export const SpecialEndBody = Body({ result: Text(1000) });
export const ConcludeBody = Body({ step: StepNo, decision: Type.Union([Type.Literal('approve'), Type.Literal('deny')]), text: Text(8000), reason: Type.Optional(Text(1000)) });
export const DeliverBody = Body({
  method: Type.Union([Type.Literal('window'), Type.Literal('post'), Type.Literal('electronic')]),
  receiverName: Text(64),
  address: Type.Optional(Text(300)),
  trackingNumber: Type.Optional(Type.String({ pattern: '^[A-Za-z0-9-]{4,64}$' })),
});

export const ListQuery = Type.Object({
  state: Type.Optional(CaseStateSchema),
  inbox: Type.Optional(Type.Boolean({ description: 'approvers: cases whose current step waits for my department' })),
  regionCode: Type.Optional(RegionCode),
  ...Paging,
});
export const CardsQuery = Type.Object({ regionCode: Type.Optional(RegionCode), color: Type.Optional(Type.Union([Type.Literal('red'), Type.Literal('yellow')])), ...Paging });
export const InboxQuery = Type.Object({ unread: Type.Optional(Type.Boolean()), ...Paging });
export const VerifyQuery = Type.Object({ caseId: Type.Optional(Uuid) });

const iso = Nullable(Type.String());

export const CaseSummary = Type.Object({
  id: Uuid,
  number: Type.String(),
  regionCode: Type.String(),
  itemId: Type.String(),
  itemVersion: Type.Integer(),
  itemName: Type.String(),
  channel: Type.String(),
  applicantKind: Type.String(),
  applicantName: Type.String(),
  applicantIdMasked: Type.String({ description: 'e.g. 4212**********123X; the full number through /applicant-id (audited)' }),
  state: CaseStateSchema,
  currentStep: Nullable(Type.Integer()),
  currentStepName: Nullable(Type.String()),
  submittedAt: Type.String(),
  acceptedAt: iso,
  concludedAt: iso,
  dueAt: iso,
  card: Nullable(CardSchema),
  paused: Type.Boolean(),
  pendingDeficiencies: Type.Integer(),
  deficiencyOverdue: Type.Boolean(),
  version: Type.Integer({ description: 'sequence number of the last event' }),
  abilities: Type.Array(AbilitySchema, { description: 'what the caller may do on this case now' }),
});

export const ClockSchema = Type.Object({
  kind: Nullable(Type.Union([Type.Literal('acceptance'), Type.Literal('processing')])),
  limitDays: Nullable(Type.Number()),
  startedAt: iso,
  due: iso,
  remainingWorkingDays: Nullable(Type.Number()),
  card: Nullable(CardSchema),
  paused: Type.Boolean(),
  provisional: Type.Boolean({ description: 'the span touches a year whose holiday notice has not been entered' }),
  closed: Nullable(
    Type.Object(
      {
        at: Type.String({ description: '办结 instant' }),
        due: Type.String({ description: 'the due instant as it stood at 办结, pauses counted' }),
        usedWorkingDays: Type.Number({ description: 'working time the processing took, pauses excluded' }),
        overdue: Type.Boolean({ description: 'concluded after the due (超期办结), as recorded at 办结' }),
      },
      { description: 'how the processing clock ended; null until 办结, and for cases that ended otherwise' },
    ),
  ),
});

export const CaseDetail = Type.Object({
  ...CaseSummary.properties,
  form: Type.Record(Type.String(), Type.Unknown()),
  clock: ClockSchema,
  requirements: Type.Array(Type.Object({ name: Type.String(), required: Type.Boolean(), deficiencyAllowed: Type.Boolean(), licenceType: Type.Optional(Type.String()) })),
  materials: Type.Array(
    Type.Object({
      id: Uuid,
      requirement: Type.Integer(),
      name: Type.String(),
      source: Type.String(),
      fileHash: Nullable(Type.String()),
      size: Nullable(Type.Integer()),
      mime: Nullable(Type.String()),
      reference: Nullable(Type.String()),
      review: Type.String(),
      reviewReason: Nullable(Type.String()),
      superseded: Type.Boolean(),
    }),
  ),
  steps: Type.Array(Type.Object({ idx: Type.Integer(), name: Type.String(), departmentId: Type.String(), role: Type.String(), state: Type.String(), startedAt: iso, finishedAt: iso, opinion: Nullable(Type.String()) })),
  corrections: Type.Array(
    Type.Object({ id: Uuid, stage: Type.String(), items: Type.Array(Type.Object({ requirement: Type.Integer(), name: Type.String(), reason: Type.String() })), requestedAt: Type.String(), resolvedAt: iso }),
  ),
  specialProcedures: Type.Array(Type.Object({ id: Uuid, kind: Type.String(), reason: Type.String(), expectedDays: Nullable(Type.Number()), startedAt: Type.String(), endedAt: iso, result: Nullable(Type.String()) })),
  commitments: Type.Array(Type.Object({ id: Uuid, requirements: Type.Array(Type.Integer()), deadline: Type.String(), remindedAt: iso, overdueAt: iso, fulfilledAt: iso })),
  pledges: Type.Array(Type.Object({ id: Uuid, verificationDueAt: Type.String(), verificationState: Type.String(), verifiedAt: iso, note: Nullable(Type.String()) })),
  deliveries: Type.Array(Type.Object({ id: Uuid, method: Type.String(), receiverName: Type.String(), address: Nullable(Type.String()), trackingNumber: Nullable(Type.String()), deliveredAt: Type.String() })),
  documents: Type.Array(Type.Object({ id: Uuid, kind: Type.String(), title: Type.String(), createdAt: Type.String() })),
});

export const CaseEventView = Type.Object({
  seq: Type.Integer(),
  at: Type.String(),
  actorId: Nullable(Type.String()),
  actorName: Nullable(Type.String()),
  role: Type.String(),
  action: Type.String(),
  fromState: Nullable(Type.String()),
  toState: Type.String(),
  payload: Type.Unknown(),
  prevHash: Type.String(),
  hash: Type.String(),
});

export const CardView = Type.Object({
  id: Uuid,
  number: Type.String(),
  regionCode: Type.String(),
  itemName: Type.String(),
  state: Type.String(),
  departmentId: Type.String(),
  currentStepDepartmentId: Nullable(Type.String()),
  dueAt: Type.String(),
  yellowAt: Type.String(),
  applicantIdMasked: Type.String(),
  card: CardSchema,
});

export const FileView = Type.Object({ id: Uuid, sha256: Type.String(), size: Type.Integer(), mime: Type.String(), name: Type.String() });

export const ActionResult = Type.Object({
  case: CaseDetail,
  documentId: Type.Optional(Uuid),
  correctionId: Type.Optional(Uuid),
  procedureId: Type.Optional(Uuid),
  pledgeId: Type.Optional(Uuid),
  deliveryId: Type.Optional(Uuid),
  commitmentDocumentId: Type.Optional(Uuid),
});

export const NotificationView = Type.Object({
  id: Uuid,
  caseId: Uuid,
  kind: Type.String(),
  title: Type.String(),
  body: Type.String(),
  createdAt: Type.String(),
  readAt: iso,
  sms: Type.String(),
});

export const ApplicantIdView = Type.Object({ caseId: Uuid, applicantKind: Type.String(), identifier: Type.String() });

export const ChainReportView = Type.Object({
  casesChecked: Type.Integer(),
  eventsChecked: Type.Integer(),
  broken: Type.Array(
    Type.Object({
      caseId: Type.String(),
      caseNumber: Type.String(),
      regionCode: Type.String(),
      break: Type.Object({ seq: Type.Integer(), reason: Type.String(), expected: Type.Unknown() }),
      caseVersionMismatch: Type.Optional(Type.Boolean()),
    }),
  ),
});
