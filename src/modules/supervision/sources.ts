/**
 * Figures supervision takes from modules that may not be installed: 好差评 (ratings), 12345 (hotline) and
 * 双随机 (inspection). Each is read through one small interface that the module registers when it exists;
 * until then every section, ranking part and wall tile that needs it says the module is absent.
 */
import type { Db } from '../../platform/db.js';

export interface Span {
  /** Region and everything below it (GB/T 2260 prefix). */
  within: string;
  from: Date;
  to: Date;
}

export interface RatingFigures {
  rated: number;
  /** 好评率: good (4–5) among all ratings. */
  goodRate: number | null;
  /** 差评整改率: bad ratings rectified among those due. */
  rectifiedRate: number | null;
}

export interface HotlineFigures {
  orders: number;
  closed: number;
  onTimeRate: number | null;
  /** 12345 满意率 */
  satisfactionRate: number | null;
}

export interface InspectionFigures {
  draws: number;
  subjects: number;
  problemsFound: number;
  published: number;
}

export interface RatingsSource {
  /** Keyed by department id. */
  byDepartment(db: Db, span: Span): Promise<Map<string, RatingFigures>>;
  /** Keyed by the region-code prefix of `childLength` characters. */
  byRegion(db: Db, span: Span, childLength: number): Promise<Map<string, RatingFigures>>;
  total(db: Db, span: Span): Promise<RatingFigures>;
}

export interface HotlineSource {
  byDepartment(db: Db, span: Span): Promise<Map<string, HotlineFigures>>;
  byRegion(db: Db, span: Span, childLength: number): Promise<Map<string, HotlineFigures>>;
  total(db: Db, span: Span): Promise<HotlineFigures>;
}

export interface InspectionSource {
  total(db: Db, span: Span): Promise<InspectionFigures>;
}

export interface SupervisionSources {
  ratings: RatingsSource | null;
  hotline: HotlineSource | null;
  inspection: InspectionSource | null;
}

const sources: SupervisionSources = { ratings: null, hotline: null, inspection: null };

/** Called by the ratings, hotline and inspection modules (or the server) once they exist. */
export function setSupervisionSources(s: Partial<SupervisionSources>): void {
  Object.assign(sources, s);
}

export function supervisionSources(): Readonly<SupervisionSources> {
  return sources;
}
