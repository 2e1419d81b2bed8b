import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { count } from 'drizzle-orm';
import type { FieldCipher } from '../../platform/crypto.js';
import type { Db } from '../../platform/db.js';
import type { Role } from '../../platform/http.js';
import { departments, regions, users } from './schema.js';
import { markIdentityVerified } from './verification.js';
import { createDepartment, createRegion, createStaffUser, getDepartmentByCode, registerEnterprise, registerPerson } from './service.js';

interface RegionsFile {
  regions: { code: string; name: string; parentCode?: string }[];
}
interface DepartmentsFile {
  departments: Record<string, [string, string, string?][]>;
}
interface DemoUsersFile {
  password: string;
  staff: { username: string; displayName: string; roles: Role[]; regionCode: string; departmentCode?: string }[];
  persons: { name: string; idNumber: string; mobile: string }[];
  enterprises: { name: string; creditCode: string; legalRepresentative: string; mobile: string }[];
}

function readJson<T>(dir: string, file: string): T {
  return JSON.parse(readFileSync(join(dir, file), 'utf8')) as T;
}

/** Regions and departments; safe to run on every start (only what is missing is added). */
export async function seedOrgStructure(db: Db, dataRoot: string): Promise<void> {
  // One transaction: a fresh install gets all of the structure or none of it, and commits once.
  await db.transaction((tx) => addMissingStructure(tx, join(dataRoot, 'org')));
}

async function addMissingStructure(db: Db, dir: string): Promise<void> {
  const existingRegions = new Set((await db.select({ code: regions.code }).from(regions)).map((r) => r.code));
  for (const region of readJson<RegionsFile>(dir, 'regions.json').regions) {
    if (!existingRegions.has(region.code)) await createRegion(db, null, region);
  }
  const existingDepartments = new Set((await db.select({ code: departments.code }).from(departments)).map((d) => d.code));
  for (const [regionCode, list] of Object.entries(readJson<DepartmentsFile>(dir, 'departments.json').departments)) {
    for (const [short, name, nameEn] of list) {
      const code = `${regionCode}-${short}`;
      if (!existingDepartments.has(code)) await createDepartment(db, null, { code, name, nameEn: nameEn ?? null, regionCode });
    }
  }
}

export interface DemoAccount {
  account: string;
  role: string;
  name: string;
}

async function verifiedDemo(db: Db, user: { id: string } | null) {
  if (user) await markIdentityVerified(db, user.id, 'demo');
}

/** Demo accounts, created once on an empty user table; returns what to print for the operator. */
export async function seedDemoUsers(db: Db, cipher: FieldCipher, dataRoot: string): Promise<{ created: boolean; password: string; accounts: DemoAccount[] }> {
  const demo = readJson<DemoUsersFile>(join(dataRoot, 'org'), 'demo-users.json');
  const accounts: DemoAccount[] = [
    ...demo.staff.map((s) => ({ account: s.username, role: s.roles.join(','), name: s.displayName })),
    ...demo.persons.map((p) => ({ account: p.idNumber, role: 'applicant_person', name: p.name })),
    ...demo.enterprises.map((e) => ({ account: e.creditCode, role: 'applicant_enterprise', name: e.name })),
  ];
  const [{ n }] = await db.select({ n: count() }).from(users);
  if (n > 0) return { created: false, password: demo.password, accounts };
  for (const s of demo.staff) {
    const departmentId = s.departmentCode ? (await getDepartmentByCode(db, s.departmentCode)).id : null;
    await createStaffUser(db, null, { username: s.username, displayName: s.displayName, password: demo.password, roles: s.roles, regionCode: s.regionCode, departmentId });
  }
  // The demo applicants stand for people who did their 实名认证 already, so the demo shows their licences.
  for (const p of demo.persons) await verifiedDemo(db, await registerPerson(db, cipher, { ...p, password: demo.password }));
  for (const e of demo.enterprises) await verifiedDemo(db, await registerEnterprise(db, cipher, { ...e, password: demo.password }));
  return { created: true, password: demo.password, accounts };
}
