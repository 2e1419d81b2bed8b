import { defineErrors } from '../../platform/errors.js';

export const calendarErrors = defineErrors({
  CALENDAR_NOTICE_UNREADABLE: { status: 400, zh: '节假日通知中有无法识别的内容,请修改后重新预览,未保存任何日期', en: 'The holiday notice has parts that could not be read; fix them and preview again. Nothing was stored' },
  CALENDAR_PREVIEW_STALE: { status: 409, zh: '通知内容与预览时不一致,请重新预览后再确认', en: 'The notice differs from the one previewed; preview it again before confirming' },
  CALENDAR_DATE_INVALID: { status: 400, zh: '日期无效,应为 YYYY-MM-DD', en: 'Invalid date; use YYYY-MM-DD' },
  CALENDAR_INSTANT_INVALID: { status: 400, zh: '时间无效,应为带时区的 ISO 8601 时间,如 2026-09-21T10:00:00+08:00', en: 'Invalid time; use ISO 8601 with an offset, e.g. 2026-09-21T10:00:00+08:00' },
  CALENDAR_LIMIT_INVALID: { status: 400, zh: '时限应为不小于 0 的工作日数', en: 'The limit must be a number of working days, 0 or more' },
  CALENDAR_OUT_OF_RANGE: { status: 400, zh: '日期超出工作日历范围(1970—2199 年)', en: 'The date is outside the working-day calendar (1970–2199)' },
  CALENDAR_YEAR_INVALID: { status: 400, zh: '年份无效', en: 'Invalid year' },
  CALENDAR_REGION_INVALID: { status: 400, zh: '行政区划代码无效(全国为 000000,其他按 GB/T 2260)', en: 'Invalid region code (000000 for national, otherwise GB/T 2260)' },
  CALENDAR_OFFICE_HOURS_INVALID: { status: 400, zh: '办公时间无效:时段须为 HH:MM,按时间先后排列且互不重叠', en: 'Invalid office hours: periods must be HH:MM, in order and not overlapping' },
});
