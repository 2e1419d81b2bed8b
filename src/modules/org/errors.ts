import { defineErrors } from '../../platform/errors.js';

export const orgErrors = defineErrors({
  ID_NUMBER_INVALID: { status: 400, zh: '身份证号码无效(格式、出生日期或校验码错误)', en: 'Invalid resident ID number (format, birth date or check digit)' },
  CREDIT_CODE_INVALID: { status: 400, zh: '统一社会信用代码无效(格式或校验码错误)', en: 'Invalid unified social credit code (format or check character)' },
  MOBILE_INVALID: { status: 400, zh: '手机号码格式不正确', en: 'Invalid mobile number' },
  PASSWORD_TOO_WEAK: { status: 400, zh: '密码不符合要求:至少 10 位,不能是常见密码,也不能包含姓名、证件号码或手机号码等易猜内容(可用几个不相关的词加数字和符号)', en: 'Password refused: at least 10 characters, not a common password, and not built from your name, ID number or phone (try several unrelated words with digits and symbols)' },
  ACCOUNT_EXISTS: { status: 409, zh: '该账号已注册', en: 'This account is already registered' },
  APPLICANT_PASSWORD_NOT_ADMIN: { status: 400, zh: '申请人的密码只能由本人通过短信验证码重置', en: 'An applicant’s password can only be reset by the applicant with an SMS code' },
  IDENTITY_MISMATCH: { status: 400, zh: '实名认证未通过:身份信息与认证凭证不一致', en: 'Identity verification failed: the identity and the proof do not match' },
  IDENTITY_REQUIRED: { status: 403, zh: '请先完成实名认证', en: 'Please verify your identity (实名认证) first' },
  LOGIN_FAILED: { status: 401, zh: '账号或密码错误', en: 'Wrong account or password' },
  ACCOUNT_LOCKED: { status: 423, zh: '尝试次数过多,该账号已锁定 15 分钟', en: 'Too many attempts; the account is locked for 15 minutes' },
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
