import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Db } from '../../platform/db.js';
import { listDepartments, listItems } from './deps.js';
import { seedKbFromCatalog } from './kb.js';
import { hotlineCentres, hotlineSubjects } from './schema.js';

interface SubjectsFile {
  subjects: { code: string; parent?: string; name: string; nameEn: string; department?: string }[];
}

/**
 * The subject taxonomy, and a 12345 centre for each province and city that has a 政务服务 department (`-zwb`):
 * its staff work the desk; a knowledge-base entry for each published catalog item. Only what is missing is added, so an operator's changes stay.
 */
export async function seedHotline(db: Db, dataRoot: string): Promise<void> {
  const file = JSON.parse(readFileSync(join(dataRoot, 'hotline', 'subjects.json'), 'utf8')) as SubjectsFile;
  await db.insert(hotlineSubjects).values(file.subjects.map((s) => ({ code: s.code, parentCode: s.parent ?? null, name: s.name, nameEn: s.nameEn, departmentShort: s.department ?? null }))).onConflictDoNothing();
  const centres = (await listDepartments(db)).filter((d) => d.code.endsWith('-zwb') && d.regionCode.length === 6 && d.regionCode.endsWith('00'));
  if (centres.length) await db.insert(hotlineCentres).values(centres.map((d) => ({ regionCode: d.regionCode, departmentId: d.id }))).onConflictDoNothing();
  for (let offset = 0; ; offset += 500) {
    const items = await listItems(db, { published: true, limit: 500, offset });
    await seedKbFromCatalog(db, items);
    if (items.length < 500) break;
  }
}
