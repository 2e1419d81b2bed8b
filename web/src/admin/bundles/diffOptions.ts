import type { DiffOptions } from '../catalog/diff.js';

/** Stage order matters (a reorder changes which stage waits for which), so it shows as a change of `stages.order`. */
export const BUNDLE_DIFF: DiffOptions = {
  ordered: true,
  listKeys: {
    stages: 'key',
    'stages.items': 'itemCode',
    questions: 'key',
    'questions.options': 'value',
    'form.merge': 'key',
    'materials.merge': 'name',
    sources: 'about',
  },
};
