import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { createReadStream, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync, copyFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { promisify } from 'node:util';
import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import type { Command } from 'commander';
import pg from 'pg';
import type { CliContext } from './cli-context.js';
import type { Config } from './config.js';
import { MIGRATIONS_DIR, pgliteDir } from './db.js';
import { AppError, defineErrors } from './errors.js';

const run = promisify(execFile);

export const backupErrors = defineErrors({
  BACKUP_TOOL_MISSING: {
    status: 500,
    zh: '未找到 pg_dump / pg_restore,请安装与数据库同版本的 PostgreSQL 客户端',
    en: 'The PostgreSQL client tools (pg_dump, pg_restore) were not found: install the client of the server’s version',
  },
  BACKUP_INVALID: {
    status: 400,
    zh: '备份不完整或已被改动(清单与文件的 SM3 摘要不符)',
    en: 'The backup is incomplete or was altered (its manifest does not match the files’ SM3 digests)',
  },
  BACKUP_KIND_MISMATCH: {
    status: 400,
    zh: '备份的数据库类型与当前配置不符(内嵌数据库与 PostgreSQL 不能互相恢复)',
    en: 'The backup is of the other kind of database (embedded and PostgreSQL backups do not restore into each other)',
  },
  BACKUP_TOO_NEW: {
    status: 400,
    zh: '备份来自更新版本的通办,请先升级后再恢复',
    en: 'The backup comes from a newer tongban; upgrade before restoring it',
  },
  BACKUP_TARGET_NOT_EMPTY: {
    status: 409,
    zh: '目标数据库已有数据;确认覆盖请加 --force',
    en: 'The target database already holds data; add --force to replace it',
  },
  BACKUP_SECRET_MISMATCH: {
    status: 409,
    zh: '备份是在另一个 TONGBAN_SECRET 下制作的,加密字段将无法解密;请配置原密钥,或加 --force',
    en: 'The backup was made under another TONGBAN_SECRET, so encrypted fields would not decrypt; configure that secret, or add --force',
  },
});

export const BACKUP_FORMAT = 'tongban-backup/1';

export interface BackupManifest {
  format: typeof BACKUP_FORMAT;
  createdAt: string;
  database: 'pglite' | 'postgres';
  /** The newest migration the database had: a restore refuses a backup from a newer code base. */
  migration: string;
  /** SM3 of TONGBAN_SECRET, so a restore can tell the encrypted fields will not read; never the secret itself. */
  secretFingerprint: string;
  files: { name: string; bytes: number; sm3: string }[];
}

function sm3File(path: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const hash = createHash('sm3');
    createReadStream(path)
      .on('data', (chunk) => hash.update(chunk))
      .on('error', reject)
      .on('end', () => resolve(hash.digest('hex')));
  });
}

// Keys stay out of a backup; the embedded database goes in as its own tarball.
const NOT_COPIED = new Set(['secret', 'checkpoint-key', 'pglite']);

/** Paths (relative, '/'-separated) of the data folder's files a backup carries, skipping the backup itself. */
function dataFiles(dataDir: string, backupDir: string): string[] {
  const out: string[] = [];
  const walk = (abs: string) => {
    if (!existsSync(abs)) return;
    for (const entry of readdirSync(abs, { withFileTypes: true })) {
      const path = join(abs, entry.name);
      const rel = relative(dataDir, path).split(sep).join('/');
      if (NOT_COPIED.has(rel) || rel.startsWith('pglite.before-restore-') || resolve(path) === resolve(backupDir) || resolve(backupDir).startsWith(resolve(path) + sep)) continue;
      if (entry.isDirectory()) walk(path);
      else if (entry.isFile()) out.push(rel);
    }
  };
  walk(dataDir);
  return out.sort();
}

function secretFingerprint(config: Config): string {
  return createHash('sm3').update(`tongban-secret-fingerprint\0${config.secret}`).digest('hex');
}

function journalTags(): string[] {
  const journal = JSON.parse(readFileSync(join(MIGRATIONS_DIR, 'meta/_journal.json'), 'utf8')) as { entries: { tag: string }[] };
  return journal.entries.map((e) => e.tag);
}

async function pgTool(name: 'pg_dump' | 'pg_restore'): Promise<string> {
  // Debian's wrapper on PATH picks the binaries matching the cluster; a bare install has them under /usr/lib.
  for (const candidate of [name, ...['17', '16', '15'].map((v) => `/usr/lib/postgresql/${v}/bin/${name}`)]) {
    try {
      await run(candidate, ['--version']);
      return candidate;
    } catch {
      // try the next one
    }
  }
  throw new AppError(backupErrors.BACKUP_TOOL_MISSING);
}

/** The newest applied migration, from drizzle's own table (the schema names are drizzle's defaults). */
async function appliedMigration(query: (sql: string) => Promise<{ rows: Record<string, unknown>[] }>): Promise<string> {
  const { rows } = await query('SELECT created_at FROM drizzle.__drizzle_migrations ORDER BY created_at DESC LIMIT 1');
  if (!rows.length) return '';
  const journal = JSON.parse(readFileSync(join(MIGRATIONS_DIR, 'meta/_journal.json'), 'utf8')) as { entries: { tag: string; when: number }[] };
  const when = Number(rows[0]!.created_at);
  return journal.entries.find((e) => e.when === when)?.tag ?? `unknown:${when}`;
}

/**
 * Writes `<outDir>/tongban-backup-<time>/`: the database (a pg_dump custom archive, or PGlite's data folder as
 * a gzipped tarball), the files of the data folder (uploaded materials, signed checkpoints …) under `data/`,
 * and a manifest with each file's SM3. The keys
 * (TONGBAN_SECRET, the checkpoint key) stay out of it on purpose: a stolen backup must not carry the means
 * to read the encrypted fields or to forge a checkpoint. On the embedded database the server must be stopped,
 * since PGlite is one process's.
 */
export async function createBackup(config: Config, outDir: string, now = new Date()): Promise<{ dir: string; manifest: BackupManifest }> {
  const dir = join(outDir, `tongban-backup-${now.toISOString().replace(/[:.]/g, '-')}`);
  mkdirSync(dir, { recursive: true });
  let migration: string;
  let dbFile: string;
  if (config.databaseUrl) {
    dbFile = 'database.pgdump';
    const client = new pg.Client({ connectionString: config.databaseUrl });
    await client.connect();
    try {
      migration = await appliedMigration((q) => client.query(q));
    } finally {
      await client.end();
    }
    await run(await pgTool('pg_dump'), ['--format=custom', '--no-owner', '--no-privileges', `--file=${join(dir, dbFile)}`, config.databaseUrl], { maxBuffer: 1 << 20 });
  } else {
    dbFile = 'pglite.tar.gz';
    const client = await PGlite.create(pgliteDir(config.dataDir), { extensions: { pg_trgm } });
    try {
      migration = await appliedMigration((q) => client.query(q) as never);
      const tarball = await client.dumpDataDir('gzip');
      writeFileSync(join(dir, dbFile), Buffer.from(await tarball.arrayBuffer()));
    } finally {
      await client.close();
    }
  }
  // Everything else under the data folder (uploaded materials, checkpoints, what later modules keep there)
  // goes along as files, except the keys and the embedded database itself.
  const names = [dbFile];
  for (const rel of dataFiles(config.dataDir, dir)) {
    mkdirSync(dirname(join(dir, 'data', rel)), { recursive: true });
    copyFileSync(join(config.dataDir, rel), join(dir, 'data', rel));
    names.push(`data/${rel}`);
  }
  const files = [];
  for (const name of names) files.push({ name, bytes: statSync(join(dir, name)).size, sm3: await sm3File(join(dir, name)) });
  const manifest: BackupManifest = {
    format: BACKUP_FORMAT,
    createdAt: now.toISOString(),
    database: config.databaseUrl ? 'postgres' : 'pglite',
    migration,
    secretFingerprint: secretFingerprint(config),
    files,
  };
  writeFileSync(join(dir, 'manifest.json'), JSON.stringify(manifest, null, 2) + '\n');
  return { dir, manifest };
}

export async function readBackup(dir: string): Promise<BackupManifest> {
  let manifest: BackupManifest;
  try {
    manifest = JSON.parse(await readFile(join(dir, 'manifest.json'), 'utf8'));
  } catch {
    throw new AppError(backupErrors.BACKUP_INVALID, { file: 'manifest.json' });
  }
  if (manifest.format !== BACKUP_FORMAT || !Array.isArray(manifest.files)) throw new AppError(backupErrors.BACKUP_INVALID, { file: 'manifest.json' });
  for (const f of manifest.files) {
    // A name is ours only if it stays inside the backup folder.
    if (!/^(data\/)?[\w.-]+(\/[\w.-]+)*$/.test(f.name) || f.name.split('/').includes('..')) throw new AppError(backupErrors.BACKUP_INVALID, { file: f.name });
    const path = join(dir, f.name);
    if (!existsSync(path) || (await sm3File(path)) !== f.sm3) throw new AppError(backupErrors.BACKUP_INVALID, { file: f.name });
  }
  return manifest;
}

export interface RestoreReport {
  database: 'pglite' | 'postgres';
  migration: string;
  /** Files of the data folder (materials, checkpoints …) put back; those already there are left alone. */
  filesRestored: number;
  /** Files already in the data folder with other content than the backup's: kept, and named here. */
  filesConflicting: string[];
  /** Where the embedded database that was replaced now lies (only with --force). */
  previous?: string;
}

/**
 * Restores a backup made by createBackup into the configured database: refuses a backup that fails its
 * manifest, one of the other database kind, one from newer code, one made under another secret, and an
 * occupied target, unless forced. The data folder's files are put back beside any already there.
 */
export async function restoreBackup(config: Config, dir: string, opts: { force?: boolean } = {}): Promise<RestoreReport> {
  const manifest = await readBackup(dir);
  const kind = config.databaseUrl ? 'postgres' : 'pglite';
  if (manifest.database !== kind) throw new AppError(backupErrors.BACKUP_KIND_MISMATCH, { backup: manifest.database, configured: kind });
  if (manifest.migration && !journalTags().includes(manifest.migration)) throw new AppError(backupErrors.BACKUP_TOO_NEW, { migration: manifest.migration });
  if (manifest.secretFingerprint !== secretFingerprint(config) && !opts.force) throw new AppError(backupErrors.BACKUP_SECRET_MISMATCH);
  const dbFile = join(dir, manifest.files[0]!.name);
  let previous: string | undefined;
  if (config.databaseUrl) {
    const client = new pg.Client({ connectionString: config.databaseUrl });
    await client.connect();
    let occupied: number;
    try {
      const { rows } = await client.query(`SELECT count(*)::int AS n FROM information_schema.tables WHERE table_schema NOT IN ('pg_catalog', 'information_schema')`);
      occupied = rows[0].n;
    } finally {
      await client.end();
    }
    if (occupied && !opts.force) throw new AppError(backupErrors.BACKUP_TARGET_NOT_EMPTY, { tables: occupied });
    const args = ['--no-owner', '--no-privileges', '--exit-on-error', '--single-transaction', `--dbname=${config.databaseUrl}`];
    if (occupied) args.unshift('--clean', '--if-exists');
    await run(await pgTool('pg_restore'), [...args, dbFile], { maxBuffer: 1 << 20 });
  } else {
    const target = pgliteDir(config.dataDir);
    if (existsSync(target) && readdirSync(target).length) {
      if (!opts.force) throw new AppError(backupErrors.BACKUP_TARGET_NOT_EMPTY, { folder: target });
      previous = `${target}.before-restore-${new Date().toISOString().replace(/[:.]/g, '-')}`;
      renameSync(target, previous);
    }
    mkdirSync(target, { recursive: true });
    try {
      const tarball = new Blob([readFileSync(dbFile)]);
      const client = await PGlite.create(target, { loadDataDir: tarball, extensions: { pg_trgm } });
      await client.close();
    } catch (err) {
      rmSync(target, { recursive: true, force: true });
      if (previous) renameSync(previous, target);
      throw err;
    }
  }
  let filesRestored = 0;
  const filesConflicting: string[] = [];
  for (const f of manifest.files.filter((x) => x.name.startsWith('data/'))) {
    const rel = f.name.slice('data/'.length);
    const dest = join(config.dataDir, rel);
    if (existsSync(dest)) {
      if ((await sm3File(dest)) !== f.sm3) filesConflicting.push(rel);
      continue;
    }
    mkdirSync(dirname(dest), { recursive: true });
    copyFileSync(join(dir, f.name), dest);
    filesRestored++;
  }
  return { database: kind, migration: manifest.migration, filesRestored, filesConflicting, ...(previous ? { previous } : {}) };
}

/** `tongban backup [--out DIR]` and `tongban restore DIR [--force]`. */
export function registerBackupCli(program: Command, ctx: CliContext): void {
  program
    .command('backup')
    .description('备份 write the database, the signed checkpoints and a manifest of SM3 digests to a new folder (stop the server first on the embedded database)')
    .option('--out <dir>', 'folder to write the backup folder into', 'backups')
    .action(async (opts: { out: string }) => {
      const { dir, manifest } = await createBackup(ctx.config(), resolve(opts.out));
      ctx.printJson({ dir, ...manifest });
    });
  program
    .command('restore <dir>')
    .description('恢复 restore a backup folder into the configured database (stop the server first); then run `tongban verify`')
    .option('--force', 'replace a database that already holds data, or restore under another TONGBAN_SECRET')
    .action(async (dir: string, opts: { force?: boolean }) => {
      ctx.printJson(await restoreBackup(ctx.config(), resolve(dir), { force: !!opts.force }));
    });
}
