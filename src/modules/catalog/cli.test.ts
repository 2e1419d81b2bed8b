import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import { beforeAll, describe, expect, it } from 'vitest';
import { testDbHandle } from '../../../test/helpers/db.js';
import type { CliContext } from '../../platform/cli-context.js';
import type { Db, DbHandle } from '../../platform/db.js';
import { SEED_DIR } from '../../seed.js';
import { seedOrgStructure } from '../org/index.js';
import { register } from './cli.js';
import { catalogStatistics } from './service.js';

let handle: DbHandle;
let db: Db;
const out: unknown[] = [];
const dir = mkdtempSync(join(tmpdir(), 'tongban-catalog-cli-'));

async function run(...args: string[]) {
  const program = new Command('tongban').exitOverride();
  const ctx: CliContext = {
    config: () => {
      throw new Error('not used');
    },
    withDb: (fn) => fn(db, handle),
    printJson: (v) => out.push(v),
  };
  register(program, ctx);
  await program.parseAsync(['node', 'tongban', ...args]);
  return out.at(-1) as any;
}

beforeAll(async () => {
  handle = await testDbHandle();
  db = handle.db;
  await seedOrgStructure(db, SEED_DIR);
});

describe('tongban catalog', () => {
  it('seeds, prints statistics as JSON and round-trips an export through import', async () => {
    expect((await run('catalog', 'seed')).created).toBeGreaterThan(40);
    const stats = await run('catalog', 'stats', '--region', '421200', '--group-by', 'level', '--format', 'json');
    const expected = await catalogStatistics(db, { within: '421200' });
    expect(stats.region).toBe('421200');
    expect(stats.total.itemCount).toBe(expected.total.itemCount);
    expect(stats.total.percent.immediate).toBe(Math.round(expected.total.immediateShare! * 10000) / 100);
    expect(stats.groups.map((g: any) => g.key).sort()).toEqual(['city', 'county']);

    const file = join(dir, 'catalog.json');
    await run('catalog', 'export', '--out', file, '--region', '420100');
    const exported = JSON.parse(readFileSync(file, 'utf8')).items;
    expect(exported.length).toBeGreaterThan(0);
    expect(await run('catalog', 'import', file)).toEqual({ created: 0, updated: exported.length });
  });
});
