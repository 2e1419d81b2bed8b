import { execFile } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);
const dataDir = mkdtempSync(join(tmpdir(), 'tongban-cli-'));

function tongban(args: string[], env: Record<string, string> = {}) {
  // The CLI is exercised on its embedded database, whatever database the rest of the suite runs on.
  const { DATABASE_URL: _omit, ...rest } = process.env;
  return run(process.execPath, ['bin/tongban.mjs', ...args], { env: { ...rest, TONGBAN_DATA_DIR: dataDir, LOG_LEVEL: 'silent', ...env } });
}

// It always uses the embedded database, so the PostgreSQL run of the suite need not repeat it.
describe.skipIf(!!process.env.DATABASE_URL)('tongban command line', () => {
  it('migrates, seeds and creates a staff account on the embedded database', async () => {
    expect(JSON.parse((await tongban(['migrate'])).stdout)).toEqual({ migrated: true, database: 'pglite' });
    expect(JSON.parse((await tongban(['seed'])).stdout)).toEqual({ seeded: true, demoCreated: false });
    const created = await tongban(
      ['user', 'create', '--username', 'ops', '--name', '运维', '--role', 'approver', '--region', '421202', '--department', '421202-scjg'],
      { TONGBAN_PASSWORD: 'Blue-Harbour-Kettle-71' },
    );
    expect(JSON.parse(created.stdout)).toMatchObject({ username: 'ops', roles: ['approver'], regionCode: '421202' });
    // One command checks the chains of every kind the modules register.
    const verified = JSON.parse((await tongban(['verify'])).stdout);
    expect(verified).toMatchObject({ ok: true, broken: [] });
    expect(verified.kinds.map((k: { kind: string }) => k.kind)).toEqual(expect.arrayContaining(['bundle_case', 'case', 'rating']));
  }, 120_000);

  it('explains a bad request in both languages and exits non-zero', async () => {
    const failure = await tongban(['user', 'create', '--username', 'ops2', '--name', 'x', '--role', 'supervisor', '--region', '429999'], { TONGBAN_PASSWORD: 'Blue-Harbour-Kettle-71' }).catch((e) => e);
    expect(failure.code).toBe(1);
    expect(failure.stderr).toContain('REGION_NOT_FOUND: 行政区划不存在 / Region not found');
  }, 60_000);

  it('prints help for every command', async () => {
    // Each call starts a process; the top level and the deepest command stand for the rest.
    for (const args of [['--help'], ['user', 'create', '--help']]) {
      expect((await tongban(args)).stdout).toMatch(/Usage: tongban/);
    }
  }, 60_000);
});
