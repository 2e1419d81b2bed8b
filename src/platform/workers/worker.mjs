// Entry of every pool thread. A worker thread is a fresh Node.js instance: it does not inherit the TypeScript
// loader the server (tsx) or the tests (vitest) run under, so this plain-JavaScript entry registers tsx before it
// imports any job module. Registering where tsx already runs is harmless: a .ts file is transformed once.
import { register } from 'tsx/esm/api';

register();

const SRC = new URL('../../', import.meta.url).href;

/**
 * Runs one job: the named export of a module of this code base, called with the task's arguments. Errors cross the
 * thread boundary as plain data (a structured clone keeps only the message), so the code of an AppError survives.
 */
export default async function run({ module, name, args, started }) {
  // Tells the caller its time limit starts now, not when the job was queued.
  if (started) {
    started.postMessage('started');
    started.close();
  }
  if (module === null) return { ok: true, value: 'ready' };
  if (typeof module !== 'string' || !module.startsWith(SRC)) throw new Error(`job module outside the code base: ${module}`);
  const mod = await import(module);
  const fn = mod[name];
  if (typeof fn !== 'function') throw new Error(`job ${name} is not exported by ${module}`);
  try {
    return { ok: true, value: await fn(...args) };
  } catch (err) {
    return {
      ok: false,
      error: {
        message: err instanceof Error ? err.message : String(err),
        code: err && typeof err === 'object' && typeof err.code === 'string' ? err.code : undefined,
        details: err && typeof err === 'object' && 'details' in err ? err.details : undefined,
      },
    };
  }
}
