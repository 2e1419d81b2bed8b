import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

export type LogLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';

export interface Config {
  port: number;
  host: string;
  dataDir: string;
  /** A postgres:// URL selects node-postgres; absent, the embedded PGlite in `<dataDir>/pglite` is used. */
  databaseUrl?: string;
  /**
   * DATABASE_READ_URL: a hot standby for reads that tolerate replication lag (supervision's statistics, ranking,
   * wall). Only with DATABASE_URL; the embedded PGlite ignores it (and says so at start).
   */
  databaseReadUrl?: string;
  secret: string;
  logLevel: LogLevel;
  /** Seed demo data (org, calendar, catalog …) into an empty database on start. */
  demo: boolean;
  /** Login and registration attempts allowed per client address per minute. */
  loginRateLimit?: number;
  /** Minutes between signed checkpoints of every chain head (TONGBAN_CHECKPOINT_MINUTES); 0 turns them off. */
  checkpointMinutes: number;
  /** An external witness that receives every new checkpoint by POST (TONGBAN_CHECKPOINT_URL). */
  checkpointUrl?: string;
  /** TONGBAN_TEST_CLOCK=1: an administrator may move the working-day clock forward (browser tests only). */
  testClock: boolean;
}

const LOG_LEVELS: LogLevel[] = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

export class ConfigError extends Error {}

/**
 * Reads the environment once. The secret is generated into the data folder on first start so that
 * cookies and encrypted personal data survive restarts without the operator having to invent one.
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const port = env.PORT ? Number(env.PORT) : 3000;
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new ConfigError(`PORT must be 0–65535, got ${env.PORT}`);
  const logLevel = (env.LOG_LEVEL ?? 'info') as LogLevel;
  if (!LOG_LEVELS.includes(logLevel)) throw new ConfigError(`LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}`);
  const databaseUrl = env.DATABASE_URL || undefined;
  if (databaseUrl && !/^postgres(ql)?:\/\//.test(databaseUrl)) {
    throw new ConfigError('DATABASE_URL must be a postgres:// or postgresql:// URL');
  }
  const databaseReadUrl = env.DATABASE_READ_URL || undefined;
  if (databaseReadUrl && !/^postgres(ql)?:\/\//.test(databaseReadUrl)) {
    throw new ConfigError('DATABASE_READ_URL must be a postgres:// or postgresql:// URL');
  }
  const dataDir = resolve(env.TONGBAN_DATA_DIR ?? 'data');
  return {
    port,
    host: env.HOST ?? '127.0.0.1',
    dataDir,
    databaseUrl,
    databaseReadUrl,
    secret: env.TONGBAN_SECRET || readOrCreateSecret(dataDir),
    logLevel,
    demo: env.TONGBAN_DEMO !== '0',
    loginRateLimit: positiveInt(env.TONGBAN_LOGIN_RATE_LIMIT, 'TONGBAN_LOGIN_RATE_LIMIT', 30),
    testClock: env.TONGBAN_TEST_CLOCK === '1',
    checkpointMinutes: env.TONGBAN_CHECKPOINT_MINUTES === '0' ? 0 : positiveInt(env.TONGBAN_CHECKPOINT_MINUTES, 'TONGBAN_CHECKPOINT_MINUTES', 10),
    checkpointUrl: httpUrl(env.TONGBAN_CHECKPOINT_URL, 'TONGBAN_CHECKPOINT_URL'),
  };
}

function positiveInt(value: string | undefined, name: string, fallback: number): number {
  if (value === undefined || value === '') return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new ConfigError(`${name} must be a positive whole number, got ${value}`);
  return n;
}

function httpUrl(value: string | undefined, name: string): string | undefined {
  if (!value) return undefined;
  if (!/^https?:\/\//.test(value)) throw new ConfigError(`${name} must be an http:// or https:// URL`);
  return value;
}

function readOrCreateSecret(dataDir: string): string {
  const file = join(dataDir, 'secret');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  mkdirSync(dataDir, { recursive: true });
  const secret = randomBytes(32).toString('hex');
  writeFileSync(file, secret + '\n', { mode: 0o600 });
  return secret;
}
