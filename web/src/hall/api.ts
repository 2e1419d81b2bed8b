import type { DeskViewT, DisplayViewT, FiguresViewT, HallViewT, TicketViewT, WaitingViewT, CallViewT } from '../../../src/modules/hall/contract.js';
import { api } from '../api.js';

export type Hall = HallViewT;
export type Ticket = TicketViewT;
export type Desk = DeskViewT;
export type DisplayState = DisplayViewT;
export type Call = CallViewT;
export type Figures = FiguresViewT;
export type Waiting = WaitingViewT;

const id = encodeURIComponent;
export const publicHall = (hallId: string, signal?: AbortSignal) => api.get<Hall>(`/api/v1/public/hall/halls/${id(hallId)}`, { signal });
export const takeTicket = (hallId: string, typeId: string, channel: 'kiosk' | 'phone') => api.post<Ticket>(`/api/v1/public/hall/halls/${id(hallId)}/tickets`, { typeId, channel });
export const publicTicket = (ticketId: string, signal?: AbortSignal) => api.get<Ticket>(`/api/v1/public/hall/tickets/${id(ticketId)}`, { signal });
export const displayState = (hallId: string, signal?: AbortSignal) => api.get<DisplayState>(`/api/v1/public/hall/halls/${id(hallId)}/display`, { signal });
export const eventsUrl = (hallId: string) => `/api/v1/public/hall/halls/${id(hallId)}/events`;
export const myWindows = (signal?: AbortSignal) => api.get<Desk[]>('/api/v1/hall/my-windows', { signal });
export const callNext = (windowId: string) => api.post<Ticket>(`/api/v1/hall/windows/${id(windowId)}/call-next`, {});
export const ticketAction = (ticketId: string, action: 'recall' | 'start' | 'skip' | 'no-show' | 'transfer' | 'finish', body: { windowId?: string; caseId?: string } = {}) =>
  api.post<Ticket>(`/api/v1/hall/tickets/${id(ticketId)}/${action}`, body);
export const halls = (signal?: AbortSignal) => api.get<Hall[]>('/api/v1/hall/halls', { signal });
export const figures = (q: { hallId: string; from: string; to: string }, signal?: AbortSignal) => api.get<Figures>('/api/v1/hall/figures', { signal, query: q });
export const waiting = (hallId: string, signal?: AbortSignal) => api.get<Waiting>(`/api/v1/hall/halls/${id(hallId)}/waiting`, { signal });

/** Today in China time, YYYY-MM-DD. */
export const today = () => new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
