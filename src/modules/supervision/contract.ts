import { Type, type Static } from 'typebox';

const REGION = Type.String({ pattern: '^[0-9]{6,12}$' });
/** The figures of one period and group, as the statistics, wall and report answers carry them (the web imports these). */
export interface Figures {
  applications: number;
  accepted: number;
  concluded: number;
  rejected: number;
  withdrawn: number;
  /** 按期办结率: on time among concluded cases with a limit. */
  onTimeRate: number | null;
  overdue: number;
  /** Working days past the limit, summed over the overdue cases (calendar module). */
  overdueDays: number;
  /** Average working days used and allowed, over concluded cases with a limit. */
  avgUsedDays: number | null;
  avgLimitDays: number | null;
  /** 网办率: applications made online or on a phone. */
  onlineRate: number | null;
  /** 即办件 share of applications. */
  immediateShare: number | null;
  /** 一次办成: concluded without a correction round. */
  onceDoneRate: number | null;
  /** 零跑腿 and 最多跑一次 among concluded cases (visits recorded at the window). */
  zeroVisitRate: number | null;
  atMostOnceRate: number | null;
  /** 容缺受理 and 告知承诺 use. */
  deficiency: number;
  pledged: number;
}

export interface BundleFigures {
  applications: number;
  concluded: number;
  onTimeRate: number | null;
}

const Loose = (description: string) => Type.Object({}, { additionalProperties: true, description });

export const StatsQuery = Type.Object(
  {
    regionCode: Type.Optional(REGION),
    period: Type.String({ maxLength: 10, description: 'YYYY, YYYY-MM or YYYY-MM-DD' }),
    groupBy: Type.Optional(Type.Union(['region', 'department', 'item', 'channel', 'period'].map((g) => Type.Literal(g)))),
    departmentId: Type.Optional(Type.String({ format: 'uuid' })),
    itemCode: Type.Optional(Type.String({ maxLength: 64 })),
    channel: Type.Optional(Type.Union(['online', 'mobile', 'kiosk', 'window'].map((g) => Type.Literal(g)))),
  },
  { additionalProperties: false },
);
export type StatsQuery = Static<typeof StatsQuery>;

export const RankingQuery = Type.Object(
  { regionCode: Type.Optional(REGION), month: Type.String({ maxLength: 7 }), of: Type.Optional(Type.Union([Type.Literal('department'), Type.Literal('region')])) },
  { additionalProperties: false },
);
export const RegionQuery = Type.Object({ regionCode: Type.Optional(REGION) }, { additionalProperties: false });
export const WeightsBody = Type.Object(
  {
    onTime: Type.Number({ minimum: 0, maximum: 100 }),
    goodRating: Type.Number({ minimum: 0, maximum: 100 }),
    rectification: Type.Number({ minimum: 0, maximum: 100 }),
    online: Type.Number({ minimum: 0, maximum: 100 }),
    hotlineSatisfaction: Type.Number({ minimum: 0, maximum: 100 }),
  },
  { additionalProperties: false },
);
export const GenerateBody = Type.Object({ regionCode: Type.Optional(REGION), month: Type.String({ maxLength: 7 }) }, { additionalProperties: false });
export const MonthParams = Type.Object({ month: Type.String({ maxLength: 7 }) });
export const FileParams = Type.Object({ month: Type.String({ maxLength: 7 }), format: Type.Union([Type.Literal('docx'), Type.Literal('pdf'), Type.Literal('xlsx')]) });
export const ReportIdParams = Type.Object({ id: Type.String({ format: 'uuid' }) });

export const StatsView = Loose('Figures for the period: total, 一件事, and groups when asked');
export const RankingView = Loose('Ranked units with each score explained by its parts');
export const WeightsView = Loose('The weights in force and where they come from');
export const ReportView = Loose('An archived report with the figures it printed');
export const WallView = Loose('Today’s figures for the wall screen');
export const ReportList = Type.Array(Loose('An archived report'));
export const InboxList = Type.Array(Loose('A report sent to the department'));
