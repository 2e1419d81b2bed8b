import { Type } from 'typebox';
import { errorResponses } from '../../platform/contract.js';
import { callerOf, type App } from '../../platform/http.js';
import { listAudit, recordAudit } from '../audit/index.js';
import { AppError } from '../../platform/errors.js';
import { CSRF_HEADER, SESSION_COOKIE } from './auth.js';
import {
  AuditEntryView,
  AuditQuery,
  CodeParams,
  CreateDepartmentBody,
  CreateRegionBody,
  CreateStaffBody,
  DepartmentsQuery,
  DepartmentView,
  IdParams,
  LoginBody,
  LookupQuery,
  RegionsQuery,
  RegionView,
  RegisterEnterpriseBody,
  RegisterPersonBody,
  RegistrationView,
  VerifyIdentityBody,
  SessionView,
  UpdateDepartmentBody,
  UpdateUserBody,
  UserView,
  UsersQuery,
} from './contract.js';
import { administers, authorizeAdminOf, authorizeAdminOfUser } from './policy.js';
import { identityProviderFromEnv, SEED_DATA_DIR } from './identity.js';
import { identityVerified, verifyIdentity } from './verification.js';
import { addressBudget } from './throttle.js';
import * as org from './service.js';

const tags = ['org'];

export default async function orgRoutes(app: App) {
  // One budget per client address shared by login, both registrations and identity verification, on top of each
  // account name's own budget (throttle.ts).
  const addressLimit = addressBudget(app.config.loginRateLimit ?? 30);
  const identityProvider = identityProviderFromEnv(SEED_DATA_DIR);

  app.post('/api/v1/auth/register/person', {
    schema: { tags, summary: '自然人注册 Register a person', description: 'Answers 202 whether or not the ID number already had an account.', body: RegisterPersonBody, response: { 202: RegistrationView, 423: errorResponses[401], ...errorResponses } },
    onRequest: addressLimit,
  }, async (req, reply) => {
    await org.registerPerson(app.db, app.cipher, req.body, { ip: req.ip });
    return reply.status(202).send(org.REGISTRATION_SUBMITTED);
  });

  app.post('/api/v1/auth/register/enterprise', {
    schema: { tags, summary: '法人注册 Register an enterprise', description: 'Answers 202 whether or not the credit code already had an account.', body: RegisterEnterpriseBody, response: { 202: RegistrationView, 423: errorResponses[401], ...errorResponses } },
    onRequest: addressLimit,
  }, async (req, reply) => {
    await org.registerEnterprise(app.db, app.cipher, req.body, { ip: req.ip });
    return reply.status(202).send(org.REGISTRATION_SUBMITTED);
  });

  app.post('/api/v1/auth/identity', {
    schema: { tags, summary: '实名认证 Verify the account holder’s identity (person) or the legal representative’s authorisation (enterprise)', body: VerifyIdentityBody, response: { 200: UserView, 423: errorResponses[401], ...errorResponses } },
    onRequest: addressLimit,
    preHandler: app.auth(['applicant_person', 'applicant_enterprise']),
  }, async (req) => verifyIdentity(app.db, app.cipher, identityProvider, callerOf(req), req.body, { ip: req.ip }));

  app.post('/api/v1/auth/login', {
    schema: { tags, summary: '登录 Log in', body: LoginBody, response: { 200: SessionView, 423: errorResponses[401], ...errorResponses } },
    onRequest: addressLimit,
  }, async (req, reply) => {
    const result = await org.login(app.db, app.cipher, req.body, { ip: req.ip });
    void reply.setCookie(SESSION_COOKIE, result.token, {
      path: '/',
      httpOnly: true,
      sameSite: 'lax',
      secure: req.protocol === 'https',
    });
    return { user: result.caller, csrfToken: result.csrfToken, idleSeconds: result.idleSeconds, identityVerified: result.identityVerified };
  });

  app.post('/api/v1/auth/logout', {
    schema: { tags, summary: '退出 Log out', response: { 204: Type.Null(), ...errorResponses } },
    preHandler: app.auth(),
  }, async (req, reply) => {
    await org.logout(app.db, callerOf(req), { ip: req.ip });
    void reply.clearCookie(SESSION_COOKIE, { path: '/' });
    return reply.status(204).send(null);
  });

  app.get('/api/v1/auth/me', {
    schema: { tags, summary: '当前会话 Current session', description: `Send the csrfToken back in the ${CSRF_HEADER} header on every state-changing request.`, response: { 200: SessionView, ...errorResponses } },
    preHandler: app.auth(),
  }, async (req) => {
    const session = await org.resolveSession(app.db, req.cookies[SESSION_COOKIE]!);
    return { user: session.caller, csrfToken: session.csrfToken, identityVerified: await identityVerified(app.db, session.caller.id) };
  });

  app.get('/api/v1/regions', {
    schema: { tags, summary: '行政区划 Regions', querystring: RegionsQuery, response: { 200: Type.Array(RegionView), ...errorResponses } },
  }, async (req) => org.listRegions(app.db, req.query));

  app.get('/api/v1/regions/:code', {
    schema: { tags, summary: '行政区划及上级 A region with its ancestors', params: CodeParams, response: { 200: Type.Object({ region: RegionView, path: Type.Array(RegionView) }), ...errorResponses } },
  }, async (req) => {
    const path = await org.regionPath(app.db, req.params.code);
    return { region: path[path.length - 1], path };
  });

  app.get('/api/v1/departments', {
    schema: { tags, summary: '部门 Departments', querystring: DepartmentsQuery, response: { 200: Type.Array(DepartmentView), ...errorResponses } },
  }, async (req) => org.listDepartments(app.db, req.query));

  app.post('/api/v1/admin/regions', {
    schema: { tags, summary: '新增行政区划 Create a region', body: CreateRegionBody, response: { 201: RegionView, ...errorResponses } },
    preHandler: app.auth(['admin']),
  }, async (req, reply) => {
    const caller = callerOf(req);
    authorizeAdminOf(caller, req.body.parentCode ?? req.body.code);
    return reply.status(201).send(await org.createRegion(app.db, caller, req.body, { ip: req.ip }));
  });

  app.post('/api/v1/admin/departments', {
    schema: { tags, summary: '新增部门 Create a department', body: CreateDepartmentBody, response: { 201: DepartmentView, ...errorResponses } },
    preHandler: app.auth(['admin']),
  }, async (req, reply) => {
    const caller = callerOf(req);
    authorizeAdminOf(caller, req.body.regionCode);
    return reply.status(201).send(await org.createDepartment(app.db, caller, req.body, { ip: req.ip }));
  });

  app.patch('/api/v1/admin/departments/:id', {
    schema: { tags, summary: '修改部门 Update a department', params: IdParams, body: UpdateDepartmentBody, response: { 200: DepartmentView, ...errorResponses } },
    preHandler: app.auth(['admin']),
  }, async (req) => {
    const caller = callerOf(req);
    const department = await org.getDepartment(app.db, req.params.id);
    if (!administers(caller, department.regionCode)) throw new AppError('DEPARTMENT_NOT_FOUND', { field: 'id' });
    return org.updateDepartment(app.db, caller, req.params.id, req.body, { ip: req.ip });
  });

  app.get('/api/v1/admin/users', {
    schema: { tags, summary: '用户列表 Users', querystring: UsersQuery, response: { 200: Type.Array(UserView), ...errorResponses } },
    preHandler: app.auth(['admin']),
  }, async (req) => {
    const caller = callerOf(req);
    return org.listUsers(app.db, {
      within: caller.regionCode ?? '',
      kind: req.query.kind,
      limit: req.query.limit ?? 50,
      offset: req.query.offset ?? 0,
    });
  });

  app.post('/api/v1/admin/users', {
    schema: { tags, summary: '新增工作人员 Create a staff account', body: CreateStaffBody, response: { 201: UserView, ...errorResponses } },
    preHandler: app.auth(['admin']),
  }, async (req, reply) => {
    const caller = callerOf(req);
    authorizeAdminOf(caller, req.body.regionCode);
    return reply.status(201).send(await org.createStaffUser(app.db, caller, req.body, { ip: req.ip }));
  });

  app.patch('/api/v1/admin/users/:id', {
    schema: { tags, summary: '修改用户 Update a user (roles, scope, disable, reset password, unlock)', params: IdParams, body: UpdateUserBody, response: { 200: UserView, ...errorResponses } },
    preHandler: app.auth(['admin']),
  }, async (req) => {
    const caller = callerOf(req);
    const target = await org.getUser(app.db, req.params.id);
    authorizeAdminOfUser(caller, target);
    if (req.body.regionCode) authorizeAdminOf(caller, req.body.regionCode);
    return org.updateStaffUser(app.db, app.cipher, caller, req.params.id, req.body, { ip: req.ip });
  });

  app.get('/api/v1/applicants/lookup', {
    schema: { tags, summary: '按证件号查找申请人 Find an applicant by ID number or credit code (window)', querystring: LookupQuery, response: { 200: UserView, ...errorResponses } },
    preHandler: app.auth(['window_clerk', 'admin']),
  }, async (req) => {
    const caller = callerOf(req);
    const found = await org.findApplicantByIdentifier(app.db, app.cipher, req.query.identifier);
    await recordAudit(app.db, { actorId: caller.id, actorName: caller.displayName, action: 'pii.lookup', targetType: 'user', targetId: found?.id, ip: req.ip, details: { found: !!found } });
    if (!found) throw new AppError('USER_NOT_FOUND', { field: 'identifier' });
    return found;
  });

  app.get('/api/v1/users/:id/id-number', {
    schema: { tags, summary: '本人完整身份证号 My own full ID number (staff read an applicant’s through the case: /cases/:id/applicant-id)', params: IdParams, response: { 200: Type.Object({ idNumber: Type.Union([Type.String(), Type.Null()]) }), ...errorResponses } },
    preHandler: app.auth(),
  }, async (req) => ({ idNumber: await org.revealIdNumber(app.db, app.cipher, callerOf(req), req.params.id) }));

  app.get('/api/v1/admin/audit', {
    schema: { tags, summary: '审计日志 Audit log', querystring: AuditQuery, response: { 200: Type.Array(AuditEntryView), ...errorResponses } },
    preHandler: app.auth(['admin']),
  }, async (req) => {
    const rows = await listAudit(app.db, {
      within: callerOf(req).regionCode ?? '',
      action: req.query.action,
      actorId: req.query.actorId,
      targetId: req.query.targetId,
      from: req.query.from ? new Date(req.query.from) : undefined,
      to: req.query.to ? new Date(req.query.to) : undefined,
      limit: req.query.limit ?? 50,
      offset: req.query.offset ?? 0,
    });
    return rows.map((r) => ({ ...r, at: r.at.toISOString() }));
  });
}
