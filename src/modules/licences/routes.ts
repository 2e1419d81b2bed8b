import type { FastifyRequest } from 'fastify';
import { errorResponses } from '../../platform/contract.js';
import { callerOf, type App } from '../../platform/http.js';
import { CodeParams, IdParams, LicenceList, LicenceTypeList, LicenceUseList, LicenceView, MyLicencesQuery, PublicKeyList, RevokeBody, StaffLicenceList, StaffListQuery, VerificationView } from './contract.js';
import { exportMine } from './export.js';
import * as licences from './service.js';

const tags = ['licences'];
const APPLICANTS = ['applicant_person', 'applicant_enterprise'] as const;
const STAFF = ['admin', 'supervisor', 'approver', 'window_clerk'] as const;

export default async function licenceRoutes(app: App) {
  const env = (req: FastifyRequest): licences.LicenceEnv => ({ cipher: app.cipher, ip: req.ip, now: () => app.clock.now() });
  // Public and unauthenticated: limited per address like the login routes, so codes cannot be walked.
  const publicLimit = { rateLimit: { max: app.config.loginRateLimit ?? 30, timeWindow: '1 minute' } };

  app.get('/api/v1/licence-types', {
    schema: { tags, summary: '证照类型 Licence types', response: { 200: LicenceTypeList, ...errorResponses } },
  }, async () => ({ items: licences.listLicenceTypes() }));

  app.get('/api/v1/my/licences', {
    schema: { tags, summary: '我的证照 My licences (专属空间)', querystring: MyLicencesQuery, response: { 200: LicenceList, ...errorResponses } },
    preHandler: app.auth([...APPLICANTS]),
  }, async (req) => ({ items: await licences.listMine(app.db, env(req), callerOf(req), req.query) }));

  app.get('/api/v1/my/licences/:id', {
    schema: { tags, summary: '我的一张证照 One of my licences', params: IdParams, response: { 200: LicenceView, ...errorResponses } },
    preHandler: app.auth([...APPLICANTS]),
  }, async (req) => licences.getMine(app.db, env(req), callerOf(req), req.params.id));

  app.get('/api/v1/my/licences/:id/export', {
    schema: { tags, summary: '下载验签文件 The licence as canonical JSON, detached SM2 signature (DER) and public key (PEM), in a tar', params: IdParams },
    preHandler: app.auth([...APPLICANTS]),
  }, async (req, reply) => {
    const file = await exportMine(app.db, env(req), callerOf(req), req.params.id);
    return reply.header('content-type', 'application/x-tar').header('content-disposition', `attachment; filename="${file.filename}"`).send(file.data);
  });

  app.get('/api/v1/my/licences/:id/uses', {
    schema: { tags, summary: '用证记录 The applications one of my licences proved a material of', params: IdParams, response: { 200: LicenceUseList, ...errorResponses } },
    preHandler: app.auth([...APPLICANTS]),
  }, async (req) => ({ items: await licences.usesOfMine(app.db, env(req), callerOf(req), req.params.id) }));

  app.get('/api/v1/licences', {
    schema: { tags, summary: '证照查询 Licences in the caller’s scope (staff)', querystring: StaffListQuery, response: { 200: StaffLicenceList, ...errorResponses } },
    preHandler: app.auth([...STAFF]),
  }, async (req) => licences.listLicences(app.db, env(req), callerOf(req), { ...req.query, limit: req.query.limit ?? 50, offset: req.query.offset ?? 0 }));

  app.post('/api/v1/licences/:id/revoke', {
    schema: { tags, summary: '撤销证照 Revoke a licence (issuing department’s approver or the region’s admin)', params: IdParams, body: RevokeBody, response: { 200: LicenceView, ...errorResponses } },
    preHandler: app.auth(['admin', 'approver']),
  }, async (req) => licences.revokeLicence(app.db, env(req), callerOf(req), req.params.id, req.body.reason));

  app.get('/api/v1/public/licences/verify/:code', {
    schema: { tags, summary: '证照核验 Verify a licence by its verification code (public)', params: CodeParams, response: { 200: VerificationView, ...errorResponses, 429: errorResponses[400] } },
    config: publicLimit,
  }, async (req) => licences.verifyByCode(app.db, env(req), req.params.code));

  app.get('/api/v1/public/licences/keys', {
    schema: { tags, summary: '验签公钥 Public keys licences are signed with (SM2)', response: { 200: PublicKeyList, ...errorResponses } },
    config: publicLimit,
  }, async () => ({ items: await licences.publicKeys(app.db) }));
}
