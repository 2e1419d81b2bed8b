import { Type, type Static } from 'typebox';
import { Body, Paging, Uuid } from '../../platform/contract.js';

const Day = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', description: 'YYYY-MM-DD' });
const TypeCode = Type.String({ pattern: '^[a-z][a-z0-9_]{1,63}$' });
export const LicenceStatusSchema = Type.Union([Type.Literal('valid'), Type.Literal('revoked'), Type.Literal('expired')]);
const Action = Type.Union([Type.Literal('read'), Type.Literal('revoke')]);

export const LicenceView = Type.Object({
  id: Uuid,
  typeCode: Type.String(),
  typeName: Type.String(),
  number: Type.String({ description: '证照编号' }),
  verificationCode: Type.String({ description: '验证码 (what the QR code carries)' }),
  holderKind: Type.Union([Type.Literal('person'), Type.Literal('enterprise')]),
  holderName: Type.String(),
  holderIdMasked: Type.String(),
  issuerName: Type.String(),
  issuerDepartmentCode: Type.String(),
  regionCode: Type.String(),
  issuedOn: Day,
  validUntil: Type.Union([Day, Type.Null()], { description: 'null: 长期有效' }),
  content: Type.Record(Type.String(), Type.String()),
  sourceCaseNumber: Type.Union([Type.String(), Type.Null()]),
  status: LicenceStatusSchema,
  revokedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  revocationReason: Type.Union([Type.String(), Type.Null()]),
  abilities: Type.Array(Action),
});
export type LicenceViewT = Static<typeof LicenceView>;

export const LicenceList = Type.Object({ items: Type.Array(LicenceView) });
export const LicenceUseView = Type.Object({
  at: Type.String({ format: 'date-time', description: 'when the material was handed in with this licence' }),
  caseId: Uuid,
  caseNumber: Type.String(),
  itemName: Type.String(),
  materialName: Type.String(),
  channel: Type.String(),
  state: Type.String({ description: 'the case’s state now' }),
  superseded: Type.Boolean({ description: 'a later material replaced this one in the case' }),
});
export type LicenceUseViewT = Static<typeof LicenceUseView>;
export const LicenceUseList = Type.Object({ items: Type.Array(LicenceUseView) });
export const StaffLicenceList = Type.Object({ items: Type.Array(LicenceView), total: Type.Integer() });

export const MyLicencesQuery = Type.Object({
  typeCode: Type.Optional(TypeCode),
  usable: Type.Optional(Type.Boolean({ description: 'only valid licences (not revoked, not expired)' })),
});

export const StaffListQuery = Type.Object({
  number: Type.Optional(Type.String({ maxLength: 40 })),
  typeCode: Type.Optional(TypeCode),
  holder: Type.Optional(Type.String({ maxLength: 18, description: 'full ID number or credit code' })),
  status: Type.Optional(LicenceStatusSchema),
  ...Paging,
});

export const IdParams = Type.Object({ id: Uuid });
export const CodeParams = Type.Object({ code: Type.String({ minLength: 4, maxLength: 64 }) });

export const RevokeBody = Body({ reason: Type.String({ minLength: 1, maxLength: 500 }) });

export const VerificationView = Type.Object({
  verificationCode: Type.String(),
  status: LicenceStatusSchema,
  signatureValid: Type.Boolean({ description: 'SM2 signature over SM3 of the licence content verifies' }),
  typeCode: Type.String(),
  typeName: Type.String(),
  number: Type.String(),
  holderKind: Type.Union([Type.Literal('person'), Type.Literal('enterprise')]),
  holderName: Type.String({ description: 'masked for a person' }),
  holderIdMasked: Type.String(),
  issuerName: Type.String(),
  issuedOn: Day,
  validUntil: Type.Union([Day, Type.Null()]),
  revokedOn: Type.Union([Day, Type.Null()]),
  contentHash: Type.String(),
  keyId: Type.String(),
});
export type VerificationViewT = Static<typeof VerificationView>;

export const LicenceTypeList = Type.Object({ items: Type.Array(Type.Object({ code: Type.String(), name: Type.String() })) });

export const PublicKeyList = Type.Object({
  items: Type.Array(Type.Object({ id: Type.String(), algorithm: Type.String(), publicKey: Type.String(), createdAt: Type.String() })),
});
