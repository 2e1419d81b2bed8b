import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DbHandle } from '../../platform/db.js';
import { testApp } from '../../../test/helpers/app.js';
import type { Client } from '../../../test/helpers/server.js';
import { sm2PublicKeyPem, ustar } from './export.js';

const PERSON = '421202199001011232';
const ENTERPRISE = '91421202MA49AB1C2J';
const work = mkdtempSync(join(tmpdir(), 'tongban-licence-export-'));
let dbh: DbHandle;
let person: Client;
let enterprise: Client;
let anonymous: Client;

beforeAll(async () => {
  const t = await testApp();
  dbh = t.dbh;
  [person, enterprise] = await Promise.all([t.login(PERSON), t.login(ENTERPRISE)]);
  anonymous = t.anonymous;
}, 120_000);
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** Downloads a licence file as the holder would and unpacks it with the system's tar into a folder of its own. */
async function download(c: Client, id: string): Promise<string> {
  const res = await c.get(`/api/v1/my/licences/${id}/export`);
  expect(res.statusCode, res.body).toBe(200);
  expect(res.headers['content-type']).toBe('application/x-tar');
  const name = /filename="([^"]+)"/.exec(String(res.headers['content-disposition']))![1]!;
  const into = mkdtempSync(join(work, 'dl-'));
  writeFileSync(join(into, name), res.rawPayload);
  execFileSync('tar', ['-xf', name], { cwd: into });
  return join(into, name.replace(/\.tar$/, ''));
}

/** The command docs/licences.md gives, run with the system's OpenSSL 3. */
function opensslVerify(dir: string) {
  const r = spawnSync('openssl', ['dgst', '-sm3', '-verify', 'key.pem', '-sigopt', 'distid:1234567812345678', '-signature', 'sig.der', 'content.json'], { cwd: dir, encoding: 'utf8' });
  return { status: r.status, out: `${r.stdout}${r.stderr}`.trim() };
}

describe('licence download (canonical JSON + detached SM2 signature + public key), verified by stock OpenSSL', () => {
  it('verifies with openssl dgst -sm3, and fails after one byte of the content changes', async () => {
    const [licence] = (await person.get('/api/v1/my/licences')).json().items;
    const dir = await download(person, licence.id);
    expect(readdirSync(dir).sort()).toEqual(['README.txt', 'content.json', 'key.pem', 'sig.der']);
    expect(opensslVerify(dir)).toEqual({ status: 0, out: 'Verified OK' });

    const content = JSON.parse(readFileSync(join(dir, 'content.json'), 'utf8'));
    expect(content).toMatchObject({ v: 1, id: licence.id, number: licence.number, verificationCode: licence.verificationCode, holderId: PERSON });
    const [key] = (await anonymous.get('/api/v1/public/licences/keys')).json().items;
    expect(readFileSync(join(dir, 'key.pem'), 'utf8')).toBe(sm2PublicKeyPem(key.publicKey));
    expect(readFileSync(join(dir, 'README.txt'), 'utf8')).toContain('openssl dgst -sm3 -verify key.pem -sigopt distid:1234567812345678 -signature sig.der content.json');

    const bytes = readFileSync(join(dir, 'content.json'));
    const at = bytes.indexOf(Buffer.from(licence.number)) + licence.number.length - 1;
    bytes[at] = bytes[at] === 0x31 ? 0x32 : 0x31;
    writeFileSync(join(dir, 'content.json'), bytes);
    expect(opensslVerify(dir)).toMatchObject({ status: 1, out: expect.stringContaining('Verification failure') });
  }, 60_000);

  it('is the holder’s only: another applicant gets 404, nobody signed in 401', async () => {
    const [licence] = (await person.get('/api/v1/my/licences')).json().items;
    const other = await enterprise.get(`/api/v1/my/licences/${licence.id}/export`);
    expect([other.statusCode, other.json().code]).toEqual([404, 'LICENCE_NOT_FOUND']);
    expect((await anonymous.get(`/api/v1/my/licences/${licence.id}/export`)).statusCode).toBe(401);
  });

  it('refuses to hand out a licence whose stored content no longer matches its signature', async () => {
    const [licence] = (await enterprise.get('/api/v1/my/licences')).json().items;
    await dbh.db.execute(sql`UPDATE licences SET holder_name = holder_name || '某' WHERE id = ${licence.id}`);
    const res = await enterprise.get(`/api/v1/my/licences/${licence.id}/export`);
    expect([res.statusCode, res.json().code]).toEqual([409, 'LICENCE_SIGNATURE_INVALID']);
    expect(res.json().message).toBeTruthy();
  });

  it('writes a ustar archive the system tar lists with the exact sizes', () => {
    const tar = ustar([{ name: 'd/a.txt', data: Buffer.from('中文 ok\n') }, { name: 'd/empty', data: Buffer.alloc(0) }], new Date('2026-01-01T00:00:00Z'));
    expect(tar.length % 512).toBe(0);
    const file = join(work, 'x.tar');
    writeFileSync(file, tar);
    const listing = execFileSync('tar', ['-tvf', file], { encoding: 'utf8' }).trim().split('\n');
    expect(listing.map((l) => l.split(/\s+/).slice(2, 3).concat(l.split(/\s+/).at(-1)!))).toEqual([['10', 'd/a.txt'], ['0', 'd/empty']]);
  });
});
