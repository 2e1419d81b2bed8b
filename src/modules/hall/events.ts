import { defineEventLog } from '../../platform/event-log/index.js';
import { hallTicketEvents, hallTickets } from './schema.js';

/** 取号、叫号、办理: one SM3 chain per ticket, its head on the ticket row; `tongban verify` checks it as kind hall_ticket. */
export const ticketLog = defineEventLog({ kind: 'hall_ticket', owner: hallTickets, events: hallTicketEvents, ownerKey: 'ticketId', label: hallTickets.number });
