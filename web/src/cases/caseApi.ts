// The cases API as the pages use it. The shapes mirror src/modules/cases/contract.ts (CaseSummary, CaseDetail,
// CaseEventView, CardView, FileView, ActionResult, NotificationView); they are written out here because that
// contract imports the server's rules (node:crypto), which a browser type-check cannot follow.
import { api } from '../api.js';
import { loadBundleOf } from './bundleApi.js';
import type { FormField, Material, ServiceItem } from '../types.js';

export type Card = 'green' | 'yellow' | 'red';
export type CaseState =
  | 'submitted' | 'correction_requested' | 'rejected' | 'withdrawn' | 'in_steps' | 'step_correction'
  | 'special_procedure' | 'concluded_approved' | 'concluded_denied' | 'delivered' | 'revoked';
export type Ability =
  | 'review_material' | 'accept' | 'accept_with_deficiency' | 'request_correction' | 'resubmit' | 'reject' | 'withdraw'
  | 'pledge' | 'supply_deficiency' | 'pass_step' | 'return_step' | 'start_special_procedure' | 'end_special_procedure'
  | 'conclude' | 'deliver' | 'verify_pledge' | 'revoke';
type Iso = string | null;

export interface CaseSummary {
  id: string;
  number: string;
  regionCode: string;
  itemId: string;
  itemVersion: number;
  itemName: string;
  channel: string;
  applicantKind: string;
  applicantName: string;
  applicantIdMasked: string;
  state: CaseState;
  currentStep: number | null;
  currentStepName: string | null;
  submittedAt: string;
  acceptedAt: Iso;
  concludedAt: Iso;
  dueAt: Iso;
  card: Card | null;
  paused: boolean;
  pendingDeficiencies: number;
  deficiencyOverdue: boolean;
  version: number;
  abilities: Ability[];
}

export interface CaseDetail extends CaseSummary {
  form: Record<string, unknown>;
  clock: {
    kind: 'acceptance' | 'processing' | null;
    limitDays: number | null;
    startedAt: Iso;
    due: Iso;
    remainingWorkingDays: number | null;
    card: Card | null;
    paused: boolean;
    provisional: boolean;
    closed: { at: string; due: string; usedWorkingDays: number; overdue: boolean } | null;
  };
  requirements: { name: string; required: boolean; deficiencyAllowed: boolean; licenceType?: string }[];
  materials: {
    id: string;
    requirement: number;
    name: string;
    source: string;
    fileHash: string | null;
    size: number | null;
    mime: string | null;
    reference: string | null;
    review: string;
    reviewReason: string | null;
    superseded: boolean;
  }[];
  steps: { idx: number; name: string; departmentId: string; role: string; state: string; startedAt: Iso; finishedAt: Iso; opinion: string | null }[];
  corrections: { id: string; stage: string; items: { requirement: number; name: string; reason: string }[]; requestedAt: string; resolvedAt: Iso }[];
  specialProcedures: { id: string; kind: string; reason: string; expectedDays: number | null; startedAt: string; endedAt: Iso; result: string | null }[];
  commitments: { id: string; requirements: number[]; deadline: string; remindedAt: Iso; overdueAt: Iso; fulfilledAt: Iso }[];
  pledges: { id: string; verificationDueAt: string; verificationState: string; verifiedAt: Iso; note: string | null }[];
  deliveries: { id: string; method: string; receiverName: string; address: string | null; trackingNumber: string | null; deliveredAt: string }[];
  documents: { id: string; kind: string; title: string; createdAt: string }[];
}

export interface CaseEvent {
  seq: number;
  at: string;
  actorId: string | null;
  actorName: string | null;
  role: string;
  action: string;
  fromState: string | null;
  toState: string;
  payload: unknown;
  prevHash: string;
  hash: string;
}

export interface CardRow {
  id: string;
  number: string;
  regionCode: string;
  itemName: string;
  state: string;
  departmentId: string;
  currentStepDepartmentId: string | null;
  dueAt: string;
  yellowAt: string;
  applicantIdMasked: string;
  card: Card;
}

export interface StoredFile {
  id: string;
  sha256: string;
  size: number;
  mime: string;
  name: string;
}

export interface ActionResult {
  case: CaseDetail;
  documentId?: string;
  correctionId?: string;
  procedureId?: string;
  pledgeId?: string;
  deliveryId?: string;
  commitmentDocumentId?: string;
}

export interface Notification {
  id: string;
  caseId: string;
  kind: string;
  title: string;
  body: string;
  createdAt: string;
  readAt: Iso;
  sms: string;
}

/** The published version a case was filed under: its form labels and material list. */
export interface PublishedVersion {
  itemId: string;
  version: number;
  content: ServiceItem;
}

export interface MaterialInput {
  requirement: number;
  fileId?: string;
  licenceNumber?: string;
  materialId?: string;
}

export const caseUrl = (id: string, sub = '') => `/api/v1/cases/${encodeURIComponent(id)}${sub ? `/${sub}` : ''}`;

/** A fresh key per submission attempt: a retry of the same attempt (double click, lost answer) makes one case. */
export function newIdempotencyKey(): string {
  return `web-${crypto.randomUUID()}`;
}

export interface ApplicantInput {
  kind: 'person' | 'enterprise';
  name: string;
  idNumber?: string;
  creditCode?: string;
  mobile?: string;
}

export function applyCase(
  body: { itemId: string; channel: 'online' | 'mobile' | 'window'; form: Record<string, unknown>; materials: MaterialInput[]; applicant?: ApplicantInput },
  key: string,
): Promise<CaseDetail> {
  return api.post<CaseDetail>('/api/v1/cases', body, { headers: { 'Idempotency-Key': key } });
}

export function uploadFile(file: File, signal?: AbortSignal): Promise<StoredFile> {
  const form = new FormData();
  form.append('file', file, file.name);
  return api.upload<StoredFile>('/api/v1/cases/files', form, { signal, timeoutMs: 120_000 });
}

export const loadCase = (id: string, signal?: AbortSignal) => api.get<CaseDetail>(caseUrl(id), { signal });
export const loadEvents = (id: string, signal?: AbortSignal) => api.get<CaseEvent[]>(caseUrl(id, 'events'), { signal });
export const loadVersion = (itemId: string, version: number, signal?: AbortSignal) =>
  api.get<PublishedVersion>(`/api/v1/catalog/items/${encodeURIComponent(itemId)}/versions/${version}`, { signal });

/**
 * A case with what its page shows beside it: the item version it was filed under (the form's labels) and the 一件事
 * it belongs to. Either may fail without taking the page down: the form falls back to its keys, and the server
 * still refuses a withdrawal the bundle does not allow.
 */
export async function loadCasePage(id: string, signal?: AbortSignal) {
  const c = await loadCase(id, signal);
  const [version, bundle] = await Promise.all([
    loadVersion(c.itemId, c.itemVersion, signal).catch(() => undefined),
    loadBundleOf(c.id, signal).catch(() => null),
  ]);
  return { c, version, bundle };
}

/** A material handed in on an earlier case of the same applicant, which a new application may reuse. */
export interface Reusable {
  materialId: string;
  name: string;
  caseNumber: string;
  itemName: string;
}

/** Materials of the applicant's most recent cases, newest first, one per name and content. */
export async function loadReusable(signal: AbortSignal, recent = 10): Promise<Reusable[]> {
  const cases = await api.get<CaseSummary[]>('/api/v1/cases', { signal, query: { limit: 50 } });
  const latest = [...cases].sort((a, b) => b.submittedAt.localeCompare(a.submittedAt)).slice(0, recent);
  const details = await Promise.all(latest.map((c) => loadCase(c.id, signal)));
  const seen = new Set<string>();
  const out: Reusable[] = [];
  for (const c of details) {
    for (const m of c.materials) {
      if (m.superseded || !m.fileHash || m.review === 'faulty' || seen.has(`${m.name}|${m.fileHash}`)) continue;
      seen.add(`${m.name}|${m.fileHash}`);
      out.push({ materialId: m.id, name: m.name, caseNumber: c.number, itemName: c.itemName });
    }
  }
  return out;
}

export const act = <T = ActionResult>(id: string, path: string, body?: unknown) => api.post<T>(caseUrl(id, path), body ?? {});

/** Cases sorted by urgency: red first, then yellow, then green; within a colour the earliest due first. */
export function byUrgency<T extends { card: Card | null; dueAt: string | null }>(rows: readonly T[]): T[] {
  const rank = (c: Card | null) => (c === 'red' ? 0 : c === 'yellow' ? 1 : c === 'green' ? 2 : 3);
  const due = (d: string | null) => (d ? Date.parse(d) : Number.POSITIVE_INFINITY);
  return [...rows].sort((a, b) => rank(a.card) - rank(b.card) || due(a.dueAt) - due(b.dueAt));
}

export type { FormField, Material };
