import type { CardListT, CaseRatingsT, FigureSetT, PublicFiguresT, PublicRegionsT, RatingOptionsT, RatingViewT, RectificationViewT, TokenSubjectT } from '../../../src/modules/ratings/contract.js';
import { api } from '../api.js';

export type RatingOptions = RatingOptionsT;
export type CaseRatings = CaseRatingsT;
export type RatingView = RatingViewT;
export type Rectification = RectificationViewT;
export type FigureSet = FigureSetT;
export type PublicFigures = PublicFiguresT;
export type TokenSubject = TokenSubjectT;
export type CardRow = CardListT['items'][number];

export interface RatingInput {
  level: number;
  options: string[];
  comment?: string;
}

export const ratingOptions = (signal?: AbortSignal) => api.get<RatingOptions>('/api/v1/rating-options', { signal });
export const caseRatings = (caseId: string, signal?: AbortSignal) => api.get<CaseRatings>(`/api/v1/cases/${encodeURIComponent(caseId)}/ratings`, { signal });
export const rateCase = (caseId: string, body: RatingInput & { channel: 'online' | 'window' | 'supervision'; stage: 'accept' | 'conclude' }) =>
  api.post<RatingView>(`/api/v1/cases/${encodeURIComponent(caseId)}/ratings`, body);
export const bundleRatings = (bundleId: string, signal?: AbortSignal) => api.get<CaseRatings>(`/api/v1/bundle-cases/${encodeURIComponent(bundleId)}/ratings`, { signal });
export const rateBundle = (bundleId: string, body: RatingInput & { channel: 'online' | 'window' | 'supervision'; stage: 'accept' | 'conclude' }) =>
  api.post<RatingView>(`/api/v1/bundle-cases/${encodeURIComponent(bundleId)}/ratings`, body);
export const tokenSubject = (token: string, signal?: AbortSignal) => api.get<TokenSubject>(`/api/v1/public/ratings/qr/${encodeURIComponent(token)}`, { signal });
export const rateByToken = (token: string, body: RatingInput) => api.post(`/api/v1/public/ratings/qr/${encodeURIComponent(token)}`, body);
export const listRectifications = (query: { state?: string; card?: string; appeal?: string }, signal?: AbortSignal) =>
  api.get<{ items: Rectification[] }>('/api/v1/rectifications', { signal, query: { ...query, limit: 200 } }).then((r) => r.items);
export const rectificationCards = (signal?: AbortSignal) => api.get<CardListT>('/api/v1/rectifications/cards', { signal }).then((r) => r.items);
export const rectificationStep = (ratingId: string, step: 'verify' | 'rectify' | 'follow-up' | 'appeal' | 'appeal/decide' | 'escalation/decide', body: unknown) =>
  api.post<Rectification>(`/api/v1/rectifications/${encodeURIComponent(ratingId)}/${step}`, body);
export const figures = (query: { regionCode?: string; from: string; to: string; by: string }, signal?: AbortSignal) => api.get<FigureSet>('/api/v1/rating-figures', { signal, query });
export const publicRegions = (signal?: AbortSignal) => api.get<PublicRegionsT>('/api/v1/public/ratings/regions', { signal }).then((r) => r.items);
export const publicFigures = (query: { regionCode: string; from: string; to: string }, signal?: AbortSignal) => api.get<PublicFigures>('/api/v1/public/ratings', { signal, query });

/** The current month in China time, YYYY-MM. */
export const currentMonth = () => new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 7);

export const percent = (r: number | null) => (r === null ? '—' : `${(r * 100).toFixed(1)}%`);
