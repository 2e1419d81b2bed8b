/**
 * Authorization generated from the OpenAPI document (issue 20, point 4): every documented route is called
 * anonymously, by every role the reviewed table below does not allow, and — for routes that act on one record —
 * by staff of another region and by another applicant, with a record of 咸安区 / 张三. None of those may get a 2xx.
 * A route the document has and the table lacks fails the test, so a new route is covered the day it is added.
 */
import { describe, expect, it } from 'vitest';
import type { Role } from '../../src/platform/http.js';
import { getPublishedItemByCode } from '../../src/modules/catalog/index.js';
import { testApp, type Client } from '../helpers/app.js';
import { sampleBody, sampleParams, type Samples } from './openapi-samples.js';

// 'signed': a system-to-system route that answers only a request signed with a registered key, so no session of
// any role, nor an anonymous caller, may get a 2xx from it.
type Access = 'public' | 'session' | 'signed' | readonly Role[];
const STAFF: Role[] = ['window_clerk', 'approver', 'supervisor', 'admin'];
const MANAGERS: Role[] = ['admin', 'supervisor'];
const APPLICANTS: Role[] = ['applicant_person', 'applicant_enterprise'];

/**
 * Who may call each route, reviewed against the routes' code and DESIGN.md's users. `scoped`: the route acts on
 * the record its path names, which the out-of-scope actors must not reach.
 */
const EXPECTED: Record<string, { access: Access; scoped?: boolean }> = {
  'GET /healthz': { access: 'public' },
  'GET /readyz': { access: 'public' },
  'POST /api/v1/auth/register/person': { access: 'public' },
  'POST /api/v1/auth/register/enterprise': { access: 'public' },
  'POST /api/v1/auth/identity': { access: APPLICANTS },
  'POST /api/v1/auth/login': { access: 'public' },
  'POST /api/v1/auth/logout': { access: 'session' },
  'GET /api/v1/auth/me': { access: 'session' },
  'GET /api/v1/regions': { access: 'public' },
  'GET /api/v1/regions/{code}': { access: 'public' },
  'GET /api/v1/departments': { access: 'public' },
  'POST /api/v1/admin/regions': { access: ['admin'] },
  'POST /api/v1/admin/departments': { access: ['admin'] },
  'PATCH /api/v1/admin/departments/{id}': { access: ['admin'], scoped: true },
  'GET /api/v1/admin/users': { access: ['admin'] },
  'POST /api/v1/admin/users': { access: ['admin'] },
  'PATCH /api/v1/admin/users/{id}': { access: ['admin'], scoped: true },
  'GET /api/v1/applicants/lookup': { access: ['window_clerk', 'admin'] },
  'GET /api/v1/users/{id}/id-number': { access: 'session', scoped: true },
  'GET /api/v1/admin/audit': { access: ['admin'] },
  'GET /api/v1/calendar/days/{date}': { access: 'session' },
  'GET /api/v1/calendar/due': { access: 'session' },
  'GET /api/v1/calendar/office-hours': { access: 'session' },
  'GET /api/v1/supervise/calendar/missing-years': { access: MANAGERS },
  'GET /api/v1/admin/calendar/years/{year}': { access: ['admin'] },
  'POST /api/v1/admin/calendar/notices/preview': { access: ['admin'] },
  'POST /api/v1/admin/calendar/notices/confirm': { access: ['admin'] },
  'PUT /api/v1/admin/calendar/office-hours/{regionCode}': { access: ['admin'], scoped: true },
  'PUT /api/v1/admin/calendar/days/{regionCode}/{date}': { access: ['admin'], scoped: true },
  'GET /api/v1/catalog/items': { access: 'public' },
  'GET /api/v1/catalog/items/{id}/guide': { access: 'public' },
  'GET /api/v1/catalog/items/{id}/versions/{version}': { access: 'public' },
  'GET /api/v1/catalog/stats': { access: MANAGERS },
  'GET /api/v1/admin/catalog/items': { access: ['admin'] },
  'POST /api/v1/admin/catalog/items': { access: ['admin'] },
  'GET /api/v1/admin/catalog/items/{id}': { access: ['admin'], scoped: true },
  'PUT /api/v1/admin/catalog/items/{id}/draft': { access: ['admin'], scoped: true },
  'POST /api/v1/admin/catalog/items/{id}/publish': { access: ['admin'], scoped: true },
  'POST /api/v1/admin/catalog/items/{id}/suspend': { access: ['admin'], scoped: true },
  'POST /api/v1/admin/catalog/items/{id}/resume': { access: ['admin'], scoped: true },
  'GET /api/v1/admin/catalog/export.json': { access: ['admin'] },
  'GET /api/v1/admin/catalog/export.xlsx': { access: ['admin'] },
  'POST /api/v1/admin/catalog/import': { access: ['admin'] },
  'POST /api/v1/admin/catalog/import.xlsx': { access: ['admin'] },
  'POST /api/v1/ledger/imports': { access: MANAGERS },
  'GET /api/v1/ledger/imports/{id}': { access: MANAGERS },
  'PUT /api/v1/ledger/imports/{id}': { access: MANAGERS },
  'POST /api/v1/ledger/imports/{id}/confirm': { access: MANAGERS },
  'POST /api/v1/ledger/imports/{id}/discard': { access: MANAGERS },
  'POST /api/v1/ledger/imports/{id}/units': { access: MANAGERS },
  'GET /api/v1/ledger/my': { access: STAFF },
  'GET /api/v1/ledger/tasks': { access: STAFF },
  'GET /api/v1/ledger/tasks/{id}': { access: STAFF },
  'PATCH /api/v1/ledger/tasks/{id}': { access: MANAGERS },
  'POST /api/v1/ledger/tasks/{id}/reports': { access: STAFF },
  'GET /api/v1/ledger/dispatch': { access: MANAGERS },
  'POST /api/v1/ledger/supervision': { access: MANAGERS },
  'GET /api/v1/ledger/orders': { access: MANAGERS },
  'POST /api/v1/ledger/orders/{id}/answer': { access: STAFF },
  'POST /api/v1/ledger/orders/{id}/close': { access: MANAGERS },
  'POST /api/v1/ledger/evaluations': { access: MANAGERS },
  'GET /api/v1/ledger/units': { access: MANAGERS },
  'POST /api/v1/ledger/units': { access: MANAGERS },
  'PATCH /api/v1/ledger/units/{id}': { access: MANAGERS, scoped: true },
  'POST /api/v1/ledger/units/{id}/merge': { access: MANAGERS, scoped: true },
  'GET /api/v1/ledger/export': { access: MANAGERS },
  'POST /api/v1/cases/files': { access: [...APPLICANTS, 'window_clerk'] },
  'POST /api/v1/cases': { access: 'session' },
  'GET /api/v1/cases': { access: 'session' },
  'GET /api/v1/cases/cards': { access: MANAGERS },
  'GET /api/v1/cases/{id}': { access: 'session', scoped: true },
  'GET /api/v1/cases/{id}/events': { access: 'session', scoped: true },
  'GET /api/v1/cases/{id}/applicant-id': { access: 'session', scoped: true },
  'GET /api/v1/cases/{id}/documents/{sub}': { access: 'session', scoped: true },
  'GET /api/v1/cases/{id}/materials/{sub}/file': { access: 'session', scoped: true },
  'POST /api/v1/cases/{id}/materials/{sub}/review': { access: 'session', scoped: true },
  'POST /api/v1/cases/{id}/accept': { access: 'session', scoped: true },
  'POST /api/v1/cases/{id}/accept-with-deficiency': { access: 'session', scoped: true },
  'POST /api/v1/cases/{id}/correction': { access: 'session', scoped: true },
  'POST /api/v1/cases/{id}/resubmit': { access: 'session', scoped: true },
  'POST /api/v1/cases/{id}/reject': { access: 'session', scoped: true },
  'POST /api/v1/cases/{id}/withdraw': { access: 'session', scoped: true },
  'POST /api/v1/cases/{id}/pledge': { access: 'session', scoped: true },
  'POST /api/v1/cases/{id}/verification': { access: 'session', scoped: true },
  'POST /api/v1/cases/{id}/deficiencies': { access: 'session', scoped: true },
  'POST /api/v1/cases/{id}/steps/pass': { access: 'session', scoped: true },
  'POST /api/v1/cases/{id}/steps/return': { access: 'session', scoped: true },
  'POST /api/v1/cases/{id}/special-procedures': { access: 'session', scoped: true },
  'POST /api/v1/cases/{id}/conclude': { access: 'session', scoped: true },
  'POST /api/v1/cases/{id}/deliver': { access: 'session', scoped: true },
  'POST /api/v1/cases/{id}/special-procedures/{sub}/end': { access: 'session', scoped: true },
  'GET /api/v1/inbox': { access: 'session' },
  'POST /api/v1/inbox/{id}/read': { access: 'session', scoped: true },
  'GET /api/v1/admin/cases/verify': { access: ['admin'] },
  'GET /api/v1/bundles': { access: 'public' },
  'GET /api/v1/bundles/{code}': { access: 'public' },
  'POST /api/v1/bundles/{code}/plan': { access: 'public' },
  'POST /api/v1/bundles/{code}/apply': { access: [...APPLICANTS, 'window_clerk'] },
  'GET /api/v1/bundle-cases': { access: 'session' },
  'GET /api/v1/supervise/bundle-cards': { access: MANAGERS },
  'GET /api/v1/bundle-cases/by-case/{caseId}': { access: 'session', scoped: true },
  'GET /api/v1/bundle-cases/{id}': { access: 'session', scoped: true },
  'GET /api/v1/bundle-cases/{id}/events': { access: 'session', scoped: true },
  'POST /api/v1/bundle-cases/{id}/accept': { access: ['window_clerk'], scoped: true },
  'POST /api/v1/bundle-cases/{id}/withdraw': { access: APPLICANTS, scoped: true },
  'POST /api/v1/bundle-cases/{id}/deliver': { access: ['window_clerk'], scoped: true },
  'GET /api/v1/admin/bundles': { access: ['admin'] },
  'POST /api/v1/admin/bundles': { access: ['admin'] },
  'GET /api/v1/admin/bundles/{code}': { access: ['admin'] },
  'PUT /api/v1/admin/bundles/{code}/draft': { access: ['admin'] },
  'POST /api/v1/admin/bundles/{code}/publish': { access: ['admin'] },
  'GET /api/v1/admin/bundles/verify': { access: ['admin'] },
  'GET /api/v1/licence-types': { access: 'public' },
  'GET /api/v1/my/licences': { access: APPLICANTS },
  'GET /api/v1/my/licences/{id}': { access: APPLICANTS, scoped: true },
  'GET /api/v1/my/licences/{id}/uses': { access: APPLICANTS, scoped: true },
  'GET /api/v1/licences': { access: STAFF },
  'POST /api/v1/licences/{id}/revoke': { access: ['admin', 'approver'], scoped: true },
  'GET /api/v1/public/licences/verify/{code}': { access: 'public' },
  'GET /api/v1/public/licences/keys': { access: 'public' },
  'GET /api/v1/my/licences/{id}/export': { access: APPLICANTS, scoped: true },
  'GET /api/v1/admin/checkpoints': { access: ['admin'] },
  'GET /api/v1/admin/checkpoints/public-key': { access: ['admin'] },
  'GET /api/v1/admin/checkpoints/latest': { access: ['admin'] },
  'GET /api/v1/admin/checkpoints/{name}': { access: ['admin'] },
  'GET /api/v1/rating-options': { access: 'public' },
  'POST /api/v1/cases/{caseId}/ratings': { access: 'session', scoped: true },
  'GET /api/v1/cases/{caseId}/ratings': { access: 'session', scoped: true },
  'POST /api/v1/bundle-cases/{bundleId}/ratings': { access: 'session', scoped: true },
  'GET /api/v1/bundle-cases/{bundleId}/ratings': { access: 'session', scoped: true },
  'POST /api/v1/ratings/general': { access: 'session' },
  'GET /api/v1/public/ratings/qr/{token}': { access: 'public' },
  'POST /api/v1/public/ratings/qr/{token}': { access: 'public' },
  'GET /api/v1/public/ratings': { access: 'public' },
  'GET /api/v1/public/ratings/regions': { access: 'public' },
  'GET /api/v1/rectifications': { access: STAFF },
  'GET /api/v1/rectifications/cards': { access: MANAGERS },
  'GET /api/v1/rectifications/{ratingId}': { access: 'session', scoped: true },
  'POST /api/v1/rectifications/{ratingId}/verify': { access: ['approver', 'window_clerk'], scoped: true },
  'POST /api/v1/rectifications/{ratingId}/rectify': { access: ['approver', 'window_clerk'], scoped: true },
  'POST /api/v1/rectifications/{ratingId}/follow-up': { access: 'session', scoped: true },
  'POST /api/v1/rectifications/{ratingId}/appeal': { access: ['approver', 'window_clerk'], scoped: true },
  'POST /api/v1/rectifications/{ratingId}/appeal/decide': { access: ['supervisor'], scoped: true },
  'POST /api/v1/rectifications/{ratingId}/escalation/decide': { access: ['supervisor'], scoped: true },
  'GET /api/v1/rating-figures': { access: MANAGERS },
  'GET /api/v1/rating-settings/{regionCode}': { access: STAFF },
  'PUT /api/v1/rating-settings/{regionCode}': { access: ['admin'], scoped: true },
  'GET /api/v1/supervision/statistics': { access: MANAGERS },
  'GET /api/v1/supervision/ranking': { access: MANAGERS },
  'GET /api/v1/supervision/ranking/weights': { access: MANAGERS },
  // Sets the weights of the caller's own region: an admin of another region changes its own, not 咸安's.
  'PUT /api/v1/supervision/ranking/weights': { access: ['admin'] },
  'POST /api/v1/supervision/reports': { access: MANAGERS },
  'GET /api/v1/supervision/reports': { access: MANAGERS },
  'GET /api/v1/supervision/reports/{month}': { access: MANAGERS },
  'GET /api/v1/supervision/reports/{month}/{format}': { access: MANAGERS },
  'GET /api/v1/supervision/inbox': { access: STAFF },
  'GET /api/v1/supervision/inbox/{id}/pdf': { access: STAFF, scoped: true },
  'GET /api/v1/supervision/wall': { access: MANAGERS },
  'POST /api/v1/hotline/telephony/calls': { access: 'signed' },
  'POST /api/v1/hotline/telephony-systems': { access: ['admin'] },
  'GET /api/v1/hotline/calls': { access: STAFF },
  'POST /api/v1/hotline/orders': { access: 'session' },
  'POST /api/v1/hotline/orders/import': { access: MANAGERS },
  'GET /api/v1/hotline/orders': { access: 'session' },
  'GET /api/v1/hotline/orders/{id}': { access: 'session', scoped: true },
  'GET /api/v1/hotline/orders/{id}/attachments/{attachmentId}': { access: 'session', scoped: true },
  'GET /api/v1/hotline/orders/{id}/duplicates': { access: STAFF, scoped: true },
  ...Object.fromEntries(
    ['answer', 'dispatch', 'return', 'reply', 'assist-reply', 'extension', 'extension/decide', 'supervise', 'merge', 'close', 'follow-up'].map((a) => [
      `POST /api/v1/hotline/orders/{id}/${a}`,
      { access: 'session' as const, scoped: true },
    ]),
  ),
  'GET /api/v1/hotline/cards': { access: STAFF },
  'GET /api/v1/hotline/figures': { access: STAFF },
  'GET /api/v1/hotline/subjects': { access: 'session' },
  'GET /api/v1/hotline/kb': { access: STAFF },
  'GET /api/v1/hotline/kb/{id}': { access: STAFF },
  'POST /api/v1/hotline/kb': { access: MANAGERS },
  'GET /api/v1/hotline/settings/{regionCode}': { access: MANAGERS },
  'PUT /api/v1/hotline/settings/{regionCode}': { access: MANAGERS, scoped: true },
  'POST /api/v1/inspection/items': { access: [...MANAGERS, 'approver'] },
  'GET /api/v1/inspection/items': { access: STAFF, scoped: true },
  'POST /api/v1/inspection/inspectors': { access: [...MANAGERS, 'approver'] },
  'GET /api/v1/inspection/inspectors': { access: STAFF, scoped: true },
  'POST /api/v1/inspection/inspectors/{id}/conflicts': { access: STAFF, scoped: true },
  'GET /api/v1/inspection/subjects': { access: STAFF, scoped: true },
  'POST /api/v1/inspection/subjects/import': { access: [...MANAGERS, 'approver'], scoped: true },
  'POST /api/v1/inspection/plans': { access: [...MANAGERS, 'approver'] },
  'GET /api/v1/inspection/plans': { access: [...MANAGERS, 'approver'], scoped: true },
  'GET /api/v1/inspection/my-tasks': { access: STAFF },
  'GET /api/v1/inspection/plans/{id}': { access: [...MANAGERS, 'approver'], scoped: true },
  'POST /api/v1/inspection/plans/{id}/draws': { access: [...MANAGERS, 'approver'], scoped: true },
  'POST /api/v1/inspection/draws/{id}/reveal': { access: [...MANAGERS, 'approver'], scoped: true },
  'GET /api/v1/inspection/draws/{id}': { access: STAFF, scoped: true },
  'PUT /api/v1/inspection/draws/{id}/tasks/{creditCode}/result': { access: STAFF, scoped: true },
  'POST /api/v1/inspection/draws/{id}/publish': { access: [...MANAGERS, 'approver'], scoped: true },
  'GET /api/v1/public/inspection/results': { access: 'public' },
  'GET /api/v1/credit/records': { access: STAFF },
  'POST /api/v1/credit/records/import': { access: MANAGERS, scoped: true },
  'GET /api/v1/hall/halls': { access: STAFF },
  'POST /api/v1/hall/halls': { access: ['admin'] },
  'PATCH /api/v1/hall/halls/{id}': { access: ['admin'], scoped: true },
  'POST /api/v1/hall/halls/{id}/types': { access: ['admin'], scoped: true },
  'POST /api/v1/hall/halls/{id}/windows': { access: ['admin'], scoped: true },
  'PATCH /api/v1/hall/windows/{id}': { access: ['admin'], scoped: true },
  'GET /api/v1/public/hall/halls/{hallId}': { access: 'public' },
  'POST /api/v1/public/hall/halls/{hallId}/tickets': { access: 'public' },
  'GET /api/v1/public/hall/tickets/{id}': { access: 'public' },
  'GET /api/v1/public/hall/halls/{hallId}/display': { access: 'public' },
  'GET /api/v1/public/hall/halls/{hallId}/events': { access: 'public' },
  'GET /api/v1/hall/my-windows': { access: ['window_clerk'] },
  'GET /api/v1/hall/windows/{id}/desk': { access: ['window_clerk'], scoped: true },
  'POST /api/v1/hall/windows/{id}/call-next': { access: ['window_clerk'], scoped: true },
  ...Object.fromEntries(['recall', 'start', 'skip', 'no-show', 'transfer', 'finish'].map((a) => [`POST /api/v1/hall/tickets/{id}/${a}`, { access: ['window_clerk'] as Role[], scoped: true }])),
  'GET /api/v1/hall/cases/{caseId}/ticket': { access: STAFF, scoped: true },
  'GET /api/v1/hall/figures': { access: MANAGERS },
  'GET /api/v1/hall/halls/{id}/waiting': { access: MANAGERS, scoped: true },
  'GET /api/v1/credit/lists': { access: MANAGERS, scoped: true },
  'POST /api/v1/routing/callbacks': { access: 'signed' },
  'GET /api/v1/routing/materials': { access: 'signed' },
  'POST /api/v1/routing/systems': { access: ['admin'] },
  'GET /api/v1/routing/systems': { access: ['admin'] },
  'POST /api/v1/routing/systems/{id}/status': { access: ['admin'], scoped: true },
  'POST /api/v1/routing/systems/{id}/rotate-key': { access: ['admin'], scoped: true },
  'GET /api/v1/routing/deliveries': { access: ['admin'] },
  'POST /api/v1/routing/deliveries/{id}/replay': { access: ['admin'], scoped: true },
  'GET /api/v1/routing/messages': { access: ['admin'] },
};

const t = await testApp();
const doc = (await t.anonymous.get('/api/openapi.json')).json() as { paths: Record<string, Record<string, { parameters?: { in: string; name: string; schema: object }[]; requestBody?: { content?: Record<string, { schema: object }> } }>> };
const routes = Object.entries(doc.paths).flatMap(([path, ops]) => Object.entries(ops).map(([method, op]) => ({ key: `${method.toUpperCase()} ${path}`, method: method.toUpperCase(), path, op })));

const STRONG = 'Blue-Harbour-Kettle-71';
const admin = await t.login('admin');
async function staff(username: string, roles: Role[], regionCode: string, departmentCode?: string): Promise<Client> {
  const departmentId = departmentCode ? (await admin.get(`/api/v1/departments?regionCode=${regionCode}`)).json().find((d: { code: string }) => d.code === departmentCode).id : undefined;
  const res = await admin.post('/api/v1/admin/users', { username, displayName: username, password: STRONG, roles, regionCode, ...(departmentId ? { departmentId } : {}) });
  if (res.statusCode !== 201) throw new Error(res.body);
  return t.login(username, STRONG);
}

// In-scope actors of 咸安区 (421202) and the demo applicants; out-of-scope actors of 鄂州 (420700) and a second person.
const person = await t.login('421202199001011232');
const actors: Record<string, { client: Client; roles: Role[]; outOfScope: boolean }> = {
  person: { client: person, roles: ['applicant_person'], outOfScope: false },
  enterprise: { client: await t.login('91421202MA49AB1C2J'), roles: ['applicant_enterprise'], outOfScope: true },
  clerk: { client: await t.login('clerk'), roles: ['window_clerk'], outOfScope: false },
  approver: { client: await t.login('approver'), roles: ['approver'], outOfScope: false },
  supervisor: { client: await t.login('supervisor'), roles: ['supervisor'], outOfScope: false },
  admin: { client: admin, roles: ['admin'], outOfScope: false },
  ezhouClerk: { client: await staff('authz.clerk', ['window_clerk'], '420700', '420700-zwb'), roles: ['window_clerk'], outOfScope: true },
  ezhouApprover: { client: await staff('authz.approver', ['approver'], '420700', '420700-scjg'), roles: ['approver'], outOfScope: true },
  ezhouSupervisor: { client: await staff('authz.sup', ['supervisor'], '420700'), roles: ['supervisor'], outOfScope: true },
  ezhouAdmin: { client: await staff('authz.admin', ['admin'], '420700'), roles: ['admin'], outOfScope: true },
};
await t.anonymous.post('/api/v1/auth/register/person', { name: '另一人', idNumber: '421202198808080031', mobile: '13700000009', password: STRONG });
actors.otherPerson = { client: await t.login('421202198808080031', STRONG), roles: ['applicant_person'], outOfScope: true };

const samples: Samples = await (async () => {
  const item = await getPublishedItemByCode(t.dbh.db, '421202-MZ-JHDJ');
  const pdf = Buffer.from('%PDF-1.7\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n');
  const boundary = '----authz';
  const upload = async () => {
    const payload = Buffer.concat([Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="a.pdf"\r\nContent-Type: application/pdf\r\n\r\n`), pdf, Buffer.from(Math.random().toString()), Buffer.from(`\r\n--${boundary}--\r\n`)]);
    return (await person.request('POST', '/api/v1/cases/files', payload, { 'content-type': `multipart/form-data; boundary=${boundary}` })).json().id as string;
  };
  const form = { applicantName: '张三', idNumber: '421202199001011232', phone: '13900000001', address: '咸安区温泉路 1 号', partnerName: '王芳', partnerIdNumber: '421202199203030028' };
  const created = await person.post('/api/v1/cases', { itemId: item.itemId, channel: 'online', form, materials: await Promise.all(item.content.materials.map(async (_, requirement) => ({ requirement, fileId: await upload() }))) });
  if (created.statusCode !== 201) throw new Error(created.body);
  const c = created.json();
  const licences = (await person.get('/api/v1/my/licences')).json().items as { id: string }[];
  const inbox = (await person.get('/api/v1/inbox')).json() as { id: string }[];
  const department = (await admin.get('/api/v1/departments?regionCode=421202')).json()[0];
  const unit = (await actors.supervisor!.client.post('/api/v1/ledger/units', { name: '咸宁市咸安区授权测试局', kind: 'department', regionCode: '421202' })).json();
  const bundle = (await t.anonymous.get('/api/v1/bundles')).json();
  return {
    caseId: c.id,
    materialId: c.materials[0].id,
    personId: (await person.get('/api/v1/auth/me')).json().user.id,
    licenceId: licences[0]!.id,
    notificationId: inbox[0]?.id ?? '00000000-0000-4000-8000-000000000001',
    departmentId: department.id,
    itemId: item.itemId,
    unitId: unit.id,
    bundleCode: (Array.isArray(bundle) ? bundle : bundle.items)[0]?.code ?? 'none',
  };
})();

function urlOf(route: (typeof routes)[number]): string {
  const params = sampleParams(route.path, route.op.parameters ?? [], samples);
  let url = route.path.replace(/\{(\w+)\}/g, (_, name: string) => encodeURIComponent(params.path[name] ?? ''));
  const query = new URLSearchParams(params.query).toString();
  if (query) url += `?${query}`;
  return url;
}

async function call(client: Client, route: (typeof routes)[number]) {
  const schema = route.op.requestBody?.content?.['application/json']?.schema;
  const body = route.method === 'GET' ? undefined : schema ? sampleBody(schema, samples) : undefined;
  return client.request(route.method as 'GET', urlOf(route), body);
}

const allows = (access: Access, roles: Role[]) =>
  access === 'public' || access === 'session' || (access !== 'signed' && roles.some((r) => (access as readonly Role[]).includes(r)));

describe('authorization of every documented route', () => {
  it('has a reviewed expectation for every route in the OpenAPI document, and none for a route that is gone', () => {
    const documented = routes.map((r) => r.key).sort();
    expect(documented.filter((k) => !(k in EXPECTED)), 'routes without a reviewed expectation').toEqual([]);
    expect(Object.keys(EXPECTED).filter((k) => !documented.includes(k)), 'expectations for routes that no longer exist').toEqual([]);
  });

  it('answers no 2xx to an anonymous caller, a role the route does not allow, or an actor outside the record’s scope', async () => {
    const leaks: string[] = [];
    let calls = 0;
    let reachedAuthorization = 0;
    for (const route of routes) {
      const expected = EXPECTED[route.key];
      if (!expected || expected.access === 'public') continue;
      const attempts: [string, Client][] = [['anonymous', t.anonymous]];
      for (const [name, a] of Object.entries(actors)) {
        if (!allows(expected.access, a.roles)) attempts.push([name, a.client]);
        else if (expected.scoped && a.outOfScope) attempts.push([name, a.client]);
      }
      for (const [name, client] of attempts) {
        const res = await call(client, route);
        calls++;
        if (res.statusCode !== 400) reachedAuthorization++;
        // A 2xx that says nothing (by-case answers null for "no bundle" and "not yours" alike) reveals nothing.
        if (res.statusCode >= 200 && res.statusCode < 300 && res.body !== 'null') leaks.push(`${route.key} as ${name}: ${res.statusCode} ${res.body.slice(0, 120)}`);
        expect(res.statusCode, `${route.key} as ${name}`).toBeLessThan(500);
      }
    }
    expect(leaks).toEqual([]);
    // Most attempts must get past input validation, or the check above would prove little.
    expect(calls).toBeGreaterThan(500);
    expect(reachedAuthorization / calls).toBeGreaterThan(0.8);
  }, 600_000);

  it('lets the in-scope actors reach the records the out-of-scope ones were refused', async () => {
    const ok = async (client: Client, url: string) => expect((await client.get(url)).statusCode, url).toBe(200);
    await ok(person, `/api/v1/cases/${samples.caseId}`);
    await ok(actors.clerk!.client, `/api/v1/cases/${samples.caseId}`);
    await ok(actors.supervisor!.client, `/api/v1/cases/${samples.caseId}/events`);
    await ok(person, `/api/v1/my/licences/${samples.licenceId}`);
    await ok(person, `/api/v1/users/${samples.personId}/id-number`);
  });
});
