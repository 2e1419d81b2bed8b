/**
 * The worker-thread pool for CPU-heavy work (document import, xlsx/docx reading and writing, notice parsing): such
 * work never runs on the event loop, so one large or hostile file cannot keep the server from answering others.
 * Every job has an input size cap (checked by the caller before anything is copied to a thread), a time limit and a
 * memory limit; a job that passes either is ended with its thread and reported as a coded error.
 */
import { availableParallelism } from 'node:os';
import { MessageChannel } from 'node:worker_threads';
import { Piscina } from 'piscina';
import { AppError, errorText } from '../errors.js';
import './errors.js';

export interface WorkLimits {
  /** Threads in the pool (TONGBAN_WORK_THREADS). */
  threads: number;
  /** Jobs waiting for a thread before new ones are refused with WORK_BUSY (TONGBAN_WORK_QUEUE). */
  queue: number;
  /** Time limit of one job once a thread runs it, and of its wait for a thread (TONGBAN_WORK_TIMEOUT_MS). */
  timeoutMs: number;
  /** Heap limit of one thread in MB (TONGBAN_WORK_MEMORY_MB). */
  memoryMb: number;
  /** Largest file a job accepts, in bytes (TONGBAN_WORK_MAX_INPUT_MB). */
  maxInputBytes: number;
}

function envInt(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1) throw new Error(`${name} must be a positive whole number, got ${raw}`);
  return n;
}

export function workLimitsFrom(env: NodeJS.ProcessEnv = process.env): WorkLimits {
  return {
    // One core stays with the event loop.
    threads: envInt(env, 'TONGBAN_WORK_THREADS', Math.max(1, availableParallelism() - 1)),
    queue: envInt(env, 'TONGBAN_WORK_QUEUE', 16),
    timeoutMs: envInt(env, 'TONGBAN_WORK_TIMEOUT_MS', 30_000),
    memoryMb: envInt(env, 'TONGBAN_WORK_MEMORY_MB', 512),
    maxInputBytes: envInt(env, 'TONGBAN_WORK_MAX_INPUT_MB', 8) * 1024 * 1024,
  };
}

let limits: WorkLimits | null = null;
let pool: Piscina | null = null;
/** Settles when the first thread has started and loaded TypeScript support. */
let warm: Promise<unknown> | null = null;

export function workLimits(): WorkLimits {
  limits ??= workLimitsFrom();
  return limits;
}

/**
 * Replace the limits (tests, or a host that reads its configuration elsewhere). The time limit and input cap apply
 * from the next job; a change of threads, queue or memory ends the pool, and the next job starts a new one.
 */
export async function configureWork(next: Partial<WorkLimits>): Promise<void> {
  const before = workLimits();
  limits = { ...workLimits(), ...next };
  if (limits.threads !== before.threads || limits.queue !== before.queue || limits.memoryMb !== before.memoryMb) await closeWork();
}

function thePool(): Piscina {
  if (pool) return pool;
  const l = workLimits();
  pool = new Piscina({
    filename: new URL('./worker.mjs', import.meta.url).href,
    minThreads: 1,
    maxThreads: l.threads,
    maxQueue: l.queue,
    // Threads that sat idle a minute are ended; a burst of imports starts them again.
    idleTimeout: 60_000,
    resourceLimits: { maxOldGenerationSizeMb: l.memoryMb },
  });
  // A thread's start (and tsx's) takes seconds on a busy host; it must not count against the first job's limit.
  warm = pool.run({ module: null }).catch(() => undefined);
  return pool;
}

/** Start the pool's first thread now rather than on the first job (server start). */
export function startWork(): void {
  thePool();
}

/** Refuse an input over the cap before it is copied anywhere. */
export function checkWorkInput(bytes: number, code = 'WORK_INPUT_TOO_LARGE'): void {
  const max = workLimits().maxInputBytes;
  if (bytes > max) throw new AppError(code, { bytes, limit: max });
}

interface JobOutcome {
  ok: boolean;
  value?: unknown;
  error?: { message: string; code?: string; details?: unknown };
}

/**
 * Run `name` exported by `module` (a file URL of this code base: `new URL('./x.ts', import.meta.url)`) in the pool.
 * Arguments and result are copied between threads (structured clone): plain data, Buffers and typed arrays.
 */
export async function runWork<T>(module: URL, name: string, args: unknown[], opts: { timeoutMs?: number } = {}): Promise<T> {
  const p = thePool();
  await warm;
  const timeoutMs = opts.timeoutMs ?? workLimits().timeoutMs;
  const abort = new AbortController();
  let ended: 'waiting' | 'running' | null = null;
  // The time limit is the job's own: it starts when a thread takes the job, so a job that waited behind others is
  // not failed as "too complex". Waiting is bounded too (as long as one job may run), and ends as WORK_BUSY.
  const { port1, port2 } = new MessageChannel();
  let timer = setTimeout(() => {
    ended = 'waiting';
    abort.abort();
  }, timeoutMs);
  port1.once('message', () => {
    clearTimeout(timer);
    timer = setTimeout(() => {
      ended = 'running';
      // Aborting a running task terminates its thread: the only way to stop synchronous work.
      abort.abort();
    }, timeoutMs);
  });
  let outcome: JobOutcome;
  try {
    outcome = (await p.run({ module: module.href, name, args, started: port2 }, { signal: abort.signal, transferList: [port2] })) as JobOutcome;
  } catch (err) {
    if (ended === 'running') throw new AppError('WORK_TIMEOUT', { limitMs: timeoutMs });
    if (ended === 'waiting') throw new AppError('WORK_BUSY', { waitedMs: timeoutMs });
    const code = (err as { code?: string }).code;
    if (code === 'ERR_WORKER_OUT_OF_MEMORY') throw new AppError('WORK_TOO_COMPLEX');
    if (err instanceof Error && /Task queue is at limit|No task queue available/.test(err.message)) throw new AppError('WORK_BUSY');
    throw err;
  } finally {
    clearTimeout(timer);
    port1.close();
  }
  if (outcome.ok) return outcome.value as T;
  const e = outcome.error!;
  if (e.code && errorText(e.code)) throw new AppError(e.code, e.details);
  throw new Error(e.message);
}

/** End every thread; called when the server closes. Jobs still running are abandoned. */
export async function closeWork(): Promise<void> {
  const p = pool;
  pool = null;
  warm = null;
  if (p) await p.destroy();
}
