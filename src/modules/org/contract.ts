import { Type, type Static } from 'typebox';
import { Body, Paging, RegionCode, Uuid } from '../../platform/contract.js';

export const RoleSchema = Type.Union([
  Type.Literal('applicant_person'),
  Type.Literal('applicant_enterprise'),
  Type.Literal('window_clerk'),
  Type.Literal('approver'),
  Type.Literal('supervisor'),
  Type.Literal('admin'),
]);

const Password = Type.String({ minLength: 1, maxLength: 128 });

export const RegisterPersonBody = Body({
  name: Type.String({ minLength: 1, maxLength: 64 }),
  idNumber: Type.String({ minLength: 1, maxLength: 32, description: 'GB 11643 居民身份证号码' }),
  mobile: Type.String({ minLength: 1, maxLength: 20 }),
  password: Password,
});

export const RegisterEnterpriseBody = Body({
  name: Type.String({ minLength: 1, maxLength: 128 }),
  creditCode: Type.String({ minLength: 1, maxLength: 32, description: 'GB 32100 统一社会信用代码' }),
  legalRepresentative: Type.String({ minLength: 1, maxLength: 64 }),
  mobile: Type.String({ minLength: 1, maxLength: 20 }),
  password: Password,
});

export const LoginBody = Body({
  account: Type.String({ minLength: 1, maxLength: 64, description: 'username, ID number or credit code' }),
  password: Password,
});

export const UserView = Type.Object({
  id: Uuid,
  kind: Type.Union([Type.Literal('person'), Type.Literal('enterprise'), Type.Literal('staff')]),
  username: Type.Union([Type.String(), Type.Null()]),
  displayName: Type.String(),
  roles: Type.Array(RoleSchema),
  regionCode: Type.Union([Type.String(), Type.Null()]),
  departmentId: Type.Union([Type.String(), Type.Null()]),
  idNumberMasked: Type.Union([Type.String(), Type.Null()]),
  creditCode: Type.Union([Type.String(), Type.Null()]),
  legalRepresentative: Type.Union([Type.String(), Type.Null()]),
  mobileMasked: Type.Union([Type.String(), Type.Null()]),
  identityVerified: Type.Boolean({ description: '实名认证 done: licences and cases filed by others under the identifier are shown' }),
  disabled: Type.Boolean(),
  lockedUntil: Type.Union([Type.String(), Type.Null()]),
  createdAt: Type.String(),
});

export const SessionView = Type.Object({
  user: Type.Object({
    id: Uuid,
    kind: Type.String(),
    displayName: Type.String(),
    roles: Type.Array(RoleSchema),
    regionCode: Type.Union([Type.String(), Type.Null()]),
    departmentId: Type.Union([Type.String(), Type.Null()]),
  }),
  csrfToken: Type.String(),
  idleSeconds: Type.Optional(Type.Integer()),
  identityVerified: Type.Optional(Type.Boolean()),
});

export const RegistrationView = Type.Object({
  status: Type.Literal('submitted', { description: 'the same answer whether the identifier was new or already registered' }),
});

export const VerifyIdentityBody = Body({
  proof: Type.String({ minLength: 1, maxLength: 128, description: '网证 (CTID) code or face-check token presented to the identity provider' }),
  legalRepresentativeIdNumber: Type.Optional(Type.String({ minLength: 1, maxLength: 32, description: 'enterprises: the 法定代表人’s ID number' })),
});

export const RegionView = Type.Object({
  code: Type.String(),
  name: Type.String(),
  level: Type.Integer(),
  parentCode: Type.Union([Type.String(), Type.Null()]),
});

export const RegionsQuery = Type.Object({
  parentCode: Type.Optional(RegionCode),
  within: Type.Optional(RegionCode),
});

export const CreateRegionBody = Body({
  code: Type.String({ minLength: 1, maxLength: 12 }),
  name: Type.String({ minLength: 1, maxLength: 64 }),
  parentCode: Type.Optional(Type.Union([RegionCode, Type.Null()])),
});

export const DepartmentView = Type.Object({
  id: Uuid,
  code: Type.String(),
  name: Type.String(),
  nameEn: Type.Union([Type.String(), Type.Null()]),
  regionCode: Type.String(),
});

export const DepartmentsQuery = Type.Object({
  regionCode: Type.Optional(RegionCode),
  within: Type.Optional(RegionCode),
});

export const CreateDepartmentBody = Body({
  code: Type.String({ pattern: '^[0-9]{6,12}-[a-z0-9_]{1,32}$', description: '<regionCode>-<short>' }),
  name: Type.String({ minLength: 1, maxLength: 128 }),
  nameEn: Type.Optional(Type.Union([Type.String({ maxLength: 200 }), Type.Null()])),
  regionCode: RegionCode,
});

export const UpdateDepartmentBody = Type.Object(
  {
    name: Type.Optional(Type.String({ minLength: 1, maxLength: 128 })),
    nameEn: Type.Optional(Type.Union([Type.String({ maxLength: 200 }), Type.Null()])),
  },
  { additionalProperties: false, minProperties: 1 },
);

export const CreateStaffBody = Body({
  username: Type.String({ pattern: '^[A-Za-z][A-Za-z0-9_.-]{2,63}$' }),
  displayName: Type.String({ minLength: 1, maxLength: 64 }),
  password: Password,
  roles: Type.Array(RoleSchema, { minItems: 1, uniqueItems: true }),
  regionCode: RegionCode,
  departmentId: Type.Optional(Type.Union([Uuid, Type.Null()])),
});

export const UpdateUserBody = Body({
  displayName: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
  roles: Type.Optional(Type.Array(RoleSchema, { minItems: 1, uniqueItems: true })),
  regionCode: Type.Optional(RegionCode),
  departmentId: Type.Optional(Type.Union([Uuid, Type.Null()])),
  disabled: Type.Optional(Type.Boolean()),
  password: Type.Optional(Password),
  unlock: Type.Optional(Type.Boolean()),
});

export const UsersQuery = Type.Object({
  kind: Type.Optional(Type.Union([Type.Literal('person'), Type.Literal('enterprise'), Type.Literal('staff')])),
  ...Paging,
});

export const LookupQuery = Type.Object({ identifier: Type.String({ minLength: 1, maxLength: 32 }) });

export const IdParams = Type.Object({ id: Uuid });
export const CodeParams = Type.Object({ code: RegionCode });

export const AuditQuery = Type.Object({
  action: Type.Optional(Type.String({ maxLength: 64 })),
  actorId: Type.Optional(Uuid),
  targetId: Type.Optional(Type.String({ maxLength: 128 })),
  from: Type.Optional(Type.String({ format: 'date-time' })),
  to: Type.Optional(Type.String({ format: 'date-time' })),
  ...Paging,
});

export const AuditEntryView = Type.Object({
  id: Type.Integer(),
  at: Type.String(),
  actorId: Type.Union([Type.String(), Type.Null()]),
  actorName: Type.Union([Type.String(), Type.Null()]),
  action: Type.String(),
  targetType: Type.Union([Type.String(), Type.Null()]),
  targetId: Type.Union([Type.String(), Type.Null()]),
  ip: Type.Union([Type.String(), Type.Null()]),
  details: Type.Unknown(),
});

export type RegisterPerson = Static<typeof RegisterPersonBody>;
export type CreateStaff = Static<typeof CreateStaffBody>;
