import { describe, expect, it } from 'vitest';
import { migrateDb } from '../../src/platform/db.js';
import { testDbHandle, testDbKind } from '../helpers/db.js';

describe(`migrations on ${testDbKind()}`, () => {
  it('apply every table and are idempotent on a second start', async () => {
    const handle = await testDbHandle();
    await migrateDb(handle);
    const { rows } = await handle.query<{ table_name: string }>(
      "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY table_name",
    );
    const tables = rows.map((r) => r.table_name);
    for (const t of ['regions', 'departments', 'users', 'sessions', 'audit_log']) expect(tables).toContain(t);
    const version = await handle.query<{ server_version_num: string }>('SHOW server_version_num');
    expect(Number(version.rows[0].server_version_num)).toBeGreaterThanOrEqual(150000);
  });
});
