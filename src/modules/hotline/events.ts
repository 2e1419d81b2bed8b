import { defineEventLog } from '../../platform/event-log/index.js';
import { hotlineEvents, hotlineOrders } from './schema.js';

/** 工单过程记录: one SM3 chain per work order, its head on the order row; `tongban verify` checks it as kind hotline_order. */
export const hotlineLog = defineEventLog({ kind: 'hotline_order', owner: hotlineOrders, events: hotlineEvents, ownerKey: 'orderId', label: hotlineOrders.number });
