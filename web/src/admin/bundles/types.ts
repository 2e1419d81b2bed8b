// The bundle definition as the admin API sends it, after src/modules/workflow/contract.ts (BundleDefinition).
// Written out here because that contract is server code; fields the editor does not touch ride along untouched.

export interface Bilingual {
  zh: string;
  en: string;
}

export interface SourceRef {
  ref: string;
  quote?: string;
}

export interface Limit {
  days: number;
  source: SourceRef;
}

export type QuestionType = 'boolean' | 'choice' | 'number';

export interface Question {
  key: string;
  text: Bilingual;
  type: QuestionType;
  options?: { value: string; label: Bilingual }[];
  unit?: string;
  min?: number;
  max?: number;
  help?: Bilingual;
}

export type AnswerValue = boolean | number | string;

export interface Test {
  question: string;
  equals?: AnswerValue;
  in?: (string | number)[];
  gt?: number;
  gte?: number;
  lt?: number;
  lte?: number;
}

export type Condition = Test | { all: Test[] } | { any: Test[] } | { not: Test };

export interface StageItem {
  itemCode: string;
  mandatory: boolean;
  when?: Condition;
  note?: string;
}

export interface Stage {
  key: string;
  name: Bilingual;
  leadDepartmentCode?: string;
  limit?: Limit;
  items: StageItem[];
}

export interface LimitRule {
  when: Condition;
  limit: Limit;
  note?: string;
}

export interface FieldMerge {
  key: string;
  label?: Bilingual;
  fields: FieldRef[];
}

export interface Prefill {
  itemCode: string;
  field: string;
  fromItem: string;
  note?: string;
}

export interface MaterialRef {
  itemCode: string;
  name: string;
}

export interface FieldRef {
  itemCode: string;
  field: string;
}

export interface BundleDefinition {
  code: string;
  name: string;
  nameEn: string;
  slogan?: string;
  regionCode: string;
  leadDepartmentCode: string;
  audiences: ('person' | 'enterprise')[];
  limit: Limit | null;
  limitRules: LimitRule[];
  fee?: { amountFen: number; source: SourceRef };
  questions: Question[];
  stages: Stage[];
  onDenial: 'stop' | 'continue';
  form: { merge: FieldMerge[]; prefilled: Prefill[] };
  materials: { merge: { name: string; materials: MaterialRef[] }[]; fromResults: (MaterialRef & { fromItem: string })[] };
  delivery: { window: string; note?: string };
  sources: { about: string; source: SourceRef }[];
}

export interface BundleSummary {
  code: string;
  regionCode: string;
  name: string;
  publishedVersion: number | null;
  draftVersion: number | null;
}

export interface AdminBundle extends BundleSummary {
  draft: BundleDefinition | null;
  published: BundleDefinition | null;
}
