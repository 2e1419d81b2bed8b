import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../errors.js';
import { closeWork, configureWork, runWork } from './pool.js';

const jobs = new URL('./test-jobs.ts', import.meta.url);
const spin = (ms: number, timeoutMs?: number) => runWork<number>(jobs, 'spin', [ms], timeoutMs ? { timeoutMs } : {});
const codeOf = (p: Promise<unknown>) => p.then(() => 'ok', (e: unknown) => (e instanceof AppError ? e.code : String(e)));

describe('the work pool’s limits', () => {
  beforeAll(async () => {
    await configureWork({ threads: 1, queue: 4, timeoutMs: 3_000 });
    await spin(1); // the thread is up before anything is timed
  }, 120_000);
  afterAll(() => closeWork());

  it('counts a job’s time limit from when a thread takes it, not from when it was queued', async () => {
    // One thread: the second job waits about 2 s, then runs 2 s. Counted from submission it would pass 3 s.
    const [first, second] = await Promise.all([codeOf(spin(2_000)), codeOf(spin(2_000))]);
    expect([first, second]).toEqual(['ok', 'ok']);
  }, 60_000);

  it('ends a job that runs past its limit, and one that waits longer than its limit for a thread', async () => {
    expect(await codeOf(spin(60_000, 1_000))).toBe('WORK_TIMEOUT');
    const long = spin(2_500, 10_000);
    const waiting = await codeOf(spin(10, 1_000));
    expect(waiting).toBe('WORK_BUSY');
    expect(await codeOf(long)).toBe('ok');
  }, 120_000);
});
