import { defineErrors } from '../../platform/errors.js';

export const routingErrors = defineErrors({
  ROUTING_SYSTEM_NOT_FOUND: { status: 404, zh: '未找到该部门业务系统', en: 'No such department system' },
  ROUTING_FORBIDDEN: { status: 403, zh: '无权管理该部门或地区的业务系统', en: 'You may not manage department systems of this department or region' },
  ROUTING_ENDPOINT_INVALID: { status: 400, zh: '接收地址须为 http 或 https 网址', en: 'The endpoint must be an http or https URL' },
  ROUTING_TAKEOVER_INVALID: { status: 400, zh: '承接的事项或环节不存在,或该环节不属于本部门', en: 'An item or step taken over does not exist or is not this department’s' },
  ROUTING_TAKEOVER_CONFLICT: { status: 409, zh: '该事项环节已由本部门另一个在用的业务系统承接', en: 'Another active system of the department already takes over this item’s steps' },
  ROUTING_SYSTEM_STATE_CONFLICT: { status: 409, zh: '该业务系统当前状态不允许此操作', en: 'The department system is not in a state that allows this' },
  ROUTING_GRACE_INVALID: { status: 400, zh: '旧密钥宽限期须在 0 到 30 天之间', en: 'The old key’s grace period must be between 0 and 30 days' },
  ROUTING_DELIVERY_NOT_FOUND: { status: 404, zh: '未找到该分发消息', en: 'No such delivery' },
  ROUTING_DELIVERY_NOT_DEAD: { status: 409, zh: '只有进入死信队列的消息可以重发', en: 'Only a dead-lettered delivery can be replayed' },
  ROUTING_SIGNATURE_INVALID: { status: 401, zh: '部门业务系统签名无效或已过期', en: 'The department system’s signature is missing, invalid or expired' },
  ROUTING_STEP_NOT_HELD: { status: 409, zh: '该办件环节未分发给本业务系统,或已不在该环节', en: 'This case’s step is not held by this system, or the case has left it' },
  ROUTING_CALLBACK_IN_PROGRESS: { status: 409, zh: '同一消息编号的回调正在处理,请稍后重试', en: 'A callback with this message id is still being applied; retry shortly' },
  ROUTING_CALLBACK_INVALID: { status: 400, zh: '回调内容不完整:退回须写明退回环节和理由,不予须写明理由', en: 'The callback is incomplete: a return needs the step to return to and a reason, a denial needs a reason' },
  ROUTING_LINK_INVALID: { status: 404, zh: '材料链接无效或已过期', en: 'The material link is invalid or has expired' },
});
