import { defineErrors } from '../../platform/errors.js';

export const catalogErrors = defineErrors({
  CATALOG_ITEM_NOT_FOUND: { status: 404, zh: '政务服务事项不存在', en: 'Service item not found' },
  CATALOG_VERSION_NOT_FOUND: { status: 404, zh: '该事项没有此发布版本', en: 'This item has no such published version' },
  CATALOG_ITEM_INVALID: { status: 400, zh: '事项要素不符合要求，详见各字段说明', en: 'The item is not valid; see the problems by field' },
  CATALOG_CODE_TAKEN: { status: 409, zh: '事项编码已被使用', en: 'The item code is already used' },
  CATALOG_CODE_IMMUTABLE: { status: 400, zh: '事项编码创建后不能修改', en: 'An item code cannot change after creation' },
  CATALOG_NO_DRAFT: { status: 409, zh: '该事项没有待发布的草稿', en: 'The item has no draft to publish' },
  CATALOG_NOT_PUBLISHED: { status: 409, zh: '该事项尚未发布', en: 'The item has not been published' },
  CATALOG_ITEM_SUSPENDED: { status: 409, zh: '该事项已暂停办理，暂不受理新的申请', en: 'This item is suspended and takes no new applications' },
  CATALOG_NOT_SUSPENDED: { status: 409, zh: '该事项未处于暂停状态', en: 'The item is not suspended' },
  CATALOG_IMPORT_INVALID: { status: 400, zh: '导入文件有错误，未导入任何事项', en: 'The import has errors; nothing was imported' },
  CATALOG_XLSX_UNREADABLE: { status: 400, zh: '无法读取该 Excel 文件', en: 'The Excel file cannot be read' },
});
