import { defineErrors } from '../../platform/errors.js';

export const ledgerErrors = defineErrors({
  LEDGER_DOCUMENT_UNREADABLE: { status: 400, zh: '文件无法读取或没有可识别的任务', en: 'The file cannot be read or contains no recognisable task' },
  LEDGER_DOCUMENT_TOO_LARGE: { status: 413, zh: '文件过大(上限 5 MB)', en: 'The file is too large (limit 5 MB)' },
  LEDGER_DRAFT_NOT_FOUND: { status: 404, zh: '导入草稿不存在', en: 'Import draft not found' },
  LEDGER_DRAFT_CLOSED: { status: 409, zh: '该导入草稿已确认或已放弃,不能再修改', en: 'This import draft was already confirmed or discarded' },
  LEDGER_DRAFT_STALE: { status: 409, zh: '草稿已被他人修改,请刷新后重试', en: 'The draft was changed by someone else; reload and try again' },
  LEDGER_DRAFT_INVALID: { status: 400, zh: '草稿中的任务有误,请按提示修改', en: 'Some tasks in the draft are invalid; see the details' },
  LEDGER_TASK_NOT_FOUND: { status: 404, zh: '任务不存在', en: 'Task not found' },
  LEDGER_UNIT_NOT_FOUND: { status: 404, zh: '单位不存在', en: 'Unit not found' },
  LEDGER_UNIT_EXISTS: { status: 409, zh: '单位名称或别名已登记', en: 'The unit name or alias is already registered' },
  LEDGER_UNIT_NOT_UNKNOWN: { status: 409, zh: '该单位名称不是此草稿中的未登记单位', en: 'This name is not an unregistered unit of the draft' },
  LEDGER_DEPARTMENT_OUT_OF_SCOPE: { status: 403, zh: '只能关联本辖区的部门', en: 'Only a department of your own region can be linked' },
  LEDGER_UNIT_MERGE_SELF: { status: 400, zh: '不能将单位并入其自身', en: 'A unit cannot be merged into itself' },
  LEDGER_NOT_TASK_OWNER: { status: 403, zh: '该单位不是此任务的牵头或责任单位', en: 'This unit is not a lead or responsible unit of the task' },
  LEDGER_NOT_UNIT_STAFF: { status: 403, zh: '您不属于该单位,不能代其报送或答复', en: 'You do not belong to this unit and cannot report or answer for it' },
  LEDGER_TARGET_NOT_OF_TASK: { status: 400, zh: '报送的数据所对应的目标不属于此任务', en: 'A reported figure refers to a target of another task' },
  LEDGER_PERIOD_INVALID: { status: 400, zh: '期次格式应为 YYYY-MM 或 YYYY-Qn', en: 'Period must be YYYY-MM or YYYY-Qn' },
  LEDGER_ORDER_NOT_FOUND: { status: 404, zh: '督办单不存在', en: 'Supervision order not found' },
  LEDGER_ORDER_STATE: { status: 409, zh: '督办单当前状态不允许此操作', en: 'The supervision order is not in a state that allows this' },
});
