import type { Command } from 'commander';
import type { CliContext } from '../../platform/cli-context.js';
import { FieldCipher } from '../../platform/crypto.js';
import { listLicences, verifyAll, verifyByCode } from './service.js';

/** The CLI acts as the operator of the server, with a national administrator's scope. */
const OPERATOR = { id: '00000000-0000-0000-0000-000000000000', kind: 'staff' as const, displayName: 'cli', roles: ['admin' as const], regionCode: '000000', departmentId: null, sessionId: '' };

/**
 * `tongban licences verify CODE`: one licence's status and signature (exit 1 when it is not valid or its signature
 * fails); `tongban licences verify --all`: every signature; `tongban licences list --holder ID`: a holder's licences.
 */
export function register(program: Command, ctx: CliContext): void {
  const cmd = program.command('licences').description('电子证照 e-licences');

  cmd
    .command('verify [code]')
    .description('核验证照 verify a licence by its verification code, or every licence with --all')
    .option('--all', 'check the signature of every licence')
    .action(async (code: string | undefined, opts: { all?: boolean }) => {
      await ctx.withDb(async (db) => {
        const cipher = new FieldCipher(ctx.config().secret);
        if (opts.all || !code) {
          const report = await verifyAll(db, cipher);
          ctx.printJson({ ok: report.broken.length === 0, ...report });
          if (report.broken.length) process.exitCode = 1;
          return;
        }
        const v = await verifyByCode(db, { cipher }, code);
        ctx.printJson(v);
        if (v.status !== 'valid' || !v.signatureValid) process.exitCode = 1;
      });
    });

  cmd
    .command('list')
    .description('证照列表 licences of a holder (full ID number or credit code), or all, newest first')
    .option('--holder <identifier>', 'ID number or unified social credit code')
    .option('--type <code>', 'licence type code, e.g. business_licence')
    .option('--limit <n>', 'at most this many', '50')
    .action(async (opts: { holder?: string; type?: string; limit: string }) => {
      await ctx.withDb(async (db) => {
        const cipher = new FieldCipher(ctx.config().secret);
        const r = await listLicences(db, { cipher }, OPERATOR, { holder: opts.holder, typeCode: opts.type, limit: Math.max(1, Number(opts.limit) || 50), offset: 0 });
        ctx.printJson({ total: r.total, items: r.items.map(({ abilities: _a, ...l }) => l) });
      });
    });
}
