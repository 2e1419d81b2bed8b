import { defineErrors } from '../../platform/errors.js';

export const orgErrors = defineErrors({
  ID_NUMBER_INVALID: { status: 400, zh: '身份证号码无效(格式、出生日期或校验码错误)', en: 'Invalid resident ID number (format, birth date or check digit)' },
  CREDIT_CODE_INVALID: { status: 400, zh: '统一社会信用代码无效(格式或校验码错误)', en: 'Invalid unified social credit code (format or check character)' },
  MOBILE_INVALID: { status: 400, zh: '手机号码格式不正确', en: 'Invalid mobile number' },
  PASSWORD_TOO_WEAK: { status: 400, zh: '密码至少 8 位,且须包含字母、数字、符号中的至少两类', en: 'Password must be at least 8 characters and mix at least two of letters, digits and symbols' },
  ACCOUNT_EXISTS: { status: 409, zh: '该账号已注册', en: 'This account is already registered' },
  LOGIN_FAILED: { status: 401, zh: '账号或密码错误', en: 'Wrong account or password' },
  ACCOUNT_LOCKED: { status: 423, zh: '登录失败次数过多,账号已锁定 15 分钟', en: 'Too many failed logins; the account is locked for 15 minutes' },
  ACCOUNT_DISABLED: { status: 403, zh: '账号已停用', en: 'This account is disabled' },
  REGION_NOT_FOUND: { status: 404, zh: '行政区划不存在', en: 'Region not found' },
  REGION_CODE_INVALID: { status: 400, zh: '行政区划代码不符合 GB/T 2260(6、9 或 12 位数字)', en: 'Region code must follow GB/T 2260 (6, 9 or 12 digits)' },
  REGION_PARENT_MISMATCH: { status: 400, zh: '上级行政区划与代码层级不符', en: 'The parent region does not match the code level' },
  REGION_EXISTS: { status: 409, zh: '行政区划代码已存在', en: 'Region code already exists' },
  DEPARTMENT_NOT_FOUND: { status: 404, zh: '部门不存在', en: 'Department not found' },
  DEPARTMENT_EXISTS: { status: 409, zh: '部门代码已存在', en: 'Department code already exists' },
  USER_NOT_FOUND: { status: 404, zh: '用户不存在', en: 'User not found' },
  ROLE_SCOPE_REQUIRED: { status: 400, zh: '工作人员角色须指定所属行政区划;窗口、审批人员还须指定部门', en: 'Staff roles need a region; window clerks and approvers also need a department' },
  ROLE_NOT_STAFF: { status: 400, zh: '管理员只能创建工作人员账号', en: 'Admins create staff accounts only' },
});
