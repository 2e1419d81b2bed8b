import { Type, type Static } from 'typebox';
import { Body, Paging, RegionCode, Uuid } from '../../platform/contract.js';

const Level = Type.Number({ description: '5 非常满意 · 4 满意 · 3 基本满意 · 2 不满意 · 1 非常不满意 (2 and 1 are 差评)' });
const Options = Type.Array(Type.String({ maxLength: 32 }), { maxItems: 10 });
const Comment = Type.String({ maxLength: 1000 });
export const Stage = Type.Union([Type.Literal('accept'), Type.Literal('conclude')]);

export const CaseParams = Type.Object({ caseId: Uuid });
export const BundleParams = Type.Object({ bundleId: Uuid });
export const RatingParams = Type.Object({ ratingId: Uuid });
export const TokenParams = Type.Object({ token: Type.String({ maxLength: 64 }) });
export const RegionParams = Type.Object({ regionCode: RegionCode });

export const CaseRatingBody = Body({
  channel: Type.Union([Type.Literal('online'), Type.Literal('window'), Type.Literal('supervision')]),
  stage: Stage,
  level: Level,
  options: Type.Optional(Options),
  comment: Type.Optional(Comment),
});
export type CaseRatingBody = Static<typeof CaseRatingBody>;

export const TokenRatingBody = Body({ level: Level, options: Type.Optional(Options), comment: Type.Optional(Comment) });

export const GeneralRatingBody = Body({
  itemCode: Type.Optional(Type.String({ maxLength: 64 })),
  departmentId: Type.Optional(Uuid),
  level: Level,
  options: Type.Optional(Options),
  comment: Type.Optional(Comment),
});

const Nullable = <T extends ReturnType<typeof Type.String>>(t: T) => Type.Union([t, Type.Null()]);
const Str = Type.String();
const NStr = Nullable(Type.String());

export const RatingView = Type.Object({
  id: Str,
  caseId: NStr,
  bundleId: NStr,
  caseNumber: NStr,
  itemCode: Str,
  itemName: Str,
  channel: Str,
  method: Str,
  stage: NStr,
  level: Type.Integer(),
  options: Type.Array(Str),
  comment: NStr,
  active: Type.Boolean(),
  supplementary: Type.Boolean(),
  ratedAt: Str,
  excluded: Type.Boolean(),
  excludedReason: NStr,
  rectification: Type.Union([Type.Object({ state: Str, abilities: Type.Array(Str) }), Type.Null()]),
});

export const CaseRatings = Type.Object({
  caseId: Str,
  caseNumber: Str,
  itemName: Str,
  stages: Type.Array(Type.Object({ stage: Str, problem: NStr })),
  closesAt: NStr,
  items: Type.Array(RatingView),
});

export const TokenSubject = Type.Object({
  caseNumber: Str,
  itemName: Str,
  stage: Str,
  open: Type.Boolean(),
  rated: Type.Union([Type.Object({ level: Type.Integer(), ratedAt: Str }), Type.Null()]),
});
export const PublicRatingView = Type.Object({ stage: Str, level: Type.Integer(), ratedAt: Str });

const Text = Type.Object({ zh: Str, en: Str });
export const RatingOptions = Type.Object({
  levels: Type.Array(Type.Object({ level: Type.Integer(), name: Text, bad: Type.Boolean(), options: Type.Array(Type.Object({ code: Str, zh: Str, en: Str })) })),
});

export const VerifyBody = Body({
  classification: Type.Union([Type.Literal('immediate'), Type.Literal('scheduled'), Type.Literal('explanation')], { description: '立行立改 / 限期整改 / 解释说明' }),
  reply: Type.String({ maxLength: 2000 }),
});
export const RectifyBody = Body({ note: Type.String({ maxLength: 2000 }) });
export const FollowUpBody = Body({ satisfied: Type.Boolean(), note: Type.Optional(Type.String({ maxLength: 1000 })) });
export const AppealBody = Body({ kind: Type.Union([Type.Literal('malicious'), Type.Literal('mistaken')], { description: '恶意差评 / 误评' }), reason: Type.String({ maxLength: 2000 }) });
export const DecideBody = Body({ upheld: Type.Boolean(), reason: Type.String({ maxLength: 2000 }) });
export const EscalationBody = Body({ decision: Type.String({ maxLength: 2000, description: '督办决定 The supervisor’s decision closing the item' }) });

export const RectificationView = Type.Object(
  {
    ratingId: Str,
    regionCode: Str,
    departmentId: Str,
    caseId: NStr,
    caseNumber: NStr,
    itemCode: Str,
    itemName: Str,
    channel: Str,
    stage: NStr,
    level: Type.Integer(),
    options: Type.Array(Str),
    comment: NStr,
    staffNames: Type.Array(Str),
    ratedAt: Str,
    state: Str,
    classification: NStr,
    reply: NStr,
    verifyDueAt: Str,
    verifiedAt: NStr,
    rectifyDueAt: NStr,
    rectifyNote: NStr,
    rectifiedAt: NStr,
    followUpAt: NStr,
    followUpSatisfied: Type.Union([Type.Boolean(), Type.Null()]),
    followUpByKind: NStr,
    followUpNote: NStr,
    reopen: Type.Object({ count: Type.Integer(), at: NStr, reason: NStr }),
    escalation: Type.Object({ at: NStr, decision: NStr, decidedAt: NStr }),
    appeal: Type.Object({ state: Str, kind: NStr, reason: NStr, decisionReason: NStr, decidedAt: NStr }),
    excludedReason: NStr,
    dueAt: NStr,
    missedAt: NStr,
    card: NStr,
    abilities: Type.Array(Str),
  },
  { additionalProperties: true },
);
export const RectificationList = Type.Object({ items: Type.Array(RectificationView) });
export const RectificationQuery = Type.Object({
  state: Type.Optional(Type.Union([Type.Literal('open'), Type.Literal('closed'), Type.Literal('escalated'), Type.Literal('all')])),
  card: Type.Optional(Type.Union([Type.Literal('red'), Type.Literal('yellow')])),
  appeal: Type.Optional(Type.Literal('pending')),
  ...Paging,
});

const Month = Type.String({ pattern: '^\\d{4}-(0[1-9]|1[0-2])$', description: 'YYYY-MM' });
export const FigureQuery = Type.Object({
  regionCode: Type.Optional(RegionCode),
  from: Month,
  to: Month,
  by: Type.Optional(Type.Union([Type.Literal('department'), Type.Literal('region'), Type.Literal('item'), Type.Literal('month')])),
});
export const PublicFigureQuery = Type.Object({ regionCode: RegionCode, from: Month, to: Month });

const Rate = Type.Union([Type.Number(), Type.Null()]);
const FigureFields = {
  ratings: Type.Integer(),
  goodRate: Rate,
  activeGoodRate: Rate,
  unratedRate: Rate,
  bad: Type.Integer(),
  badReplyRate: Rate,
  followUpRate: Rate,
  followUpSatisfiedRate: Rate,
  excluded: Type.Integer(),
  casesConcluded: Type.Integer(),
  casesUnrated: Type.Integer(),
};
export const FigureSet = Type.Object({
  regionCode: Str,
  from: Str,
  to: Str,
  by: Str,
  total: Type.Object(FigureFields),
  groups: Type.Array(Type.Object({ key: Str, name: Text, ...FigureFields })),
});
export const PublicFigures = Type.Object({
  regionCode: Str,
  from: Str,
  to: Str,
  by: Str,
  total: Type.Object(FigureFields),
  groups: Type.Array(Type.Object({ key: Str, name: Text, ...FigureFields })),
  rectifications: Type.Array(
    Type.Object({
      id: Str,
      month: Str,
      departmentName: Text,
      itemName: Str,
      level: Type.Integer(),
      levelName: Text,
      state: Str,
      classification: NStr,
      ratedAt: Str,
      verifiedAt: NStr,
      rectifiedAt: NStr,
      followUpSatisfied: Type.Union([Type.Boolean(), Type.Null()]),
      onTime: Type.Boolean(),
    }),
  ),
});
export const PublicRegions = Type.Object({ items: Type.Array(Type.Object({ code: Str, name: Str, parentCode: NStr, depth: Type.Integer() })) });
export type PublicRegionsT = Static<typeof PublicRegions>;
export const CardList = Type.Object({ items: Type.Array(Type.Object({ departmentId: Str, departmentName: Text, red: Type.Integer(), yellow: Type.Integer(), open: Type.Integer() })) });

export const SettingsBody = Body({
  supplementDays: Type.Integer({ description: '补充评价期限(办结后天数)' }),
  verifyDays: Type.Number({ description: '核实时限(工作日)' }),
  rectifyDays: Type.Number({ description: '限期整改时限(工作日)' }),
});
export const SettingsView = Type.Object({ supplementDays: Type.Integer(), verifyDays: Type.Number(), rectifyDays: Type.Number(), from: NStr });

export type RatingViewT = Static<typeof RatingView>;
export type CaseRatingsT = Static<typeof CaseRatings>;
export type TokenSubjectT = Static<typeof TokenSubject>;
export type RatingOptionsT = Static<typeof RatingOptions>;
export type RectificationViewT = Static<typeof RectificationView>;
export type FigureSetT = Static<typeof FigureSet>;
export type PublicFiguresT = Static<typeof PublicFigures>;
export type CardListT = Static<typeof CardList>;
