/**
 * The query-string forms of the model's auth schemes (presigned URLs), as every client emitter prints
 * them: both schemes' parameter names, V4's payload hash and longest validity, and the refusal an
 * expired URL gets. A client emits its presign functions only when the model has both forms.
 */
import type { IrModel, IrPresignRejection } from '../ir/types.js';

export interface PresignParts {
  v4: {
    algorithm: string;
    credential: string;
    date: string;
    expires: string;
    signature: string;
    securityToken?: string;
    /** The parameter naming the additional signed headers, when the model has one. */
    additionalHeaders?: string;
    payloadHash: string;
    maxExpiresSeconds: number;
  };
  v1: { accessKeyId: string; expires: string; signature: string; securityToken?: string };
  /** What an expired URL gets (V4's; the tests check it against the simulator). */
  expired: IrPresignRejection;
}

/** Both schemes' query-string forms with every parameter the signers write, or undefined (no presigning then). */
export function presignParts(ir: IrModel): PresignParts | undefined {
  const v4 = ir.auth.schemes.find((s) => s.id === 'v4')?.presign;
  const v1 = ir.auth.schemes.find((s) => s.id === 'v1')?.presign;
  if (!v4 || !v1) return undefined;
  const { algorithm, credential, date, additionalHeaders, ...v4rest } = v4.parameters;
  const { accessKeyId } = v1.parameters;
  // The semantic checks (M030) require these of a presigned form; without them there is nothing to emit.
  if (!algorithm || !credential || !date || !accessKeyId || !v4.payloadHash || v4.maxExpiresSeconds === undefined) return undefined;
  return {
    v4: {
      algorithm,
      credential,
      date,
      expires: v4rest.expires,
      signature: v4rest.signature,
      securityToken: v4rest.securityToken,
      ...(additionalHeaders ? { additionalHeaders } : {}),
      payloadHash: v4.payloadHash,
      maxExpiresSeconds: v4.maxExpiresSeconds,
    },
    v1: { accessKeyId, expires: v1.parameters.expires, signature: v1.parameters.signature, securityToken: v1.parameters.securityToken },
    expired: v4.expired,
  };
}

