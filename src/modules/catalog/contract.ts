import { Type, type Static } from 'typebox';

/** 权力类型 — the eight kinds of power an item exercises. */
export const POWER_TYPES = [
  'licensing', // 行政许可
  'confirmation', // 行政确认
  'payment', // 行政给付
  'adjudication', // 行政裁决
  'reward', // 行政奖励
  'inspection', // 行政检查
  'other_power', // 其他行政权力
  'public_service', // 公共服务
] as const;
export type PowerType = (typeof POWER_TYPES)[number];

/** 行使层级 — 国/省/市/县/乡/村. */
export const LEVELS = ['national', 'province', 'city', 'county', 'township', 'village'] as const;
export type Level = (typeof LEVELS)[number];

/** 服务对象 — 自然人 / 法人. */
export const AUDIENCES = ['person', 'enterprise'] as const;
export type Audience = (typeof AUDIENCES)[number];

/** 网办深度 — 全程网办 / 网上预审 / 仅线下. */
export const ONLINE_DEPTHS = ['full', 'prereview', 'offline'] as const;
export type OnlineDepth = (typeof ONLINE_DEPTHS)[number];

/** 四办 — 马上办, 网上办, 就近办, 一次办 (seed 002 L9–L14). */
export const FOUR_WAYS = ['immediate', 'online', 'nearby', 'once'] as const;
export type FourWay = (typeof FOUR_WAYS)[number];

/** 通办范围 — 全省通办, 跨省通办. */
export const SCOPES = ['province', 'crossProvince'] as const;
export type Scope = (typeof SCOPES)[number];

export const MATERIAL_FORMS = ['original', 'copy', 'electronic'] as const;
export type MaterialForm = (typeof MATERIAL_FORMS)[number];

export const STEP_ROLES = ['window_clerk', 'approver'] as const;
export type StepRole = (typeof STEP_ROLES)[number];

export const FIELD_TYPES = [
  'text',
  'number',
  'date',
  'select',
  'idNumber',
  'creditCode',
  'phone',
  'address',
  'file',
] as const;
export type FieldType = (typeof FIELD_TYPES)[number];

export const REGION_CODE = '^[0-9]{6}$';
export const DEPARTMENT_CODE = '^[0-9]{6}-[a-z0-9]+$';
export const ITEM_CODE = '^[0-9A-Za-z][0-9A-Za-z-]{3,63}$';
export const LICENCE_TYPE_CODE = '^[a-z][a-z0-9_]{1,63}$';

const Text = (maxLength: number) => Type.String({ minLength: 1, maxLength });
/** Working days; decimals allowed (0.5). `null` = no limit is set by law or published. */
const WorkingDays = Type.Union([Type.Number({ minimum: 0, maximum: 3650 }), Type.Null()]);

export const Bilingual = Type.Object({ zh: Text(200), en: Text(200) }, { additionalProperties: false });

export const FormFieldSchema = Type.Object(
  {
    key: Type.String({ pattern: '^[a-zA-Z][a-zA-Z0-9_]{0,63}$' }),
    label: Bilingual,
    type: Type.Enum(FIELD_TYPES),
    required: Type.Boolean(),
    options: Type.Optional(
      Type.Array(Type.Object({ value: Text(100), label: Bilingual }, { additionalProperties: false }), {
        maxItems: 200,
      }),
    ),
    pattern: Type.Optional(Text(500)),
  },
  { additionalProperties: false },
);
export type FormField = Static<typeof FormFieldSchema>;

export const FormSchemaSchema = Type.Object(
  { fields: Type.Array(FormFieldSchema, { maxItems: 200 }) },
  { additionalProperties: false },
);
export type FormSchema = Static<typeof FormSchemaSchema>;

export const StepSchema = Type.Object(
  {
    name: Text(100),
    departmentCode: Type.String({ pattern: DEPARTMENT_CODE }),
    role: Type.Enum(STEP_ROLES),
    /** Share of the promised limit this step may use; the shares of an item add up to 1. */
    share: Type.Number({ minimum: 0, maximum: 1 }),
  },
  { additionalProperties: false },
);
export type Step = Static<typeof StepSchema>;

export const MaterialSchema = Type.Object(
  {
    name: Text(200),
    form: Type.Enum(MATERIAL_FORMS),
    count: Type.Integer({ minimum: 1, maximum: 99 }),
    required: Type.Boolean(),
    /** 容缺: may be handed in after 受理 (容缺受理). */
    deficiencyAllowed: Type.Boolean(),
    /** An 电子证照 of this type proves the material, so it is not asked for again. */
    licenceType: Type.Optional(Type.String({ pattern: LICENCE_TYPE_CODE })),
    blankForm: Type.Optional(Text(500)),
    sample: Type.Optional(Text(500)),
    note: Type.Optional(Text(500)),
  },
  { additionalProperties: false },
);
export type MaterialRequirement = Static<typeof MaterialSchema>;

/** 特别程序 (公示, 听证, 检测…): time outside the limit; the clock pauses while it runs. */
export const SpecialProcedureSchema = Type.Object(
  {
    name: Text(100),
    days: Type.Union([Type.Number({ minimum: 0, maximum: 3650 }), Type.Null()]),
    /** Calendar days (公示期 "20日") rather than working days. */
    calendarDays: Type.Boolean(),
  },
  { additionalProperties: false },
);
export type SpecialProcedure = Static<typeof SpecialProcedureSchema>;

export const ResultSchema = Type.Object(
  {
    kind: Type.Union([Type.Literal('licence'), Type.Literal('decision')]),
    name: Text(200),
    licenceType: Type.Optional(Type.String({ pattern: LICENCE_TYPE_CODE })),
  },
  { additionalProperties: false },
);
export type ItemResult = Static<typeof ResultSchema>;

export const WindowSchema = Type.Object(
  { name: Text(200), address: Type.Optional(Text(300)), hours: Type.Optional(Text(200)) },
  { additionalProperties: false },
);

export const FeeSchema = Type.Object(
  { amountFen: Type.Integer({ minimum: 0 }), basis: Type.Optional(Text(500)) },
  { additionalProperties: false },
);

/** Where a figure or a rule of the item comes from: `seed:000#L567` or `law:<law> <article>`. */
export const SourceSchema = Type.Object(
  { field: Text(100), ref: Text(300), note: Type.Optional(Text(500)) },
  { additionalProperties: false },
);
export type Source = Static<typeof SourceSchema>;

/** The standard elements of one 政务服务事项 — the content of one version. */
export const ServiceItemSchema = Type.Object(
  {
    code: Type.String({ pattern: ITEM_CODE }),
    standardCode: Type.String({ pattern: ITEM_CODE }),
    name: Text(200),
    nameEn: Type.Optional(Text(300)),
    powerType: Type.Enum(POWER_TYPES),
    legalBasis: Text(4000),
    departmentCode: Type.String({ pattern: DEPARTMENT_CODE }),
    regionCode: Type.String({ pattern: REGION_CODE }),
    level: Type.Enum(LEVELS),
    audiences: Type.Array(Type.Enum(AUDIENCES), { minItems: 1, maxItems: 2, uniqueItems: true }),
    legalLimit: WorkingDays,
    promisedLimit: WorkingDays,
    immediate: Type.Boolean(),
    onlineDepth: Type.Enum(ONLINE_DEPTHS),
    /** 到现场次数; `null` = not published. */
    visits: Type.Union([Type.Integer({ minimum: 0, maximum: 20 }), Type.Null()]),
    fourWays: Type.Array(Type.Enum(FOUR_WAYS), { maxItems: 4, uniqueItems: true }),
    scopes: Type.Array(Type.Enum(SCOPES), { maxItems: 2, uniqueItems: true }),
    fee: FeeSchema,
    conditions: Type.Array(Text(1000), { maxItems: 50 }),
    steps: Type.Array(StepSchema, { maxItems: 30 }),
    materials: Type.Array(MaterialSchema, { maxItems: 100 }),
    pledgeAllowed: Type.Boolean(),
    specialProcedures: Type.Array(SpecialProcedureSchema, { maxItems: 20 }),
    result: ResultSchema,
    windows: Type.Array(WindowSchema, { maxItems: 20 }),
    phones: Type.Object(
      {
        consult: Type.Array(Text(40), { maxItems: 10 }),
        complaint: Type.Array(Text(40), { maxItems: 10 }),
      },
      { additionalProperties: false },
    ),
    form: FormSchemaSchema,
    themes: Type.Array(Text(100), { maxItems: 20 }),
    sources: Type.Array(SourceSchema, { maxItems: 100 }),
  },
  { additionalProperties: false },
);
export type ServiceItem = Static<typeof ServiceItemSchema>;

// ---------------------------------------------------------------- route contracts

const Uuid = Type.String({ format: 'uuid' });
const Limit = Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 20 }));
const Offset = Type.Optional(Type.Integer({ minimum: 0, default: 0 }));

export const ItemIdParams = Type.Object({ id: Uuid });
export const ItemVersionParams = Type.Object({ id: Uuid, version: Type.Integer({ minimum: 1 }) });
export const GuideQuery = Type.Object({ version: Type.Optional(Type.Integer({ minimum: 1 })) });

const FilterProperties = {
  within: Type.Optional(Type.String({ pattern: REGION_CODE, description: '行政区划（含下级）Region and below' })),
  regionCode: Type.Optional(Type.String({ pattern: REGION_CODE })),
  departmentCode: Type.Optional(Type.String({ pattern: DEPARTMENT_CODE })),
  level: Type.Optional(Type.Enum(LEVELS)),
  audience: Type.Optional(Type.Enum(AUDIENCES)),
  theme: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
  fullOnline: Type.Optional(Type.Boolean({ description: '仅全程网办 Fully online only' })),
  code: Type.Optional(Type.Array(Type.String({ pattern: ITEM_CODE }), { maxItems: 100, description: '事项编码（可重复）Item codes, repeatable: the bundle editor looks its items up by code' })),
};

export const SearchQuery = Type.Object({
  q: Type.Optional(Type.String({ maxLength: 100, description: '关键词 Keywords' })),
  ...FilterProperties,
  limit: Limit,
  offset: Offset,
});
export const AdminListQuery = Type.Object({ ...FilterProperties, published: Type.Optional(Type.Boolean()), limit: Limit, offset: Offset });
export const StatsQuery = Type.Object({
  ...FilterProperties,
  groupBy: Type.Optional(Type.Enum(['region', 'department', 'level'] as const)),
});
export const ExportQuery = Type.Object({ ...FilterProperties, format: Type.Optional(Type.Enum(['json', 'xlsx'] as const)) });
export const ImportQuery = Type.Object({ publish: Type.Optional(Type.Boolean({ default: false })) });
export const ImportBody = Type.Object({ items: Type.Array(Type.Unknown(), { minItems: 1, maxItems: 20000 }) }, { additionalProperties: false });
export const SuspendBody = Type.Object({ reason: Type.String({ minLength: 1, maxLength: 500 }) }, { additionalProperties: false });

const NullableNumber = Type.Union([Type.Number(), Type.Null()]);

export const ItemSummaryView = Type.Object({
  id: Uuid,
  code: Type.String(),
  standardCode: Type.String(),
  name: Type.String(),
  regionCode: Type.String(),
  departmentCode: Type.String(),
  level: Type.String(),
  audiences: Type.Array(Type.String()),
  themes: Type.Array(Type.String()),
  onlineDepth: Type.String(),
  immediate: Type.Boolean(),
  visits: Type.Union([Type.Integer(), Type.Null()]),
  legalLimit: NullableNumber,
  promisedLimit: NullableNumber,
  publishedVersion: Type.Union([Type.Integer(), Type.Null()]),
  draftVersion: Type.Union([Type.Integer(), Type.Null()]),
  suspended: Type.Boolean(),
});
export const ItemListView = Type.Object({ items: Type.Array(ItemSummaryView) });

export const PublishedVersionView = Type.Object({
  itemId: Uuid,
  version: Type.Integer(),
  suspended: Type.Boolean(),
  suspendedReason: Type.Union([Type.String(), Type.Null()]),
  publishedAt: Type.String({ format: 'date-time' }),
  content: ServiceItemSchema,
});

export const AdminItemView = Type.Object({
  id: Uuid,
  code: Type.String(),
  name: Type.String(),
  publishedVersion: Type.Union([Type.Integer(), Type.Null()]),
  draftVersion: Type.Union([Type.Integer(), Type.Null()]),
  suspended: Type.Boolean(),
  suspendedReason: Type.Union([Type.String(), Type.Null()]),
  versions: Type.Array(
    Type.Object({
      version: Type.Integer(),
      state: Type.String(),
      createdAt: Type.String({ format: 'date-time' }),
      publishedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
    }),
  ),
  draft: Type.Union([ServiceItemSchema, Type.Null()]),
  published: Type.Union([ServiceItemSchema, Type.Null()]),
});

export const DraftView = Type.Object({ id: Uuid, draftVersion: Type.Integer() });
export const PublishView = Type.Object({ id: Uuid, publishedVersion: Type.Integer() });
export const ImportView = Type.Object({ created: Type.Integer(), updated: Type.Integer() });

/** 办事指南: the item's elements spelled out for applicants (labels in Chinese and English). */
export const GuideView = Type.Object(
  {
    itemId: Uuid,
    version: Type.Integer(),
    suspended: Type.Boolean(),
    suspendedReason: Type.Union([Type.String(), Type.Null()]),
    code: Type.String(),
    name: Type.String(),
  },
  { additionalProperties: true },
);

const Share = Type.Union([Type.Number(), Type.Null()]);
export const StatsFiguresView = Type.Object({
  itemCount: Type.Integer(),
  immediateCount: Type.Integer(),
  immediateShare: Share,
  onlineCount: Type.Integer(),
  onlineShare: Share,
  fullOnlineCount: Type.Integer(),
  fullOnlineShare: Share,
  atMostOnceCount: Type.Integer(),
  atMostOnceShare: Share,
  zeroVisitCount: Type.Integer(),
  zeroVisitShare: Share,
  compressionBase: Type.Integer(),
  averageCompression: Share,
});
export const StatsView = Type.Object({
  total: StatsFiguresView,
  groups: Type.Array(Type.Object({ key: Type.String(), stats: StatsFiguresView })),
});
