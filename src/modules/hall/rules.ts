/** Pure rules of 排队叫号; the service applies them in its transactions. */
import type { TicketStatus } from './schema.js';

export const TICKET_STATUSES = ['waiting', 'called', 'serving', 'done', 'skipped', 'no_show'] as const satisfies readonly TicketStatus[];
export const TICKET_CHANNELS = ['kiosk', 'phone'] as const;
/** A type's numbers run A001 … A999 a day: a hall needing more than that needs a second type. */
export const MAX_PER_DAY = 999;

/** The hall's day: China has one time zone and no daylight saving, so UTC+8 is exact. */
export function hallDay(at: Date): string {
  return new Date(at.getTime() + 8 * 3_600_000).toISOString().slice(0, 10);
}

/** The hour of day in China time (0–23), for the figures by hour. */
export function hallHour(at: Date): number {
  return new Date(at.getTime() + 8 * 3_600_000).getUTCHours();
}

export function ticketNumber(prefix: string, seq: number): string {
  return `${prefix}${String(seq).padStart(3, '0')}`;
}

export type TicketAction = 'recall' | 'start' | 'skip' | 'noShow' | 'transfer' | 'finish';

/** From which statuses a window may act on the ticket in hand. */
const FROM: Record<TicketAction, readonly TicketStatus[]> = {
  recall: ['called'],
  start: ['called'],
  skip: ['called'],
  noShow: ['called'],
  transfer: ['called', 'serving'],
  finish: ['called', 'serving'],
};

export function canAct(action: TicketAction, status: TicketStatus): boolean {
  return FROM[action].includes(status);
}

export type WaitCard = 'green' | 'yellow' | 'red';

export function waitCard(waitedMinutes: number, yellowMinutes: number, redMinutes: number): WaitCard {
  if (waitedMinutes >= redMinutes) return 'red';
  if (waitedMinutes >= yellowMinutes) return 'yellow';
  return 'green';
}

/** The line the hall's speaker reads out; each letter and digit apart, as halls announce them. */
export function voiceText(number: string, windowNumber: number, lang: 'zh' | 'en'): string {
  const spelled = number.split('').join(' ');
  return lang === 'zh' ? `请 ${spelled} 号到 ${windowNumber} 号窗口办理` : `Number ${spelled}, please go to window ${windowNumber}`;
}
