/**
 * The worker pool that renders reports off the event loop. When src/platform/workers (branch cpu) lands,
 * renderInWorker is the one function to point at it; nothing else here knows about threads.
 */
import { Piscina } from 'piscina';
import { AppError } from '../../../platform/errors.js';
import type { ReportData } from './data.js';
import type { Rendered } from './render.js';

let pool: Piscina<ReportData, Rendered> | null = null;

function renderPool(): Piscina<ReportData, Rendered> {
  pool ??= new Piscina({
    filename: new URL('./worker.mjs', import.meta.url).href,
    minThreads: 0,
    maxThreads: Number(process.env.TONGBAN_REPORT_THREADS ?? 1),
    idleTimeout: 30_000,
    maxQueue: 8,
  });
  return pool;
}

const TIME_LIMIT_MS = Number(process.env.TONGBAN_REPORT_TIMEOUT_SECONDS ?? 180) * 1000;

export async function renderInWorker(d: ReportData): Promise<Rendered> {
  const p = renderPool();
  if (p.queueSize >= p.options.maxQueue) throw new AppError('SUPERVISION_REPORT_BUSY');
  return p.run(d, { signal: AbortSignal.timeout(TIME_LIMIT_MS) });
}

export async function closeRenderPool(): Promise<void> {
  const p = pool;
  pool = null;
  await p?.destroy();
}
