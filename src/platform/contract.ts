import { Type, type TSchema } from 'typebox';

/** The error body every route may answer with. */
export const ErrorBody = Type.Object(
  {
    code: Type.String({ description: 'machine-readable error code' }),
    message: Type.String({ description: '中文说明' }),
    messageEn: Type.String({ description: 'English message' }),
    details: Type.Optional(Type.Unknown()),
  },
  { $id: 'ErrorBody' },
);

export const errorResponses = {
  400: ErrorBody,
  401: ErrorBody,
  403: ErrorBody,
  404: ErrorBody,
  409: ErrorBody,
} as const;

/** Bodies reject fields they do not know instead of silently dropping them. */
export function Body<T extends Record<string, TSchema>>(properties: T) {
  return Type.Object(properties, { additionalProperties: false });
}

export const Paging = {
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 50 })),
  offset: Type.Optional(Type.Integer({ minimum: 0, default: 0 })),
};

export const Uuid = Type.String({ format: 'uuid' });
export const RegionCode = Type.String({ pattern: '^(\\d{6}|\\d{9}|\\d{12})$', description: 'GB/T 2260 code' });
export const IsoDateTime = Type.String({ format: 'date-time' });
