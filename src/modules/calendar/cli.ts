import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import type { CliContext } from '../../platform/cli-context.js';
import { AppError } from '../../platform/errors.js';
import { NATIONAL_REGION } from './seed.js';
import * as calendar from './service.js';

const REGION_HELP = '行政区划代码 region code (default: 000000, national)';

/**
 * `tongban calendar …`. `due` and `day` print exactly the one-line JSON of the CLI contract; they add the
 * seed years first, so they answer correctly on a database nobody has started yet.
 */
export function register(program: Command, ctx: CliContext): void {
  const cmd = program.command('calendar').description('工作日历 working-day calendar');

  cmd
    .command('due')
    .description('到期时间 due time of a limit in working days: {"due","provisional"}')
    .requiredOption('--from <instant>', 'start, ISO 8601, e.g. 2026-09-21T10:00:00+08:00')
    .requiredOption('--days <n>', 'limit in working days (0, 0.5, 20 …)')
    .option('--region <code>', REGION_HELP, NATIONAL_REGION)
    .action(async (opts: { from: string; days: string; region: string }) => {
      await ctx.withDb(async (db) => {
        await calendar.seedCalendar(db);
        const days = opts.days.trim() === '' ? Number.NaN : Number(opts.days);
        const r = await calendar.computeDue(db, { from: opts.from, days, regionCode: opts.region });
        ctx.printJson({ due: r.due, provisional: r.provisional });
      });
    });

  cmd
    .command('day <date>')
    .description('某日是否工作日 is the date a working day: {"date","workday","kind"}')
    .option('--region <code>', REGION_HELP, NATIONAL_REGION)
    .action(async (date: string, opts: { region: string }) => {
      await ctx.withDb(async (db) => {
        await calendar.seedCalendar(db);
        const info = await calendar.getDayInfo(db, date, opts.region);
        ctx.printJson({ date: info.date, workday: info.workday, kind: info.kind });
      });
    });

  cmd
    .command('import <file>')
    .description('导入国务院办公厅节假日通知 import the holiday notice of a year (text file, UTF-8)')
    .requiredOption('--year <year>', 'the year the notice is for')
    .option('--region <code>', REGION_HELP, NATIONAL_REGION)
    .option('--dry-run', 'only show what would be stored (exit code 1 when a line cannot be read)')
    .action(async (file: string, opts: { year: string; region: string; dryRun?: boolean }) => {
      const text = readFileSync(file, 'utf8');
      const year = Number(opts.year);
      await ctx.withDb(async (db) => {
        await calendar.seedCalendar(db);
        const preview = await calendar.previewNotice(db, { year, text, regionCode: opts.region });
        if (opts.dryRun) {
          ctx.printJson({ dryRun: true, ...preview });
          if (!preview.confirmable) process.exitCode = 1;
          return;
        }
        if (!preview.confirmable) throw new AppError('CALENDAR_NOTICE_UNREADABLE', { problems: preview.problems });
        ctx.printJson(await calendar.confirmNotice(db, null, { year, text, regionCode: opts.region, previewHash: preview.previewHash }));
      });
    });

  cmd
    .command('missing-years')
    .description('未录入的年份 years not entered (computed with weekends only)')
    .option('--region <code>', REGION_HELP, NATIONAL_REGION)
    .option('--from <year>', 'first year (default: the first entered year)')
    .option('--to <year>', 'last year (default: next year)')
    .action(async (opts: { region: string; from?: string; to?: string }) => {
      await ctx.withDb(async (db) => {
        await calendar.seedCalendar(db);
        const range = { from: opts.from === undefined ? undefined : Number(opts.from), to: opts.to === undefined ? undefined : Number(opts.to) };
        ctx.printJson(await calendar.listMissingYears(db, opts.region, range));
      });
    });
}
