import { Type, type Static, type TSchema } from 'typebox';

/**
 * 一件事 bundles (一事联办): the definition an administrator publishes, as data. Seed 000 L812 ("关联事项、一表申请、
 * 一链办理"), seed 002 L23 ("一号申请、提交一套材料、一个窗口取件") and seed 001 L26/L82 (stages with "一家牵头、一窗受理、
 * 并联审批、限时办结"; 主线, 必选项 and 勾选项) describe what it must hold.
 */

export const BUNDLE_CODE = '^[0-9]{6}-YJS-[0-9A-Z][0-9A-Z-]{1,40}$';
export const ITEM_CODE = '^[0-9A-Za-z][0-9A-Za-z-]{3,63}$';
export const DEPARTMENT_CODE = '^[0-9]{6}-[a-z0-9]+$';
export const REGION_CODE = '^[0-9]{6}$';
const KEY = '^[a-z][A-Za-z0-9]{0,39}$';
const FIELD_KEY = '^[a-zA-Z][a-zA-Z0-9_]{0,63}$';

const Text = (maxLength: number) => Type.String({ minLength: 1, maxLength });
export const Bilingual = Type.Object({ zh: Text(200), en: Text(300) }, { additionalProperties: false });
export type Bilingual = Static<typeof Bilingual>;

/**
 * Where a figure comes from: `seed:000_e4086131eff9af3a.txt#L567` (seed file and line) or `law:<act> <article>`;
 * `quote` is the words of that line the figure is read from, so a reviewer can find it.
 */
export const SourceRef = Type.Object(
  {
    ref: Type.String({ pattern: '^(seed:[0-9]{3}_[0-9a-f]{16}\\.txt#L[0-9]+(-L[0-9]+)?|law:.{2,300})$' }),
    quote: Type.Optional(Text(300)),
  },
  { additionalProperties: false },
);
export type SourceRef = Static<typeof SourceRef>;

/** A limit in working days with the line that states it; decimals allowed (0.5). */
export const Limit = Type.Object(
  { days: Type.Number({ minimum: 0, maximum: 3650 }), source: SourceRef },
  { additionalProperties: false },
);
export type Limit = Static<typeof Limit>;

// ---------------------------------------------------------------------------------------------------------------
// The questionnaire (情景式) and its rule language: plain data, evaluated by a fixed interpreter, never eval'd.

export const QUESTION_TYPES = ['boolean', 'choice', 'number'] as const;
export type QuestionType = (typeof QUESTION_TYPES)[number];

export const Question = Type.Object(
  {
    key: Type.String({ pattern: KEY }),
    text: Bilingual,
    type: Type.Enum(QUESTION_TYPES),
    options: Type.Optional(
      Type.Array(Type.Object({ value: Type.String({ pattern: KEY }), label: Bilingual }, { additionalProperties: false }), {
        minItems: 2,
        maxItems: 30,
      }),
    ),
    unit: Type.Optional(Text(20)),
    min: Type.Optional(Type.Number()),
    max: Type.Optional(Type.Number()),
    help: Type.Optional(Bilingual),
  },
  { additionalProperties: false },
);
export type Question = Static<typeof Question>;

export const AnswerValue = Type.Union([Type.Boolean(), Type.Number(), Type.String({ maxLength: 40 })]);
export type AnswerValue = Static<typeof AnswerValue>;
export const Answers = Type.Record(Type.String({ pattern: KEY }), AnswerValue);
export type Answers = Static<typeof Answers>;

/**
 * One test on one answer: `equals`, `in`, or a range (`gt`/`gte`/`lt`/`lte`, which may be combined, as in
 * `{ "question": "capacityKva", "gte": 100, "lt": 315 }`). Exactly one kind per test; checked by rules.ts.
 */
export const Test = Type.Object(
  {
    question: Type.String({ pattern: KEY }),
    equals: Type.Optional(AnswerValue),
    in: Type.Optional(Type.Array(Type.Union([Type.String({ maxLength: 40 }), Type.Number()]), { minItems: 1, maxItems: 50 })),
    gt: Type.Optional(Type.Number()),
    gte: Type.Optional(Type.Number()),
    lt: Type.Optional(Type.Number()),
    lte: Type.Optional(Type.Number()),
  },
  { additionalProperties: false },
);
export type Test = Static<typeof Test>;

/** A test, or tests joined by all / any, or a negated test: two levels are all the seeds' bundles need. */
export const Condition = Type.Union([
  Test,
  Type.Object({ all: Type.Array(Test, { minItems: 1, maxItems: 20 }) }, { additionalProperties: false }),
  Type.Object({ any: Type.Array(Test, { minItems: 1, maxItems: 20 }) }, { additionalProperties: false }),
  Type.Object({ not: Test }, { additionalProperties: false }),
]);
export type Condition = Static<typeof Condition>;

// ---------------------------------------------------------------------------------------------------------------
// Stages and their items.

export const StageItem = Type.Object(
  {
    itemCode: Type.String({ pattern: ITEM_CODE }),
    /**
     * 必选项 (true) or 勾选项 (false). The next stage waits for every chosen mandatory item of this stage; a chosen
     * optional item runs alongside and only holds up the bundle's conclusion.
     */
    mandatory: Type.Boolean(),
    /** Chosen only when the answers satisfy this; absent = always chosen. */
    when: Type.Optional(Condition),
    note: Type.Optional(Text(500)),
  },
  { additionalProperties: false },
);
export type StageItem = Static<typeof StageItem>;

export const Stage = Type.Object(
  {
    key: Type.String({ pattern: KEY }),
    name: Bilingual,
    /** "一家牵头": the department that leads this stage; defaults to the bundle's lead. */
    leadDepartmentCode: Type.Optional(Type.String({ pattern: DEPARTMENT_CODE })),
    limit: Type.Optional(Limit),
    items: Type.Array(StageItem, { minItems: 1, maxItems: 60 }),
  },
  { additionalProperties: false },
);
export type Stage = Static<typeof Stage>;

/** When a child is denied: stop the bundle (no further stage starts, running children are withdrawn) or carry on and report. */
export const DENIAL_RULES = ['stop', 'continue'] as const;
export type DenialRule = (typeof DENIAL_RULES)[number];

/** A limit that applies when the answers match (工程建设 80/60/40 by project class); the first match wins. */
export const LimitRule = Type.Object({ when: Condition, limit: Limit, note: Type.Optional(Text(200)) }, { additionalProperties: false });
export type LimitRule = Static<typeof LimitRule>;

export const FieldRef = Type.Object(
  { itemCode: Type.String({ pattern: ITEM_CODE }), field: Type.String({ pattern: FIELD_KEY }) },
  { additionalProperties: false },
);
export type FieldRef = Static<typeof FieldRef>;

/**
 * Fields of different items that mean the same thing under different keys (`companyName` / `applicantName`).
 * Fields with the same key and type merge without being listed.
 */
export const FieldMerge = Type.Object(
  { key: Type.String({ pattern: FIELD_KEY }), label: Type.Optional(Bilingual), fields: Type.Array(FieldRef, { minItems: 2, maxItems: 60 }) },
  { additionalProperties: false },
);
export type FieldMerge = Static<typeof FieldMerge>;

/**
 * A field of a later item filled from an earlier item's result (the credit code on the 营业执照 that 设立登记 has
 * just issued): not asked in the joint form when `fromItem` is chosen in an earlier stage.
 */
export const Prefill = Type.Object(
  {
    itemCode: Type.String({ pattern: ITEM_CODE }),
    field: Type.String({ pattern: FIELD_KEY }),
    fromItem: Type.String({ pattern: ITEM_CODE }),
    note: Type.Optional(Text(200)),
  },
  { additionalProperties: false },
);
export type Prefill = Static<typeof Prefill>;

export const MaterialRef = Type.Object(
  { itemCode: Type.String({ pattern: ITEM_CODE }), name: Text(200) },
  { additionalProperties: false },
);
export type MaterialRef = Static<typeof MaterialRef>;

/** Materials of different items that are the same paper under different names; same names and same licence types merge by themselves. */
export const MaterialMerge = Type.Object(
  { name: Text(200), materials: Type.Array(MaterialRef, { minItems: 2, maxItems: 60 }) },
  { additionalProperties: false },
);
export type MaterialMerge = Static<typeof MaterialMerge>;

/**
 * A material of a later item that an earlier item's result is (项目备案证明 from 项目备案). A material whose 电子证照
 * type an earlier chosen item issues is supplied without being listed.
 */
export const MaterialFromResult = Type.Object(
  { itemCode: Type.String({ pattern: ITEM_CODE }), name: Text(200), fromItem: Type.String({ pattern: ITEM_CODE }) },
  { additionalProperties: false },
);
export type MaterialFromResult = Static<typeof MaterialFromResult>;

export const BundleDefinition = Type.Object(
  {
    code: Type.String({ pattern: BUNDLE_CODE }),
    name: Text(200),
    nameEn: Text(300),
    /** The brand the seeds give it ("210", "321"), if any. */
    slogan: Type.Optional(Text(100)),
    regionCode: Type.String({ pattern: REGION_CODE }),
    /** 牵头部门: the approval department of the bundle's key link (seed 000 L1027). */
    leadDepartmentCode: Type.String({ pattern: DEPARTMENT_CODE }),
    audiences: Type.Array(Type.Union([Type.Literal('person'), Type.Literal('enterprise')]), { minItems: 1, maxItems: 2, uniqueItems: true }),
    /** The bundle's own time limit; `limitRules` may replace it by the answers. Null only when no line states one. */
    limit: Type.Union([Limit, Type.Null()]),
    limitRules: Type.Array(LimitRule, { maxItems: 20 }),
    /** Total fee in fen when the seeds fix it ("0费用"). */
    fee: Type.Optional(Type.Object({ amountFen: Type.Integer({ minimum: 0 }), source: SourceRef }, { additionalProperties: false })),
    questions: Type.Array(Question, { maxItems: 30 }),
    stages: Type.Array(Stage, { minItems: 1, maxItems: 12 }),
    onDenial: Type.Enum(DENIAL_RULES),
    form: Type.Object(
      { merge: Type.Array(FieldMerge, { maxItems: 100 }), prefilled: Type.Array(Prefill, { maxItems: 200 }) },
      { additionalProperties: false },
    ),
    materials: Type.Object(
      { merge: Type.Array(MaterialMerge, { maxItems: 100 }), fromResults: Type.Array(MaterialFromResult, { maxItems: 200 }) },
      { additionalProperties: false },
    ),
    /** 统一出件: where the whole result package is handed out. */
    delivery: Type.Object({ window: Text(200), note: Type.Optional(Text(500)) }, { additionalProperties: false }),
    /** Why the bundle looks the way it does: the lines it is built from. */
    sources: Type.Array(Type.Object({ about: Text(200), source: SourceRef }, { additionalProperties: false }), { minItems: 1, maxItems: 50 }),
  },
  { additionalProperties: false },
);
export type BundleDefinition = Static<typeof BundleDefinition>;

// ---------------------------------------------------------------------------------------------------------------
// What the bundle needs to know about a catalog item: a structural subset of the catalog's ServiceItem, so the
// rules stay pure and the workflow module holds nothing of the catalog but codes.

export interface ItemFormField {
  key: string;
  label: Bilingual;
  type: string;
  required: boolean;
  options?: { value: string; label: Bilingual }[];
  pattern?: string;
}

export interface ItemMaterial {
  name: string;
  form: string;
  count: number;
  required: boolean;
  deficiencyAllowed: boolean;
  licenceType?: string;
}

export interface BundleItem {
  code: string;
  name: string;
  departmentCode: string;
  regionCode: string;
  promisedLimit: number | null;
  fee: { amountFen: number };
  form: { fields: ItemFormField[] };
  materials: ItemMaterial[];
  result: { kind: string; name: string; licenceType?: string };
}

// ---------------------------------------------------------------------------------------------------------------
// The HTTP API (routes.ts). Views declare their main fields and allow more, so the documentation names what a
// client relies on without the schema having to follow every field of the service's answer.

const Open = (properties: Record<string, TSchema>) => Type.Object(properties, { additionalProperties: true });
const Uuid = Type.String({ format: 'uuid' });

export const BundleCodeParams = Type.Object({ code: Type.String({ pattern: BUNDLE_CODE }) });
export const BundleCaseParams = Type.Object({ id: Uuid });
export const BundleWithdrawBody = Type.Object({ reason: Type.Optional(Text(500)) }, { additionalProperties: false });
export const BundleListQuery = Type.Object({
  regionCode: Type.Optional(Type.String({ pattern: REGION_CODE })),
  q: Type.Optional(Type.String({ maxLength: 50, description: 'words of the bundle name, slogan or theme; exact name matches first' })),
});
export const BundleCaseListQuery = Type.Object({
  status: Type.Optional(Type.Union([Type.Literal('submitted'), Type.Literal('running'), Type.Literal('concluded'), Type.Literal('delivered')])),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 50 })),
  offset: Type.Optional(Type.Integer({ minimum: 0, default: 0 })),
});
export const BundleVerifyQuery = Type.Object({ bundleId: Type.Optional(Uuid) });

export const PlanBody = Type.Object({ answers: Type.Record(Type.String(), AnswerValue) }, { additionalProperties: false });

export const BundleApplyBody = Type.Object(
  {
    answers: Type.Record(Type.String(), AnswerValue),
    form: Type.Record(Type.String(), Type.Unknown()),
    materials: Type.Array(
      Type.Object(
        {
          material: Type.Integer({ minimum: 0, maximum: 999, description: 'index in the plan’s joint materials' }),
          fileId: Type.Optional({ ...Uuid, description: 'an uploaded file' }),
          materialId: Type.Optional({ ...Uuid, description: 'a material of the applicant’s earlier case, reused' }),
          licenceNumber: Type.Optional({ ...Text(64), description: 'the applicant’s own e-licence (电子证照) proving the material' }),
        },
        { additionalProperties: false, description: 'exactly one of fileId, materialId, licenceNumber' },
      ),
      { maxItems: 200 },
    ),
    channel: Type.Union([Type.Literal('online'), Type.Literal('mobile'), Type.Literal('kiosk'), Type.Literal('window')]),
    applicant: Type.Optional(
      Type.Object(
        {
          kind: Type.Union([Type.Literal('person'), Type.Literal('enterprise')]),
          name: Text(100),
          idNumber: Type.Optional(Type.String({ maxLength: 18 })),
          creditCode: Type.Optional(Type.String({ maxLength: 18 })),
          mobile: Type.Optional(Type.String({ maxLength: 11 })),
        },
        { additionalProperties: false },
      ),
    ),
  },
  { additionalProperties: false },
);

export const BundleDeliverBody = Type.Object(
  {
    method: Type.Union([Type.Literal('window'), Type.Literal('post'), Type.Literal('electronic')]),
    receiverName: Text(64),
    address: Type.Optional(Text(300)),
    trackingNumber: Type.Optional(Type.String({ pattern: '^[A-Za-z0-9-]{4,64}$' })),
  },
  { additionalProperties: false },
);

export const BundleSummaryView = Open({ code: Type.String(), version: Type.Integer(), name: Type.String(), nameEn: Type.String(), regionCode: Type.String(), limitDays: Type.Union([Type.Number(), Type.Null()]) });
export const PublishedBundleView = Open({ version: Type.Integer(), definition: Type.Unknown(), items: Type.Array(Type.Unknown()) });
export const PlanView = Open({ items: Type.Array(Type.Unknown()), form: Type.Array(Type.Unknown()), materials: Type.Array(Type.Unknown()), limit: Type.Unknown(), results: Type.Array(Type.Unknown()), delivery: Type.Unknown() });
export const BundleAdminView = Open({ code: Type.String(), regionCode: Type.String(), name: Type.String(), publishedVersion: Type.Union([Type.Integer(), Type.Null()]), draftVersion: Type.Union([Type.Integer(), Type.Null()]) });
export const BundleCaseView = Open({
  id: Uuid,
  number: Type.String(),
  bundleCode: Type.String(),
  status: Type.String(),
  outcome: Type.Union([Type.String(), Type.Null()]),
  clock: Type.Unknown(),
  stages: Type.Array(Type.Unknown()),
  children: Type.Array(Type.Unknown()),
  abilities: Type.Array(Type.String()),
});
export const BundleCaseSummaryView = Open({ id: Uuid, number: Type.String(), bundleCode: Type.String(), status: Type.String() });
export const CaseIdParams = Type.Object({ caseId: Uuid });
export const BundleMembershipView = Type.Object({
  id: Uuid,
  number: Type.String(),
  bundleCode: Type.String(),
  name: Type.String(),
  nameEn: Type.String(),
  status: Type.String(),
  itemCode: Type.String(),
  stage: Type.Integer({ minimum: 0 }),
  stageName: Type.Union([Bilingual, Type.Null()]),
  mandatory: Type.Boolean(),
  withdrawableAlone: Type.Boolean({ description: 'whether the applicant may withdraw this item without the rest of the bundle now' }),
});
export type BundleMembershipViewT = Static<typeof BundleMembershipView>;
export const BundleCardsQuery = Type.Object({ regionCode: Type.Optional(Type.String({ pattern: REGION_CODE, description: 'a region within the caller’s; default the caller’s own' })) });
export const BundleCardView = Type.Object({
  id: Uuid,
  number: Type.String(),
  regionCode: Type.String(),
  bundleCode: Type.String(),
  name: Type.String(),
  nameEn: Type.String(),
  applicantName: Type.String(),
  acceptedAt: Type.String({ format: 'date-time' }),
  dueAt: Type.String({ format: 'date-time' }),
  remainingWorkingDays: Type.Number({ description: 'working days left; once overdue, minus the working time past due' }),
  card: Type.Union([Type.Literal('red'), Type.Literal('yellow')]),
});
export type BundleCardViewT = Static<typeof BundleCardView>;
export const BundleEventView = Open({ seq: Type.Integer(), at: Type.String(), action: Type.String(), toState: Type.String(), hash: Type.String() });
export const BundleChainReportView = Open({ bundlesChecked: Type.Integer(), eventsChecked: Type.Integer(), broken: Type.Array(Type.Unknown()) });
