import { Command, Option } from 'commander';
import { loadConfig } from './platform/config.js';
import { createCliContext, openConfiguredDb } from './platform/cli-context.js';
import { FieldCipher } from './platform/crypto.js';
import { AppError } from './platform/errors.js';
import { ROLES, type Role } from './platform/http.js';
import { createStaffUser, getDepartmentByCode } from './modules/org/index.js';
import { registerLedgerCli } from './modules/ledger/index.js';
import { registerCaseCli, startCaseJobs } from './modules/cases/index.js';
import { registerWorkflowCli } from './modules/workflow/index.js';
import { registerCatalogCli } from './modules/catalog/index.js';
import { registerLicenceCli } from './modules/licences/index.js';
import { startSupervisionJobs } from './modules/supervision/index.js';
import { register as registerCalendar } from './modules/calendar/cli.js';
import { registerVerifyCli } from './platform/event-log/cli.js';
import { registerBackupCli } from './platform/backup.js';
import { startCheckpoints } from './platform/event-log/jobs.js';
import { seedAll } from './seed.js';
import { buildServer } from './server.js';
import { startWork } from './platform/workers/pool.js';
import { registerInspectionCli } from './modules/inspection/index.js';
import { registerRoutingCli, startRouting } from './modules/routing/index.js';

const ctx = createCliContext();
const program = new Command('tongban').description('通办 tongban — one-stop government service platform').showHelpAfterError();

program
  .command('start')
  .description('start the server (embedded PostgreSQL unless DATABASE_URL is set); migrates and seeds first')
  .option('--port <port>', 'port to listen on (default: PORT or 3000)')
  .option('--host <host>', 'address to bind (default: HOST or 127.0.0.1)')
  .action(async (opts: { port?: string; host?: string }) => {
    const config = loadConfig({ ...process.env, ...(opts.port ? { PORT: opts.port } : {}), ...(opts.host ? { HOST: opts.host } : {}) });
    const dbh = await openConfiguredDb(config);
    const seed = await seedAll(dbh.db, new FieldCipher(config.secret), { demo: config.demo });
    const app = await buildServer({ config, dbh });
    // The first import or export should not wait for the worker pool's first thread to start.
    startWork();
    const caseJobs = await startCaseJobs(dbh, { cipher: app.cipher, dataDir: config.dataDir, databaseUrl: config.databaseUrl });
    const checkpoints = config.checkpointMinutes
      ? await startCheckpoints(dbh, { dataDir: config.dataDir, minutes: config.checkpointMinutes, url: config.checkpointUrl, databaseUrl: config.databaseUrl })
      : null;
    const supervisionJobs = await startSupervisionJobs(dbh, { databaseUrl: config.databaseUrl, now: () => app.clock.now() });
    const routing = await startRouting(dbh, { cipher: app.cipher, dataDir: config.dataDir, now: () => app.clock.now() }, { publicUrl: process.env.TONGBAN_PUBLIC_URL ?? `http://localhost:${config.port || 3000}`, databaseUrl: config.databaseUrl });
    const shutdown = async () => {
      await app.close();
      await checkpoints?.stop();
      await caseJobs.stop();
      await supervisionJobs.stop();
      await routing.stop();
      await dbh.close();
      process.exit(0);
    };
    process.once('SIGINT', shutdown);
    process.once('SIGTERM', shutdown);
    await app.listen({ port: config.port, host: config.host });
    const address = app.server.address();
    const port = typeof address === 'object' && address ? address.port : config.port;
    const url = `http://${config.host === '0.0.0.0' ? 'localhost' : config.host}:${port}/`;
    const lines = [
      '',
      `通办 tongban is running at ${url}`,
      `  database: ${dbh.kind === 'pglite' ? `embedded PostgreSQL (PGlite) in ${config.dataDir}/pglite` : 'PostgreSQL (DATABASE_URL)'}`,
      `  API docs: ${url}api/docs`,
      `  catalog: ${seed.catalog.created + seed.catalog.existing} service items${seed.catalog.skipped ? `, ${seed.catalog.skipped} seed items skipped (see the log)` : ''}`,
    ];
    if (seed.accounts.length) {
      lines.push(`  demo accounts (password ${seed.password}):`);
      for (const a of seed.accounts) lines.push(`    ${a.role.padEnd(22)} ${a.account.padEnd(20)} ${a.name}`);
    }
    process.stdout.write(lines.join('\n') + '\n\n');
  });

program
  .command('migrate')
  .description('apply pending database migrations and exit')
  .action(async () => {
    await ctx.withDb(async (_db, handle) => ctx.printJson({ migrated: true, database: handle.kind }));
  });

program
  .command('seed')
  .description('load reference data (regions, departments …) and, with --demo, the demo accounts')
  .option('--demo', 'also create the demo accounts when no user exists')
  .action(async (opts: { demo?: boolean }) => {
    await ctx.withDb(async (db) => {
      const report = await seedAll(db, new FieldCipher(ctx.config().secret), { demo: !!opts.demo });
      ctx.printJson({ seeded: true, demoCreated: report.demoCreated });
    });
  });

const user = program.command('user').description('manage accounts');
user
  .command('create')
  .description('create a staff account (the password is read from TONGBAN_PASSWORD or --password)')
  .requiredOption('--username <name>', 'login name')
  .requiredOption('--name <displayName>', 'display name')
  .addOption(new Option('--role <role...>', 'one or more roles').choices(ROLES as string[]).makeOptionMandatory())
  .requiredOption('--region <code>', 'GB/T 2260 region code of the account’s scope')
  .option('--department <code>', 'department code (<regionCode>-<short>) for clerks and approvers')
  .option('--password <password>', 'initial password (prefer TONGBAN_PASSWORD to keep it out of shell history)')
  .action(async (opts: { username: string; name: string; role: Role[]; region: string; department?: string; password?: string }) => {
    const password = opts.password ?? process.env.TONGBAN_PASSWORD;
    if (!password) throw new Error('give the password in TONGBAN_PASSWORD or --password');
    await ctx.withDb(async (db) => {
      const departmentId = opts.department ? (await getDepartmentByCode(db, opts.department)).id : null;
      const created = await createStaffUser(db, null, { username: opts.username, displayName: opts.name, password, roles: opts.role, regionCode: opts.region, departmentId });
      ctx.printJson(created);
    });
  });

for (const register of [registerVerifyCli, registerBackupCli, registerCalendar, registerCatalogCli, registerCaseCli, registerWorkflowCli, registerLedgerCli, registerLicenceCli, registerInspectionCli, registerRoutingCli]) register(program, ctx);

async function main() {
  try {
    await program.parseAsync(process.argv);
  } catch (err) {
    if (err instanceof AppError) {
      process.stderr.write(`${err.code}: ${err.messageZh} / ${err.messageEn}${err.details ? ' ' + JSON.stringify(err.details) : ''}\n`);
    } else {
      process.stderr.write(`${(err as Error).message}\n`);
    }
    process.exit(1);
  }
}

await main();
