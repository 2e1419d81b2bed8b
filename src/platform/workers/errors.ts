import { defineErrors } from '../errors.js';

export const workErrors = defineErrors({
  WORK_INPUT_TOO_LARGE: {
    status: 413,
    zh: '文件过大,超过了处理上限',
    en: 'The file is larger than the processing limit',
  },
  WORK_TIMEOUT: {
    status: 422,
    zh: '文件处理超过了时间上限,文件可能过于复杂,请拆分后重试',
    en: 'Processing the file exceeded the time limit; the file may be too complex, split it and try again',
  },
  WORK_TOO_COMPLEX: {
    status: 422,
    zh: '文件处理超过了内存上限,文件可能过于复杂,请拆分后重试',
    en: 'Processing the file exceeded the memory limit; the file may be too complex, split it and try again',
  },
  WORK_BUSY: {
    status: 503,
    zh: '服务器正忙于处理其他文件,请稍后再试',
    en: 'The server is busy processing other files; try again shortly',
  },
});
