import { readFileSync, writeFileSync } from 'node:fs';
import { extname } from 'node:path';
import { Option, type Command } from 'commander';
import type { CliContext } from '../../platform/cli-context.js';
import { statsPercentages } from './rules.js';
import * as catalog from './service.js';

const regionOption = () => new Option('--region <code>', '行政区划（含下级）region code, and everything below it');

/** `tongban catalog …`: statistics, export, import and seeding of the service catalog. */
export function register(program: Command, ctx: CliContext): void {
  const cmd = program.command('catalog').description('政务服务事项库 service catalog');

  cmd
    .command('stats')
    .description('事项统计: 即办件率, 可网办率, 全程网办率, 最多跑一次率, 一次不用跑率, 承诺时限压缩率')
    .addOption(regionOption())
    .option('--department <code>', 'department code')
    .addOption(new Option('--level <level>', 'level').choices(['national', 'province', 'city', 'county', 'township', 'village']))
    .addOption(new Option('--group-by <group>', 'one line per region, department or level').choices(['region', 'department', 'level']))
    .addOption(new Option('--format <format>', 'output format').choices(['json']).default('json'))
    .action(async (opts: { region?: string; department?: string; level?: 'county'; groupBy?: catalog.StatsGroup }) => {
      await ctx.withDb(async (db) => {
        const stats = await catalog.catalogStatistics(db, { within: opts.region, departmentCode: opts.department, level: opts.level, groupBy: opts.groupBy });
        ctx.printJson({
          region: opts.region ?? null,
          total: { ...stats.total, percent: statsPercentages(stats.total) },
          groups: stats.groups.map((g) => ({ key: g.key, ...g.stats, percent: statsPercentages(g.stats) })),
        });
      });
    });

  cmd
    .command('export')
    .description('导出已发布事项 export published items as JSON or xlsx')
    .requiredOption('--out <file>', 'file to write (.json or .xlsx)')
    .addOption(regionOption())
    .action(async (opts: { out: string; region?: string }) => {
      await ctx.withDb(async (db) => {
        const filter = { within: opts.region };
        if (extname(opts.out) === '.xlsx') writeFileSync(opts.out, await catalog.exportWorkbook(db, filter));
        else writeFileSync(opts.out, JSON.stringify({ items: await catalog.exportItems(db, filter) }, null, 1) + '\n');
        ctx.printJson({ written: opts.out });
      });
    });

  cmd
    .command('import <file>')
    .description('导入事项 import items from JSON ({ items: [...] }) or xlsx; nothing is imported if any row is wrong')
    .option('--publish', 'publish every imported version at once')
    .action(async (file: string, opts: { publish?: boolean }) => {
      await ctx.withDb(async (db) => {
        const options = { publish: opts.publish ?? false };
        const result =
          extname(file) === '.xlsx'
            ? await catalog.importWorkbook(db, null, readFileSync(file), options)
            : await catalog.importItems(
                db,
                null,
                (JSON.parse(readFileSync(file, 'utf8')) as { items: unknown[] }).items.map((item, i) => ({ item, row: i + 1 })),
                options,
              );
        ctx.printJson(result);
      });
    });

  cmd
    .command('seed')
    .description('load data/catalog into the catalog (items already present are left alone)')
    .action(async () => {
      await ctx.withDb(async (db) => ctx.printJson(await catalog.seedCatalog(db)));
    });
}
