import type { Static } from 'typebox';
import type { DrawView, CommitView, ImportView, InspectorList, ItemList, MyTasks, PlanBodyT, PlanList, PlanView, PublicResults, SubjectList } from '../../../src/modules/inspection/contract.js';
import { api } from '../api.js';
import type { Department } from '../types.js';

export type Item = Static<typeof ItemList>['items'][number];
export type Inspector = Static<typeof InspectorList>['items'][number];
export type Subjects = Static<typeof SubjectList>;
export type Plan = Static<typeof PlanView>;
export type Draw = Static<typeof DrawView>;
export type Task = Draw['tasks'][number];
export type MyTask = Static<typeof MyTasks>['items'][number];
export type PublicResult = Static<typeof PublicResults>['items'][number];
export type PlanInput = PlanBodyT;

export const OBJECT_CLASSES = ['enterprise', 'individual', 'cooperative', 'non_market'] as const;
export const OUTCOMES = ['no_problem', 'passed', 'rectify', 'failed', 'case_opened', 'unreachable'] as const;

export interface ImportProblem {
  row: number;
  field: string;
  zh: string;
  en: string;
}

const id = encodeURIComponent;
export const departments = (regionCode: string, signal?: AbortSignal) => api.get<Department[]>('/api/v1/departments', { signal, query: { regionCode } });
export const listItems = (regionCode: string, signal?: AbortSignal) => api.get<Static<typeof ItemList>>('/api/v1/inspection/items', { signal, query: { regionCode } }).then((r) => r.items);
export const createItem = (body: { departmentId: string; code: string; name: string; basis: string; objectClasses: string[]; method: string }) => api.post<Item>('/api/v1/inspection/items', body);
export const listInspectors = (regionCode: string, signal?: AbortSignal) => api.get<Static<typeof InspectorList>>('/api/v1/inspection/inspectors', { signal, query: { regionCode } }).then((r) => r.items);
export const createInspector = (body: { departmentId: string; name: string; certificateNo: string; qualifications?: string[] }) => api.post<Inspector>('/api/v1/inspection/inspectors', body);
export const listSubjects = (q: { regionCode: string; objectClass?: string; limit: number; offset: number }, signal?: AbortSignal) => api.get<Subjects>('/api/v1/inspection/subjects', { signal, query: q });
export const importSubjects = (regionCode: string, file: File) => {
  const form = new FormData();
  form.append('file', file, file.name);
  // A 250,000-row file takes a while to check and store.
  return api.upload<Static<typeof ImportView>>('/api/v1/inspection/subjects/import', form, { query: { regionCode }, timeoutMs: 300_000 });
};
export const listPlans = (regionCode: string, signal?: AbortSignal) => api.get<Static<typeof PlanList>>('/api/v1/inspection/plans', { signal, query: { regionCode } }).then((r) => r.items);
export const createPlan = (body: PlanInput) => api.post<Plan>('/api/v1/inspection/plans', body);
export const commitDraw = (planId: string) => api.post<Static<typeof CommitView>>(`/api/v1/inspection/plans/${id(planId)}/draws`, undefined);
export const getDraw = (drawId: string, signal?: AbortSignal) => api.get<Draw>(`/api/v1/inspection/draws/${id(drawId)}`, { signal });
export const revealDraw = (drawId: string) => api.post<Draw>(`/api/v1/inspection/draws/${id(drawId)}/reveal`, undefined);
export const publishDraw = (drawId: string) => api.post<Draw>(`/api/v1/inspection/draws/${id(drawId)}/publish`, undefined);
export const recordResult = (drawId: string, creditCode: string, body: { outcome: string; evidence: string; inspectedAt?: string }) =>
  api.put<Draw>(`/api/v1/inspection/draws/${id(drawId)}/tasks/${id(creditCode)}/result`, body);
export const myTasks = (signal?: AbortSignal) => api.get<Static<typeof MyTasks>>('/api/v1/inspection/my-tasks', { signal }).then((r) => r.items);
export const publicResults = (q: { regionCode?: string; creditCode?: string; limit?: number }, signal?: AbortSignal) =>
  api.get<Static<typeof PublicResults>>('/api/v1/public/inspection/results', { signal, query: { limit: 100, ...q } }).then((r) => r.items);
