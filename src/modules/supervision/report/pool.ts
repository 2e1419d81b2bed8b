/**
 * The worker pool that renders reports off the event loop. When src/platform/workers (branch cpu) lands,
 * renderInWorker is the one function to point at it; nothing else here knows about threads.
 */
import { Piscina } from 'piscina';
import { AppError } from '../../../platform/errors.js';
import type { ReportData } from './data.js';
import type { Rendered, RenderTask } from './render.js';

let pool: Piscina<RenderTask, Rendered | Uint8Array> | null = null;

function renderPool(): Piscina<RenderTask, Rendered | Uint8Array> {
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

async function run(task: RenderTask): Promise<Rendered | Uint8Array> {
  const p = renderPool();
  if (p.queueSize >= p.options.maxQueue) throw new AppError('SUPERVISION_REPORT_BUSY');
  return p.run(task, { signal: AbortSignal.timeout(TIME_LIMIT_MS) });
}

export async function renderInWorker(data: ReportData): Promise<Rendered> {
  return (await run({ kind: 'report', data })) as Rendered;
}

export async function renderDepartmentPage(data: ReportData, departmentId: string): Promise<Buffer> {
  return Buffer.from((await run({ kind: 'department', data, departmentId })) as Uint8Array);
}

export async function closeRenderPool(): Promise<void> {
  const p = pool;
  pool = null;
  await p?.destroy();
}
