import { defineErrors } from '../../platform/errors.js';

export const ratingErrors = defineErrors({
  RATING_LEVEL_INVALID: { status: 400, zh: '评价等级须为 1(非常不满意)至 5(非常满意)之间的整数', en: 'The level must be a whole number from 1 (very dissatisfied) to 5 (very satisfied)' },
  RATING_OPTION_INVALID: { status: 400, zh: '所选评价选项不属于该评价等级', en: 'A chosen option does not belong to this level' },
  RATING_CASE_NOT_FOUND: { status: 404, zh: '未找到该办件', en: 'No such case' },
  RATING_BUNDLE_NOT_FOUND: { status: 404, zh: '未找到该一件事联办件', en: 'No such bundle case' },
  RATING_NOT_YOURS: { status: 403, zh: '只能评价本人的办件', en: 'You can rate only your own case' },
  RATING_CHANNEL_FORBIDDEN: { status: 403, zh: '您不能通过该渠道评价此办件', en: 'You cannot rate this case through this channel' },
  RATING_STAGE_NOT_REACHED: { status: 409, zh: '该办件尚未到达可评价的环节', en: 'The case has not reached this stage yet' },
  RATING_DUPLICATE: { status: 409, zh: '该办件的此环节已通过此渠道评价过,每个环节每个渠道只能评价一次', en: 'This stage of the case has already been rated through this channel; one rating per stage and channel' },
  RATING_WINDOW_CLOSED: { status: 409, zh: '已超过办结后的补充评价期限', en: 'The period for rating after conclusion has passed' },
  RATING_TOKEN_INVALID: { status: 404, zh: '评价二维码无效', en: 'This rating QR code is not valid' },
  RATING_SUBJECT_NOT_FOUND: { status: 404, zh: '未找到被评价的事项或部门', en: 'No such item or department to rate' },
  RATING_GENERAL_DUPLICATE: { status: 409, zh: '本月已对该事项或部门作过综合点评', en: 'You have already reviewed this item or department this month' },
  RATING_COMMENT_REQUIRED: { status: 400, zh: '差评请选择至少一个原因或填写意见', en: 'A bad rating needs at least one reason or a comment' },
  RECTIFICATION_NOT_FOUND: { status: 404, zh: '未找到该差评整改', en: 'No such rectification' },
  RECTIFICATION_FORBIDDEN: { status: 403, zh: '无权处理该差评整改', en: 'You may not act on this rectification' },
  RECTIFICATION_STATE_CONFLICT: { status: 409, zh: '差评整改当前状态不允许该操作', en: 'The rectification is not in a state that allows this' },
  RECTIFICATION_NOTE_REQUIRED: { status: 400, zh: '请填写说明', en: 'Give a note' },
  APPEAL_PENDING: { status: 409, zh: '申诉复核尚未决定', en: 'An appeal is awaiting decision' },
  APPEAL_ALREADY_MADE: { status: 409, zh: '该差评已申诉过', en: 'This rating has already been appealed' },
  RATING_SETTINGS_INVALID: { status: 400, zh: '评价设置不合理:补充评价期限 1–365 天,核实 0.5–10 个工作日,整改 1–60 个工作日', en: 'Settings out of range: rating period 1–365 days, verification 0.5–10 working days, rectification 1–60 working days' },
});
