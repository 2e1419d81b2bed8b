import { defineErrors } from '../errors.js';

export const eventLogErrors = defineErrors({
  CHECKPOINT_NOT_FOUND: { status: 404, zh: '检查点不存在', en: 'No such checkpoint' },
});
