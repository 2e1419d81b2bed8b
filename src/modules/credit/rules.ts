import { sm3 } from '../../platform/crypto.js';
import { maskIdentifier } from '../../platform/validators.js';

/** false_pledge 虚假承诺 (a 告知承诺 found false) · serious_dishonest 严重违法失信名单 · abnormal 经营异常名录. */
export const CREDIT_LISTS = ['false_pledge', 'serious_dishonest', 'abnormal'] as const;
export type CreditList = (typeof CREDIT_LISTS)[number];

/** The 失信 lists that shut a subject out of 告知承诺 and 容缺受理; 经营异常 alone does not. */
export const BLOCKING_LISTS: readonly CreditList[] = ['false_pledge', 'serious_dishonest'];

export const LIST_LABELS: Record<CreditList, { zh: string; en: string }> = {
  false_pledge: { zh: '虚假承诺失信记录', en: 'false pledge' },
  serious_dishonest: { zh: '严重违法失信名单', en: 'list of serious dishonesty' },
  abnormal: { zh: '经营异常名录', en: 'list of abnormal operation' },
};

/** The key a subject is found by: SM3 of its normalized identifier (credit code or ID number). */
export const subjectKeyOf = (identifier: string) => sm3(`credit-subject:${identifier.trim().toUpperCase()}`);
export const maskedOf = (identifier: string) => maskIdentifier(identifier.trim().toUpperCase());
