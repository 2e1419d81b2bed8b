import { defineErrors } from '../../platform/errors.js';

export const supervisionErrors = defineErrors({
  SUPERVISION_PERIOD_INVALID: { status: 400, zh: '统计期应为 YYYY、YYYY-MM 或 YYYY-MM-DD', en: 'The period must be YYYY, YYYY-MM or YYYY-MM-DD' },
  SUPERVISION_MONTH_INVALID: { status: 400, zh: '月份应为 YYYY-MM,且不能晚于本月', en: 'The month must be YYYY-MM and not later than this month' },
  SUPERVISION_WEIGHTS_INVALID: { status: 400, zh: '权重须为 0–100 的数,且合计大于 0', en: 'Weights must be numbers from 0 to 100 with a total above 0' },
  SUPERVISION_REPORT_NOT_FOUND: { status: 404, zh: '该月的考核通报尚未生成', en: 'No evaluation report has been generated for this month' },
  SUPERVISION_DELIVERY_NOT_FOUND: { status: 404, zh: '收件箱中没有这份通报', en: 'This report is not in your inbox' },
  SUPERVISION_REPORT_BUSY: { status: 503, zh: '报告生成繁忙,请稍后再试', en: 'Report rendering is busy; try again shortly' },
});
