import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import { beforeAll, describe, expect, it } from 'vitest';
import { testDbHandle } from '../../../test/helpers/db.js';
import type { CliContext } from '../../platform/cli-context.js';
import type { DbHandle } from '../../platform/db.js';
import { AppError } from '../../platform/errors.js';
import { register } from './cli.js';
import { NOTICE_2026 } from './notice-fixtures.js';

let dbh: DbHandle;
const dir = mkdtempSync(join(tmpdir(), 'tongban-calendar-cli-'));

beforeAll(async () => {
  dbh = await testDbHandle();
});

/** Runs `tongban <args>` against the test database and returns the JSON lines it printed. */
async function run(...args: string[]): Promise<string[]> {
  const printed: string[] = [];
  const ctx: CliContext = {
    config: () => {
      throw new Error('not needed');
    },
    withDb: (fn) => fn(dbh.db, dbh),
    printJson: (value) => printed.push(JSON.stringify(value)),
  };
  const program = new Command('tongban').exitOverride();
  register(program, ctx);
  await program.parseAsync(args, { from: 'user' });
  return printed;
}

describe('tongban calendar (CLI contract)', () => {
  it('prints the due time as one JSON line, seeding a fresh database first', async () => {
    expect(await run('calendar', 'due', '--from', '2026-09-21T10:00:00+08:00', '--days', '20')).toEqual([
      '{"due":"2026-10-26T17:30:00+08:00","provisional":false}',
    ]);
    expect(await run('calendar', 'due', '--from', '2026-12-20T10:00:00+08:00', '--days', '20', '--region', '421202')).toEqual([
      '{"due":"2027-01-15T17:30:00+08:00","provisional":true}',
    ]);
  });

  it('prints the kind of a day', async () => {
    expect(await run('calendar', 'day', '2026-10-10')).toEqual(['{"date":"2026-10-10","workday":true,"kind":"adjusted_workday"}']);
    expect(await run('calendar', 'day', '2026-10-01', '--region', '421202')).toEqual(['{"date":"2026-10-01","workday":false,"kind":"holiday"}']);
  });

  it('fails with a coded error on bad input', async () => {
    await expect(run('calendar', 'due', '--from', 'later', '--days', '2')).rejects.toMatchObject({ code: 'CALENDAR_INSTANT_INVALID' });
    await expect(run('calendar', 'due', '--from', '2026-09-21T10:00:00+08:00', '--days', 'ten')).rejects.toMatchObject({ code: 'CALENDAR_LIMIT_INVALID' });
    await expect(run('calendar', 'day', '2026-02-30')).rejects.toBeInstanceOf(AppError);
  });

  it('imports a notice, with --dry-run storing nothing', async () => {
    const file = join(dir, 'notice-2026.txt');
    writeFileSync(file, NOTICE_2026);
    const [dry] = await run('calendar', 'import', '--year', '2026', file, '--dry-run');
    expect(JSON.parse(dry!)).toMatchObject({ dryRun: true, confirmable: true, current: { source: 'seed' } });
    expect(JSON.parse((await run('calendar', 'missing-years', '--from', '2019', '--to', '2027'))[0]!)).toMatchObject({ missing: [2027] });
    expect(await run('calendar', 'import', '--year', '2026', file)).toEqual([
      '{"regionCode":"000000","year":2026,"holidays":33,"adjustedWorkdays":6,"recomputedCases":0}',
    ]);
    const [again] = await run('calendar', 'import', '--year', '2026', file, '--dry-run');
    expect(JSON.parse(again!).current).toMatchObject({ source: 'notice', days: 39 });

    const bad = join(dir, 'bad.txt');
    writeFileSync(bad, '一、元旦：1月1日（周五）放假1天，不调休。');
    await expect(run('calendar', 'import', '--year', '2026', bad)).rejects.toMatchObject({ code: 'CALENDAR_NOTICE_UNREADABLE' });
  });
});
