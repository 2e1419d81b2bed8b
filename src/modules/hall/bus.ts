import { EventEmitter } from 'node:events';
import type { CallViewT } from './contract.js';

/**
 * Calls announced to the hall's displays. In-process: each server process tells the displays connected to it,
 * after the call's transaction has committed. (Several processes behind a balancer would need a shared channel,
 * e.g. PostgreSQL LISTEN/NOTIFY; one process per hall's region is today's deployment.)
 */
const bus = new EventEmitter();
// One listener per open display; a busy hall has dozens of screens and phones.
bus.setMaxListeners(0);

export function announce(hallId: string, call: CallViewT): void {
  bus.emit(hallId, call);
}

export function listen(hallId: string, fn: (call: CallViewT) => void): () => void {
  bus.on(hallId, fn);
  return () => bus.off(hallId, fn);
}

export function listenerCount(hallId: string): number {
  return bus.listenerCount(hallId);
}
