import { Type, type Static } from 'typebox';
import { Body, RegionCode } from '../../platform/contract.js';

const DateString = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', description: 'local date YYYY-MM-DD (Asia/Shanghai)' });
const Year = Type.Integer({ minimum: 1970, maximum: 2199 });
const Hhmm = Type.String({ pattern: '^([01]\\d|2[0-3]):[0-5]\\d$|^24:00$', description: 'HH:MM, local time' });
export const DayKindSchema = Type.Union([Type.Literal('workday'), Type.Literal('weekend'), Type.Literal('holiday'), Type.Literal('adjusted_workday')]);
const SourceSchema = Type.Union([Type.Literal('seed'), Type.Literal('notice'), Type.Literal('admin')]);
const NullableString = Type.Union([Type.String(), Type.Null()]);
const RegionQuery = Type.Optional({ ...RegionCode, description: 'GB/T 2260 code; 000000 (default) is the national calendar' });

export const DateParams = Type.Object({ date: DateString });
export const RegionOnlyQuery = Type.Object({ regionCode: RegionQuery });

export const DayInfoView = Type.Object({
  date: Type.String(),
  workday: Type.Boolean(),
  kind: DayKindSchema,
  name: NullableString,
  provisional: Type.Boolean({ description: 'the year has not been entered: weekends only' }),
});

export const DueQuery = Type.Object({
  from: Type.String({ minLength: 10, maxLength: 40, description: 'ISO 8601 instant, e.g. 2026-09-21T10:00:00+08:00' }),
  days: Type.Number({ minimum: 0, maximum: 10_000, description: 'limit in working days; decimals allowed (0.5)' }),
  regionCode: RegionQuery,
});

export const DueView = Type.Object({
  due: Type.String({ description: 'ISO 8601 with +08:00' }),
  provisional: Type.Boolean(),
});

export const OfficePeriodSchema = Type.Object({ start: Hhmm, end: Hhmm }, { additionalProperties: false });

export const OfficeHoursView = Type.Object({
  regionCode: Type.String(),
  periods: Type.Array(OfficePeriodSchema),
  inheritedFrom: Type.String({ description: "the region whose setting applies, or 'default'" }),
});

export const RegionParams = Type.Object({ regionCode: RegionCode });
export const SetOfficeHoursBody = Body({ periods: Type.Array(OfficePeriodSchema, { minItems: 1, maxItems: 6 }) });
export const SetOfficeHoursView = Type.Object({ ...OfficeHoursView.properties, recomputedCases: Type.Integer() });

export const DayParams = Type.Object({ regionCode: RegionCode, date: DateString });
export const SetDayBody = Body({
  kind: DayKindSchema,
  name: Type.Optional(Type.Union([Type.String({ maxLength: 40 }), Type.Null()])),
  note: Type.Optional(Type.Union([Type.String({ maxLength: 200 }), Type.Null()])),
});
export const SetDayView = Type.Object({ date: Type.String(), kind: DayKindSchema, recomputedCases: Type.Integer() });

export const MissingYearsQuery = Type.Object({
  regionCode: RegionQuery,
  from: Type.Optional(Year),
  to: Type.Optional(Year),
});
export const MissingYearsView = Type.Object({
  regionCode: Type.String(),
  from: Type.Integer(),
  to: Type.Integer(),
  entered: Type.Array(Type.Integer()),
  missing: Type.Array(Type.Integer(), { description: 'years computed provisionally (weekends only)' }),
});

export const YearParams = Type.Object({ year: Year });
export const YearViewSchema = Type.Object({
  regionCode: Type.String(),
  year: Type.Integer(),
  entered: Type.Boolean(),
  enteredBy: Type.Union([
    Type.Object({ regionCode: Type.String(), source: SourceSchema, sourceRef: NullableString, enteredAt: Type.String() }),
    Type.Null(),
  ]),
  workdays: Type.Integer(),
  officeHours: Type.Array(OfficePeriodSchema),
  days: Type.Array(
    Type.Object({
      date: Type.String(),
      kind: DayKindSchema,
      name: Type.Optional(NullableString),
      regionCode: Type.String(),
      source: SourceSchema,
      sourceRef: NullableString,
    }),
  ),
});

const NoticeFields = {
  year: Year,
  text: Type.String({ minLength: 1, maxLength: 100_000, description: '国务院办公厅 holiday notice as pasted' }),
  regionCode: Type.Optional(RegionCode),
};
export const NoticePreviewBody = Body(NoticeFields);
export const NoticeConfirmBody = Body({ ...NoticeFields, previewHash: Type.String({ minLength: 1, maxLength: 128 }) });

const Problem = Type.Object({ line: Type.Integer(), text: Type.String(), zh: Type.String(), en: Type.String() });
export const NoticePreviewView = Type.Object({
  regionCode: Type.String(),
  year: Type.Integer(),
  titleYear: Type.Union([Type.Integer(), Type.Null()]),
  items: Type.Array(
    Type.Object({ line: Type.Integer(), names: Type.Array(Type.String()), holidays: Type.Array(Type.String()), adjustedWorkdays: Type.Array(Type.String()) }),
  ),
  days: Type.Array(Type.Object({ date: Type.String(), kind: DayKindSchema, name: Type.Optional(NullableString) })),
  holidays: Type.Array(Type.String()),
  adjustedWorkdays: Type.Array(Type.String()),
  problems: Type.Array(Problem, { description: 'lines that could not be read (line 0: the notice as a whole)' }),
  ignored: Type.Array(Type.Object({ line: Type.Integer(), text: Type.String() })),
  previewHash: Type.String(),
  current: Type.Object({ entered: Type.Boolean(), source: Type.Union([SourceSchema, Type.Null()]), sourceRef: NullableString, days: Type.Integer() }),
  confirmable: Type.Boolean(),
});
export const NoticeConfirmView = Type.Object({
  regionCode: Type.String(),
  year: Type.Integer(),
  holidays: Type.Integer(),
  adjustedWorkdays: Type.Integer(),
  recomputedCases: Type.Integer(),
});

export type DueQueryT = Static<typeof DueQuery>;
export type NoticePreviewT = Static<typeof NoticePreviewView>;
