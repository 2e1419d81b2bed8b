import { defineErrors } from '../../platform/errors.js';

export const workflowErrors = defineErrors({
  BUNDLE_NOT_FOUND: { status: 404, zh: '一件事(联办)不存在或未发布', en: 'Bundle not found or not published' },
  BUNDLE_EXISTS: { status: 409, zh: '该编码的一件事已存在', en: 'A bundle with this code already exists' },
  BUNDLE_INVALID: { status: 400, zh: '一件事定义不符合要求', en: 'The bundle definition is not valid' },
  BUNDLE_NO_DRAFT: { status: 409, zh: '该一件事没有待发布的草稿', en: 'The bundle has no draft to publish' },
  BUNDLE_ANSWERS_INVALID: { status: 400, zh: '情景问答填写有误', en: 'The questionnaire answers are not valid' },
  BUNDLE_NOTHING_CHOSEN: { status: 400, zh: '按您的回答,没有需要办理的事项', en: 'Your answers choose no item' },
  BUNDLE_FORM_INVALID: { status: 400, zh: '联办申请表填写有误', en: 'The joint application form has errors' },
  BUNDLE_MATERIAL_SOURCE: { status: 400, zh: '每项材料须且只能给出一种来源:上传文件、复用以往材料或电子证照', en: 'Give each material exactly one source: an uploaded file, an earlier material or an e-licence' },
  BUNDLE_MATERIAL_UNKNOWN: { status: 400, zh: '材料不在本次联办的材料清单中', en: 'The material is not on this bundle application’s list' },
  BUNDLE_MATERIALS_INCOMPLETE: { status: 409, zh: '联办材料不齐全,不能受理', en: 'The joint materials are incomplete; the bundle cannot be accepted' },
  BUNDLE_CASE_NOT_FOUND: { status: 404, zh: '联办件不存在', en: 'Bundle case not found' },
  BUNDLE_CASE_STATE_CONFLICT: { status: 409, zh: '联办件当前状态不允许此操作,请刷新后重试', en: 'The bundle case is no longer in a state that allows this; reload and try again' },
  BUNDLE_CHILD_MANDATORY: { status: 409, zh: '这是一件事中必须办理的事项,不能单独撤回;请撤回整件一件事申请(一窗受理前)', en: 'This item is required by its bundle and cannot be withdrawn on its own; withdraw the whole bundle application (before it is accepted)' },
  BUNDLE_ACTION_FORBIDDEN: { status: 403, zh: '您不能对该联办件执行此操作', en: 'You may not do this on this bundle case' },
});
