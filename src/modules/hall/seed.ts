import { eq } from 'drizzle-orm';
import type { Db } from '../../platform/db.js';
import { getPublishedItemByCode, listUsers } from './deps.js';
import { hallBusinessTypes, hallHalls, hallWindows } from './schema.js';

/**
 * The demo install's hall: 咸安区政务服务中心 with three business types mapped to its catalog items, a 综合窗口
 * (无差别受理) staffed by the demo clerk serving all three, and a 企业开办 window without staff yet. Added once.
 */
export async function seedDemoHall(db: Db): Promise<void> {
  const [existing] = await db.select({ id: hallHalls.id }).from(hallHalls).where(eq(hallHalls.regionCode, '421202')).limit(1);
  if (existing) return;
  const staff = await listUsers(db, { within: '421202', kind: 'staff', limit: 500, offset: 0 });
  const clerkId = staff.find((u) => u.username === 'clerk')?.id ?? null;
  const known = async (codes: string[]) => {
    const ok: string[] = [];
    for (const c of codes) if (await getPublishedItemByCode(db, c).then(() => true, () => false)) ok.push(c);
    return ok;
  };
  const [h] = await db.insert(hallHalls).values({ regionCode: '421202', name: '咸安区政务服务中心', nameEn: 'Xian’an District Government Service Centre', address: '咸宁市咸安区', yellowMinutes: 20, redMinutes: 40 }).returning();
  const types = await db.insert(hallBusinessTypes).values([
    { hallId: h!.id, prefix: 'A', name: '企业开办', nameEn: 'Starting a business', itemCodes: await known(['421202-QYKB-SLDJ', '421202-QYKB-GZKZ', '421202-QYKB-FPSL', '421202-QYKB-SBDJ', '421202-GTH-SLDJ']), sort: 1 },
    { hallId: h!.id, prefix: 'B', name: '工程建设', nameEn: 'Construction permits', itemCodes: await known(['421202-GC-YDGH', '421202-GC-GCGH', '421202-GC-YDYS']), sort: 2 },
    { hallId: h!.id, prefix: 'C', name: '药品与食品经营', nameEn: 'Pharmacies and food', itemCodes: await known(['421202-YD-YPLS', '421202-YD-SPJY', '421202-YD-YLQX']), sort: 3 },
  ]).returning();
  await db.insert(hallWindows).values([
    { hallId: h!.id, number: 1, name: '综合窗口', staffUserId: clerkId, typeIds: types.map((t) => t.id) },
    { hallId: h!.id, number: 2, name: '企业开办窗口', staffUserId: null, typeIds: [types[0]!.id] },
  ]);
}
