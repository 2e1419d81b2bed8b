// 一件事 bundles as the pages use them. The shapes mirror getPublishedBundle, planBundle and getBundleCase in
// src/modules/workflow/service.ts (the contract leaves them open), written out for the same reason as caseApi.
import type { BundleCardViewT, BundleMembershipViewT } from '../../../src/modules/workflow/contract.js';
import { api } from '../api.js';
import type { Card, CaseState, MaterialInput } from './caseApi.js';
import type { FormField } from '../types.js';

type Label = { zh: string; en: string };

export interface Question {
  key: string;
  text: Label;
  type: 'boolean' | 'choice' | 'number';
  options?: { value: string; label: Label }[];
  unit?: string;
  min?: number;
  max?: number;
  help?: Label;
}

/** A published bundle as the portal lists and searches them (listPublishedBundles). */
export interface BundleSummary {
  code: string;
  version: number;
  name: string;
  nameEn: string;
  slogan: string | null;
  regionCode: string;
  audiences: ('person' | 'enterprise')[];
  limitDays: number | null;
  stageCount: number;
  itemCount: number;
}

export interface PublishedBundle {
  version: number;
  definition: {
    code: string;
    name: string;
    nameEn: string;
    slogan?: string;
    regionCode: string;
    audiences: ('person' | 'enterprise')[];
    limit: { days: number } | null;
    limitRules: unknown[];
    fee?: { amountFen: number };
    questions: Question[];
    stages: { key: string; name: Label; limit?: { days: number }; items: { itemCode: string; mandatory: boolean; when?: unknown; note?: string }[] }[];
    delivery: { window: string; note?: string };
  };
  items: { code: string; name: string; departmentCode: string; promisedLimit: number | null }[];
}

export interface JointMaterial {
  index: number;
  name: string;
  form: string;
  count: number;
  required: boolean;
  deficiencyAllowed: boolean;
  suppliedBy: string | null;
  /** A material an e-licence of this type proves (the applicant may choose their own licence instead of a file). */
  licenceType?: string;
}

export interface BundlePlan {
  items: { itemCode: string; name: string; departmentCode: string; stage: number; stageName: Label; mandatory: boolean; promisedLimit: number | null }[];
  form: (FormField & { feeds: unknown[] })[];
  materials: JointMaterial[];
  limit: { days: number | null; derived?: boolean } | null;
  results: { itemCode: string; itemName: string; kind: string; name: string; licenceType?: string }[];
  delivery: { window?: string } | null;
}

export type Answers = Record<string, boolean | number | string>;

export interface BundleCase {
  id: string;
  number: string;
  bundleCode: string;
  name: string;
  nameEn: string;
  applicantName: string;
  applicantIdMasked: string;
  status: 'submitted' | 'running' | 'concluded' | 'delivered' | 'withdrawn';
  outcome: string | null;
  submittedAt: string;
  acceptedAt: string | null;
  concludedAt: string | null;
  deliveredAt: string | null;
  clock: { limitDays: number | null; derived: boolean; due: string | null; remainingWorkingDays: number | null; card: Card | null };
  stages: { index: number; key: string; name: Label; limitDays: number | null; status: string }[];
  children: {
    itemCode: string;
    itemName: string;
    stage: number;
    mandatory: boolean;
    status: string;
    case: { id: string; number: string; state: CaseState; dueAt: string | null; card: Card | null } | null;
  }[];
  abilities: ('accept' | 'deliver' | 'withdraw')[];
}

export interface BundleCaseSummary {
  id: string;
  number: string;
  bundleCode: string;
  name: string;
  applicantName: string;
  status: BundleCase['status'];
  outcome: string | null;
  submittedAt: string;
  dueAt: string | null;
}

const code = (c: string) => encodeURIComponent(c);
export const listBundles = (query: { q?: string; regionCode?: string }, signal?: AbortSignal, timeoutMs?: number) =>
  api.get<BundleSummary[]>('/api/v1/bundles', { signal, query, timeoutMs });
export const loadBundle = (c: string, signal?: AbortSignal) => api.get<PublishedBundle>(`/api/v1/bundles/${code(c)}`, { signal });
export const planBundle = (c: string, answers: Answers) => api.post<BundlePlan>(`/api/v1/bundles/${code(c)}/plan`, { answers });
export const applyBundle = (c: string, body: { answers: Answers; form: Record<string, unknown>; materials: ({ material: number } & Omit<MaterialInput, 'requirement'>)[]; channel: 'online' | 'mobile' | 'window' }) =>
  api.post<BundleCase>(`/api/v1/bundles/${code(c)}/apply`, body);
export const loadBundleCase = (id: string, signal?: AbortSignal) => api.get<BundleCase>(`/api/v1/bundle-cases/${encodeURIComponent(id)}`, { signal });
/** A running 联办件 whose own clock is yellow or red (src/modules/workflow/contract.ts BundleCardView). */
export type BundleCardRow = BundleCardViewT;
export const listBundleCards = (regionCode: string | undefined, signal?: AbortSignal) =>
  api.get<BundleCardRow[]>('/api/v1/supervise/bundle-cards', { signal, query: { regionCode } });
export const listBundleCases = (signal?: AbortSignal) => api.get<BundleCaseSummary[]>('/api/v1/bundle-cases', { signal, query: { limit: 100 } });

export type BundleMembership = BundleMembershipViewT;
/** The 一件事 a case was filed under, or null for a case of its own. */
export const loadBundleOf = (caseId: string, signal?: AbortSignal) =>
  api.get<BundleMembership | null>(`/api/v1/bundle-cases/by-case/${encodeURIComponent(caseId)}`, { signal });
