import { defineErrors } from '../../platform/errors.js';

export const licenceErrors = defineErrors({
  LICENCE_NOT_FOUND: { status: 404, zh: '未找到该电子证照', en: 'No such e-licence' },
  LICENCE_TYPE_UNKNOWN: { status: 400, zh: '证照类型不存在', en: 'Unknown licence type' },
  LICENCE_NOT_USABLE: { status: 400, zh: '电子证照不能用作该材料:证照不存在、不属于申请人、类型不符,或已撤销、已过期', en: 'The e-licence cannot serve as this material: it does not exist, is not the applicant’s, is of another type, or has been revoked or has expired' },
  LICENCE_ALREADY_REVOKED: { status: 409, zh: '该电子证照已撤销', en: 'This e-licence has already been revoked' },
  LICENCE_REVOKE_FORBIDDEN: { status: 403, zh: '只有发证部门的审批人员或本地区管理员可以撤销该证照', en: 'Only an approver of the issuing department or an administrator of its region may revoke this licence' },
  LICENCE_HOLDER_INVALID: { status: 400, zh: '持证主体的身份证号码或统一社会信用代码无效', en: 'The holder’s ID number or credit code is not valid' },
  LICENCE_REASON_REQUIRED: { status: 400, zh: '请填写撤销原因', en: 'Give the reason for the revocation' },
  LICENCE_SIGNATURE_INVALID: { status: 409, zh: '该电子证照的签名校验不通过,不能下载验签文件,请联系发证部门', en: 'This e-licence’s signature does not verify, so no verifiable file can be downloaded; contact the issuing department' },
});
