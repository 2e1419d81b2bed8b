import { defineErrors } from '../../platform/errors.js';

export const creditErrors = defineErrors({
  CREDIT_LISTED: { status: 409, zh: '申请人在失信名单中,不能适用告知承诺或容缺受理,请按一般程序提交全部材料', en: 'The applicant is on a list of dishonesty and cannot use a pledge (告知承诺) or acceptance with deficiency (容缺受理); submit every material under the ordinary procedure' },
  CREDIT_IMPORT_INVALID: { status: 422, zh: '导入的名单有错误,未导入任何记录;请按行号更正后重新导入', en: 'The list has errors and nothing was imported; correct the rows listed and import again' },
  CREDIT_FORBIDDEN: { status: 403, zh: '无权管理该地区的信用记录', en: 'You may not manage credit records of this region' },
});
