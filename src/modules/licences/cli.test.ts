import { Command } from 'commander';
import { sql } from 'drizzle-orm';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { testDbHandle } from '../../../test/helpers/db.js';
import { testConfig } from '../../../test/helpers/server.js';
import type { CliContext } from '../../platform/cli-context.js';
import type { Config } from '../../platform/config.js';
import { FieldCipher } from '../../platform/crypto.js';
import type { Db, DbHandle } from '../../platform/db.js';
import { SEED_DIR } from '../../seed.js';
import { seedDemoUsers, seedOrgStructure } from '../org/index.js';
import { register } from './cli.js';
import { seedLicences } from './service.js';

let handle: DbHandle;
let db: Db;
const config: Config = testConfig();
const out: unknown[] = [];

async function run(...args: string[]) {
  const program = new Command('tongban').exitOverride();
  const ctx: CliContext = { config: () => config, withDb: (fn) => fn(db, handle), printJson: (v) => out.push(v) };
  register(program, ctx);
  await program.parseAsync(['node', 'tongban', ...args]);
  return out.at(-1) as any;
}

beforeAll(async () => {
  handle = await testDbHandle();
  db = handle.db;
  const cipher = new FieldCipher(config.secret);
  await seedOrgStructure(db, SEED_DIR);
  await seedDemoUsers(db, cipher, SEED_DIR);
  await seedLicences(db, cipher, SEED_DIR);
});

afterEach(() => {
  process.exitCode = undefined;
});

describe('tongban licences', () => {
  it('lists a holder’s licences and verifies one by its code, then every signature', async () => {
    const listed = await run('licences', 'list', '--holder', '91421202MA49AB1C2J');
    expect(listed.total).toBe(2);
    const business = listed.items.find((l: { typeCode: string }) => l.typeCode === 'business_licence');
    expect(business.holderIdMasked).toBe('9142**********1C2J');
    expect(await run('licences', 'verify', business.verificationCode)).toMatchObject({ status: 'valid', signatureValid: true, number: business.number });
    expect(process.exitCode).toBeUndefined();
    expect(await run('licences', 'verify', '--all')).toEqual({ ok: true, checked: 4, broken: [] });

    await db.execute(sql`UPDATE licences SET holder_name = '别人' WHERE id = ${business.id}`);
    expect(await run('licences', 'verify', business.verificationCode)).toMatchObject({ signatureValid: false });
    expect(process.exitCode).toBe(1);
    expect(await run('licences', 'verify', '--all')).toMatchObject({ ok: false, broken: [{ id: business.id, number: business.number }] });
  });
});
