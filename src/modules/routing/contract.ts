import { Type, type Static } from 'typebox';
import { Body, Paging, Uuid } from '../../platform/contract.js';

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);

export const IdParams = Type.Object({ id: Uuid });

const Takeover = Type.Object(
  {
    itemCode: Type.String({ minLength: 1, maxLength: 64 }),
    steps: Type.Optional(Type.Array(Type.Integer({ minimum: 0, maximum: 29 }), { minItems: 1, maxItems: 30, description: 'step indexes; all of the department’s approver steps of the item when left out' })),
  },
  { additionalProperties: false },
);

export const SystemBody = Body({
  departmentId: Uuid,
  name: Type.String({ minLength: 1, maxLength: 100 }),
  endpoint: Type.String({ minLength: 1, maxLength: 500, description: 'http(s) URL that receives dispatched cases (POST)' }),
  takeovers: Type.Array(Takeover, { minItems: 1, maxItems: 200 }),
});

export const SystemView = Type.Object({
  id: Uuid,
  regionCode: Type.String(),
  departmentId: Uuid,
  name: Type.String(),
  endpoint: Type.String(),
  takeovers: Type.Array(Takeover),
  status: Type.Union([Type.Literal('active'), Type.Literal('suspended')]),
  keyVersion: Type.Integer(),
  previousKeyValidUntil: Nullable(Type.String()),
  createdAt: Type.String(),
  updatedAt: Type.String(),
});
export const SystemWithKey = Type.Object({ ...SystemView.properties, key: Type.String({ description: 'shown once: the HMAC-SM3 key, base64' }) });
export const SystemList = Type.Object({ items: Type.Array(SystemView) });
export const StatusBody = Body({ status: Type.Union([Type.Literal('active'), Type.Literal('suspended')]) });
export const RotateBody = Body({ graceHours: Type.Optional(Type.Number({ description: 'hours the old key stays valid (0–720, default 24)' })) });

export const DeliveryView = Type.Object({
  id: Uuid,
  systemId: Uuid,
  caseId: Uuid,
  step: Type.Integer(),
  state: Type.String(),
  attempts: Type.Integer(),
  lastError: Nullable(Type.String()),
  createdAt: Type.String(),
  deliveredAt: Nullable(Type.String()),
  deadAt: Nullable(Type.String()),
});
export const DeliveryQuery = Type.Object({ state: Type.Optional(Type.Union([Type.Literal('pending'), Type.Literal('delivered'), Type.Literal('dead')])), ...Paging });
export const DeliveryList = Type.Object({ items: Type.Array(DeliveryView) });

export const CALLBACK_ACTIONS = ['pass', 'return', 'conclude', 'deny'] as const;
export const CallbackBody = Body({
  messageId: Type.String({ minLength: 1, maxLength: 128, description: 'unique per message of the department system: a repeat is answered with the first answer' }),
  deliveryId: Type.Optional(Uuid),
  caseId: Uuid,
  step: Type.Integer({ minimum: 0, maximum: 29 }),
  action: Type.Union(CALLBACK_ACTIONS.map((a) => Type.Literal(a)), { description: 'pass 通过 (next step) · return 退回 (to toStep) · conclude 准予办结 · deny 不予办结' }),
  opinion: Type.Optional(Type.String({ maxLength: 2000 })),
  toStep: Type.Optional(Type.Integer({ minimum: 0, maximum: 29 })),
  reason: Type.Optional(Type.String({ maxLength: 2000 })),
  text: Type.Optional(Type.String({ maxLength: 10000, description: 'the decision text (决定书正文) for conclude / deny' })),
});
export type CallbackInput = Static<typeof CallbackBody>;
export const CallbackAnswer = Type.Object({
  messageId: Type.String(),
  duplicate: Type.Boolean(),
  caseId: Uuid,
  step: Type.Integer(),
  action: Type.String(),
  state: Type.String({ description: 'the case state after the callback' }),
  documentId: Type.Optional(Nullable(Type.String())),
});

export const MessageQuery = Type.Object({ systemId: Type.Optional(Uuid), caseId: Type.Optional(Uuid), ...Paging });
export const MessageView = Type.Object({
  seq: Type.Integer(),
  at: Type.String(),
  direction: Type.String(),
  systemId: Nullable(Type.String()),
  peer: Type.String(),
  kind: Type.String(),
  messageId: Nullable(Type.String()),
  caseId: Nullable(Type.String()),
  bodyHash: Type.String(),
  status: Nullable(Type.Integer()),
  note: Nullable(Type.String()),
  keyId: Type.String(),
  signature: Type.String(),
});
export const MessageList = Type.Object({ items: Type.Array(MessageView), publicKey: Type.String({ description: 'tongban’s SM2 public key (hex) the entries are signed with' }) });
