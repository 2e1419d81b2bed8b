/**
 * Valid sample inputs built from the OpenAPI document's schemas, so generated tests get past input validation
 * and reach authorization. Path parameters take real records of 咸安区 / 张三 where the route names one.
 */
export interface Samples {
  caseId: string;
  materialId: string;
  personId: string;
  licenceId: string;
  notificationId: string;
  departmentId: string;
  itemId: string;
  unitId: string;
  bundleCode: string;
}

type Schema = {
  type?: string | string[];
  format?: string;
  pattern?: string;
  enum?: unknown[];
  const?: unknown;
  minLength?: number;
  minimum?: number;
  maximum?: number;
  minItems?: number;
  items?: Schema;
  properties?: Record<string, Schema>;
  required?: string[];
  anyOf?: Schema[];
  oneOf?: Schema[];
  default?: unknown;
};

const RANDOM_ID = '00000000-0000-4000-8000-0000000000aa';

/** Candidates tried against a pattern, in order; the first that matches is used. */
const PATTERN_CANDIDATES = ['421202', '421202-xzsp', 'probe_user', '2026-01-05', 'Pab-12', 'ABC', 'a', '1', 'A1', '421202-tst', 'bundle-x'];

function sampleString(s: Schema, name: string, samples: Samples): string {
  if (s.format === 'uuid') return ({ itemId: samples.itemId, departmentId: samples.departmentId, unitId: samples.unitId, into: samples.unitId, fileId: RANDOM_ID } as Record<string, string>)[name] ?? RANDOM_ID;
  if (s.format === 'date-time') return '2026-01-05T02:00:00.000Z';
  if (s.format === 'date') return '2026-01-05';
  if (s.pattern) {
    const re = new RegExp(s.pattern, 'u');
    const found = PATTERN_CANDIDATES.find((c) => re.test(c));
    if (found) return found;
  }
  const byName: Record<string, string> = { idNumber: '421202199001011232', creditCode: '91421202MA49AB1C2J', mobile: '13900000001', regionCode: '421202', password: 'Blue-Harbour-Kettle-71' };
  return byName[name] ?? 'x'.repeat(Math.max(1, s.minLength ?? 1));
}

export function sampleValue(schema: Schema, samples: Samples, name = ''): unknown {
  if (schema.const !== undefined) return schema.const;
  if (schema.enum) return schema.enum[0];
  const alt = schema.anyOf ?? schema.oneOf;
  if (alt) return sampleValue(alt.find((a) => a.type !== 'null') ?? alt[0]!, samples, name);
  const type = Array.isArray(schema.type) ? schema.type.find((x) => x !== 'null') : schema.type;
  switch (type) {
    case 'string':
      return sampleString(schema, name, samples);
    case 'integer':
    case 'number':
      return Math.min(schema.maximum ?? Number.MAX_SAFE_INTEGER, Math.max(schema.minimum ?? 1, 1));
    case 'boolean':
      return false;
    case 'array':
      return Array.from({ length: schema.minItems ?? 0 }, () => sampleValue(schema.items ?? {}, samples, name));
    case 'object':
    case undefined: {
      if (!schema.properties) return {};
      const out: Record<string, unknown> = {};
      for (const key of schema.required ?? []) out[key] = sampleValue(schema.properties[key] ?? {}, samples, key);
      return out;
    }
    default:
      return null;
  }
}

export function sampleBody(schema: object, samples: Samples): unknown {
  return sampleValue(schema as Schema, samples);
}

interface Parameter {
  in: string;
  name: string;
  required?: boolean;
  schema: object;
}

/** Path parameters from the route's own record type; required query parameters from their schema. */
export function sampleParams(path: string, parameters: Parameter[], samples: Samples): { path: Record<string, string>; query: Record<string, string> } {
  const out = { path: {} as Record<string, string>, query: {} as Record<string, string> };
  for (const p of parameters) {
    if (p.in === 'path') out.path[p.name] = pathValue(path, p, samples);
    else if (p.in === 'query' && p.required) out.query[p.name] = String(sampleValue(p.schema as Schema, samples, p.name));
  }
  return out;
}

function pathValue(path: string, p: Parameter, samples: Samples): string {
  const s = p.schema as Schema;
  if (p.name === 'sub') return path.includes('/materials/') ? samples.materialId : RANDOM_ID;
  if (p.name === 'caseId') return samples.caseId;
  if (p.name === 'code' && path.includes('/bundles/')) return samples.bundleCode;
  if (p.name === 'id') {
    if (path.startsWith('/api/v1/cases/')) return samples.caseId;
    if (path.startsWith('/api/v1/inbox/')) return samples.notificationId;
    if (path.includes('/users/')) return samples.personId;
    if (path.includes('/departments/')) return samples.departmentId;
    if (path.includes('licences/')) return samples.licenceId;
    if (path.includes('/ledger/units/')) return samples.unitId;
    if (path.includes('/catalog/items/')) return samples.itemId;
    return RANDOM_ID;
  }
  if (p.name === 'year') return '2026';
  return String(sampleValue(s, samples, p.name));
}
