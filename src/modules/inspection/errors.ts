import { defineErrors } from '../../platform/errors.js';

export const inspectionErrors = defineErrors({
  INSPECTION_NOT_FOUND: { status: 404, zh: '未找到该抽查记录', en: 'No such inspection record' },
  INSPECTION_FORBIDDEN: { status: 403, zh: '无权管理该部门或地区的双随机抽查', en: 'You may not manage random inspections of this department or region' },
  INSPECTION_ITEM_DUPLICATE: { status: 409, zh: '该地区已有相同编码的抽查事项', en: 'The region already has an inspection item with this code' },
  INSPECTION_INSPECTOR_DUPLICATE: { status: 409, zh: '该执法证号已在执法检查人员名录库中', en: 'This enforcement certificate number is already in the inspector directory' },
  INSPECTION_CREDIT_CODE_INVALID: { status: 400, zh: '统一社会信用代码不正确', en: 'The unified social credit code is not valid' },
  INSPECTION_IMPORT_INVALID: { status: 422, zh: '导入文件有错误,未导入任何数据;请按行号更正后重新导入', en: 'The file has errors and nothing was imported; correct the rows listed and import again' },
  INSPECTION_IMPORT_UNREADABLE: { status: 400, zh: '无法读取导入文件,请上传 CSV 或 xlsx 文件', en: 'The file cannot be read; upload a CSV or xlsx file' },
  INSPECTION_PLAN_INVALID: { status: 400, zh: '抽查计划不合理:须至少一个部门和一个事项,每个对象至少 2 名执法人员,比例在 0–1 之间', en: 'The plan is not valid: at least one department and one item, at least 2 inspectors per object, ratios between 0 and 1' },
  INSPECTION_TOO_FEW_INSPECTORS: { status: 409, zh: '回避后可抽取的执法检查人员不足', en: 'After recusal there are too few inspectors to draw' },
  INSPECTION_DRAW_STATE_CONFLICT: { status: 409, zh: '该抽取当前状态不允许此操作', en: 'The draw is not in a state that allows this' },
  INSPECTION_NOT_ASSIGNED: { status: 403, zh: '只有被抽中的执法检查人员或本部门可以录入检查结果', en: 'Only the inspectors drawn, or their department, may record the result' },
  INSPECTION_RESULT_MISSING: { status: 409, zh: '尚有检查对象未录入结果', en: 'Some objects have no result yet' },
});
