import { defineErrors } from '../../platform/errors.js';

export const hallErrors = defineErrors({
  HALL_NOT_FOUND: { status: 404, zh: '政务服务大厅不存在', en: 'Service hall not found' },
  HALL_TYPE_NOT_FOUND: { status: 400, zh: '该大厅没有此业务类型', en: 'The hall has no such business type' },
  HALL_TYPE_PREFIX_TAKEN: { status: 409, zh: '该大厅已有相同字母的业务类型', en: 'The hall already has a business type with this letter' },
  HALL_ITEM_UNKNOWN: { status: 400, zh: '业务类型关联的事项不存在或未发布', en: 'A linked catalog item does not exist or is not published' },
  HALL_WINDOW_NOT_FOUND: { status: 404, zh: '窗口不存在', en: 'Window not found' },
  HALL_WINDOW_NUMBER_TAKEN: { status: 409, zh: '该大厅已有相同编号的窗口', en: 'The hall already has a window with this number' },
  HALL_STAFF_INVALID: { status: 400, zh: '窗口人员不存在或不是本辖区的窗口工作人员', en: 'The window’s staff member does not exist or is not a window clerk of the region' },
  HALL_NOT_YOUR_WINDOW: { status: 403, zh: '这不是您值守的窗口', en: 'This is not a window you staff' },
  HALL_WINDOW_BUSY: { status: 409, zh: '窗口还有未办完的号,请先办结、过号或转窗口', en: 'The window still has a ticket in hand; finish, skip or transfer it first' },
  HALL_QUEUE_EMPTY: { status: 409, zh: '当前没有等候的号', en: 'Nobody is waiting for this window' },
  HALL_TICKET_NOT_FOUND: { status: 404, zh: '号票不存在', en: 'Ticket not found' },
  HALL_TICKET_STATE: { status: 409, zh: '号票当前状态不允许此操作', en: 'The ticket is not in a state that allows this' },
  HALL_TRANSFER_TARGET: { status: 400, zh: '只能转到本大厅的其他窗口', en: 'A ticket can only go to another window of the same hall' },
  HALL_CASE_NOT_FOUND: { status: 400, zh: '关联的办件不存在', en: 'The linked case does not exist' },
  HALL_OUT_OF_HOURS: { status: 409, zh: '大厅今日取号已满', en: 'The hall gives no more numbers today' },
  HALL_LIMITS_ORDER: { status: 400, zh: '红色提醒的等候时间须长于黄色提醒', en: 'The red limit must be longer than the yellow limit' },
  HALL_PERIOD_INVALID: { status: 400, zh: '统计期间的结束日期不能早于开始日期', en: 'The period ends before it starts' },
  HALL_STREAMS_FULL: { status: 503, zh: '大屏连接过多,请稍后重试', en: 'Too many display connections; try again shortly' },
});
