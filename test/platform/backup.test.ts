import { randomBytes } from 'node:crypto';
import { appendFileSync, copyFileSync, cpSync, existsSync, mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import { sql } from 'drizzle-orm';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { blobPath } from '../../src/modules/cases/files.js';
import { caseTestApp, type Client } from '../../src/modules/cases/testing.js';
import { registerBackupCli, type BackupManifest, type RestoreReport } from '../../src/platform/backup.js';
import type { CliContext } from '../../src/platform/cli-context.js';
import type { Config } from '../../src/platform/config.js';
import { migrateDb, openDb, pgliteDir, type DbHandle } from '../../src/platform/db.js';
import { checkpointKey, latestCheckpoint, writeCheckpoint } from '../../src/platform/event-log/checkpoint.js';
import { verifyChains } from '../../src/platform/event-log/verify.js';
import { testDbKind } from '../helpers/db.js';

const PDF = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');
const adminUrl = process.env.DATABASE_URL;
const createdDatabases: string[] = [];

/** A new empty database on the test server (PostgreSQL runs), or nothing (the embedded database lives in the data folder). */
async function newDatabaseUrl(): Promise<string | undefined> {
  if (!adminUrl) return undefined;
  const name = `tb_backup_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  createdDatabases.push(name);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

afterAll(async () => {
  if (!adminUrl || !createdDatabases.length) return;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  for (const name of createdDatabases) await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  await admin.end();
});

function openInstallation(config: Config): Promise<DbHandle> {
  return openDb({ url: config.databaseUrl, dataDir: config.databaseUrl ? undefined : pgliteDir(config.dataDir) });
}

/** Runs `tongban backup|restore …` through the real command definitions; returns what it printed, or the error thrown. */
async function cli(config: Config, args: string[]): Promise<{ printed?: unknown; error?: { code?: string } }> {
  const printed: unknown[] = [];
  const ctx: CliContext = {
    config: () => config,
    withDb: () => Promise.reject(new Error('backup and restore open the database themselves')),
    printJson: (v) => printed.push(v),
  };
  const program = new Command('tongban').exitOverride();
  registerBackupCli(program, ctx);
  try {
    await program.parseAsync(['node', 'tongban', ...args]);
    return { printed: printed[0] };
  } catch (error) {
    return { error: error as { code?: string } };
  }
}

async function caseCount(handle: DbHandle): Promise<number> {
  return (await handle.query<{ n: number }>('SELECT count(*)::int AS n FROM cases')).rows[0]!.n;
}

describe(`backup and restore (${testDbKind()})`, () => {
  it('carries the database, the materials and the checkpoints to a new installation, whose chains verify against the old checkpoint', async () => {
    // The source installation: a data folder (materials, checkpoints, keys) and its database.
    const source = { ...caseConfig(mkdtempSync(join(tmpdir(), 'tongban-src-'))), databaseUrl: await newDatabaseUrl() };
    const handle = await openInstallation(source);
    await migrateDb(handle);
    const t = await caseTestApp(handle, { dataDir: source.dataDir });
    const person: Client = await t.login('421202199001011232');
    const clerk: Client = await t.login('clerk');
    const boundary = `----tb${randomBytes(6).toString('hex')}`;
    const uploadBody = (name: string, content: Buffer) =>
      Buffer.concat([
        Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${name}"\r\nContent-Type: application/pdf\r\n\r\n`),
        content,
        Buffer.from(`\r\n--${boundary}--\r\n`),
      ]);
    const files: string[] = [];
    for (const name of ['apply.pdf', 'site.pdf']) {
      const res = await person.request('POST', '/api/v1/cases/files', uploadBody(name, Buffer.concat([PDF, Buffer.from(name)])), { 'content-type': `multipart/form-data; boundary=${boundary}` });
      expect(res.statusCode, res.body).toBe(201);
      files.push(res.json().id);
    }
    const filed = await person.post('/api/v1/cases', {
      itemId: t.itemIds['421202-TEST-A'],
      channel: 'online',
      form: { name: '张三的小店', kind: 'a' },
      materials: files.map((fileId, requirement) => ({ requirement, fileId })),
    });
    expect(filed.statusCode, filed.body).toBe(201);
    expect((await clerk.post(`/api/v1/cases/${filed.json().id}/accept`, {})).statusCode).toBe(200);
    const cp = await writeCheckpoint(handle.db, source.dataDir);
    expect(cp.checkpoint.chains).toBeGreaterThan(0);
    const cases = await caseCount(handle);
    const blobs = (await handle.query<{ sha256: string }>('SELECT sha256 FROM case_files')).rows.map((r) => r.sha256);
    expect(blobs.length).toBeGreaterThanOrEqual(2);
    await t.close();
    await handle.close();

    const out = mkdtempSync(join(tmpdir(), 'tongban-backups-'));
    const made = await cli(source, ['backup', '--out', out]);
    expect(made.error).toBeUndefined();
    const manifest = made.printed as BackupManifest & { dir: string };
    expect(manifest).toMatchObject({ format: 'tongban-backup/1', database: testDbKind() });
    expect(manifest.migration).toMatch(/^\d{4}_/);
    const names = manifest.files.map((f) => f.name);
    expect(names).toEqual(expect.arrayContaining([`data/checkpoints/${cp.file.split('/').at(-1)}`]));
    // The keys stay home: a stolen backup must not read encrypted fields nor sign a checkpoint.
    expect(names.some((n) => /(^|\/)(secret|checkpoint-key)$/.test(n))).toBe(false);

    // A new installation: an empty database and data folder, the same secret, the checkpoint key carried apart.
    const target = { ...caseConfig(mkdtempSync(join(tmpdir(), 'tongban-dst-'))), databaseUrl: await newDatabaseUrl() };
    copyFileSync(join(source.dataDir, 'checkpoint-key'), join(target.dataDir, 'checkpoint-key'));

    // A backup altered after it was made is refused before anything is written.
    const altered = join(out, 'altered');
    cpSync(manifest.dir, altered, { recursive: true });
    appendFileSync(join(altered, manifest.files[0]!.name), 'x');
    expect((await cli(target, ['restore', altered])).error?.code).toBe('BACKUP_INVALID');
    expect(readdirSync(target.dataDir)).toEqual(['checkpoint-key']);
    // So is one made under another secret (the encrypted fields would not decrypt).
    expect((await cli({ ...target, secret: 'another-secret' }, ['restore', manifest.dir])).error?.code).toBe('BACKUP_SECRET_MISMATCH');

    const restored = await cli(target, ['restore', manifest.dir]);
    expect(restored.error).toBeUndefined();
    const report = restored.printed as RestoreReport;
    expect(report).toMatchObject({ database: testDbKind(), migration: manifest.migration, filesConflicting: [] });
    expect(report.filesRestored).toBe(names.filter((n) => n.startsWith('data/')).length);
    for (const sha of blobs) expect(existsSync(blobPath(target.dataDir, sha))).toBe(true);

    const back = await openInstallation(target);
    try {
      await migrateDb(back);
      expect(await caseCount(back)).toBe(cases);
      const latest = latestCheckpoint(target.dataDir)!;
      const verified = await verifyChains(back.db, { checkpoint: { ...latest, publicKey: checkpointKey(target.dataDir).publicKey } });
      expect(verified.ok).toBe(true);
      expect(verified.checkpoint).toMatchObject({ signatureValid: true, rootMatches: true, chains: cp.checkpoint.chains });
      // A row changed in the restored database is caught against the checkpoint made before the backup.
      await back.db.transaction(async (tx) => {
        await tx.execute(sql`SET LOCAL session_replication_role = replica`);
        await tx.execute(sql`UPDATE case_events SET payload = '{"forged":true}'::jsonb WHERE seq = 1`);
      });
      expect((await verifyChains(back.db, {})).ok).toBe(false);
    } finally {
      await back.close();
    }

    // Restoring over an installation that holds data needs --force.
    expect((await cli(target, ['restore', manifest.dir])).error?.code).toBe('BACKUP_TARGET_NOT_EMPTY');
  }, 240_000);
});

function caseConfig(dataDir: string): Config {
  return {
    port: 0,
    host: '127.0.0.1',
    dataDir,
    secret: 'test-secret-not-for-production',
    logLevel: 'silent',
    demo: true,
    loginRateLimit: 10_000,
    testClock: false,
    checkpointMinutes: 0,
  };
}
