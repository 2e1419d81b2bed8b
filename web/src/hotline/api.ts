import type { FiguresView, OrderDetail, OrderSummary } from '../../../src/modules/hotline/contract.js';
import { api } from '../api.js';
import type { Region } from '../types.js';

export type Order = OrderSummary;
export type Detail = OrderDetail;
export type Figures = FiguresView;
export interface Subject { code: string; parentCode: string | null; name: string; nameEn: string; departmentShort: string | null }
export interface KbEntry { id: string; question: string; answer: string; itemCode: string | null }

const P = '/api/v1/hotline';
export const listOrders = (view: 'desk' | 'inbox' | 'mine' | 'all', signal?: AbortSignal, state?: string) => api.get<Order[]>(`${P}/orders`, { signal, query: { view, limit: 100, ...(state ? { state } : {}) } });
export const getOrder = (id: string, signal?: AbortSignal) => api.get<Detail>(`${P}/orders/${encodeURIComponent(id)}`, { signal });
export const subjects = (signal?: AbortSignal) => api.get<Subject[]>(`${P}/subjects`, { signal });
export const searchKb = (q: string) => api.get<KbEntry[]>(`${P}/kb`, { query: { q, limit: 10 } });
export const fileOrder = (body: Record<string, unknown>) => api.post<Order>(`${P}/orders`, body);
export const act = (id: string, action: string, body: unknown = {}) => api.post<Order>(`${P}/orders/${encodeURIComponent(id)}/${action}`, body);
export const duplicates = (id: string) => api.get<{ id: string; number: string; title: string }[]>(`${P}/orders/${encodeURIComponent(id)}/duplicates`);
export const figures = (query: { regionCode?: string; from?: string; to?: string }, signal?: AbortSignal) => api.get<Figures>(`${P}/figures`, { signal, query });
export const cards = (signal?: AbortSignal) => api.get<{ id: string; number: string; card: string; dueAt: string; category: string; state: string }[]>(`${P}/cards`, { signal, query: { limit: 100 } });
export const rate = (r: number | null) => (r === null ? '—' : `${(r * 100).toFixed(1)}%`);
export const regions = (signal?: AbortSignal) => api.get<Region[]>('/api/v1/regions', { signal });
export interface Department { id: string; code: string; name: string; regionCode: string }
export const departments = (signal?: AbortSignal) => api.get<Department[]>('/api/v1/departments', { signal });
