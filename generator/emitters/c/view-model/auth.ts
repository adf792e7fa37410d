/** The signature schemes as the C client names them (the runtime's rt_config.h prints the scheme's names). */
import { splitWords, toScreamingSnake } from '../../../ir/naming.js';
import type { IrModel } from '../../../ir/types.js';
import { presignParts } from '../../presign.js';
import type { CNames } from './names.js';
import type { CViewModel } from './types.js';

type AuthView = Pick<CViewModel, 'authSchemes' | 'defaultAuth' | 'v4' | 'v1' | 'hasPresign' | 'presignExpired' | 'presign' | 'signedSubresources' | 'signing'>;

/** The auth enum constant of a scheme id. */
export function authEnum({ P }: CNames, id: string): string {
  return `${P}_AUTH_${toScreamingSnake(splitWords(id))}`;
}

export function buildAuth(ir: IrModel, names: CNames): AuthView {
  const schemes = [...ir.auth.schemes].sort((a, b) => (a.id === ir.auth.default ? -1 : b.id === ir.auth.default ? 1 : a.id < b.id ? -1 : 1));
  const v4 = ir.auth.schemes.find((s) => s.id === 'v4');
  const v1 = ir.auth.schemes.find((s) => s.id === 'v1');
  if (!v4 || !v1) throw new Error('C emitter: the model must define the v4 and v1 auth schemes');
  // The model's checks (M030) require every V4 part; a missing one here is a bug in those checks.
  const { product, secretPrefix, scopeTerminator, payloadHashHeader, payloadHash } = v4;
  if (product === undefined || secretPrefix === undefined || scopeTerminator === undefined || payloadHashHeader === undefined || payloadHash === undefined) {
    throw new Error('internal error: the v4 auth scheme reached the C emitter without product, secretPrefix, scopeTerminator or payload hash');
  }
  const presign = presignParts(ir);
  return {
    authSchemes: schemes.map((s, i) => ({ enumName: authEnum(names, s.id), algorithm: s.algorithm, value: i })),
    defaultAuth: authEnum(names, ir.auth.default),
    v4: {
      algorithm: v4.algorithm,
      product,
      dateHeader: v4.dateHeader,
      payloadHashHeader,
      payloadHash,
      secretPrefix,
      scopeTerminator,
      enumName: authEnum(names, 'v4'),
    },
    v1: { algorithm: v1.algorithm, dateHeader: v1.dateHeader, enumName: authEnum(names, 'v1') },
    hasPresign: presign !== undefined,
    presignExpired: {
      status: presign?.expired.error.status ?? 0,
      code: presign ? `<${ir.protocol.errorBody.elements.code}>${presign.expired.error.code}</${ir.protocol.errorBody.elements.code}>` : '',
      message: presign ? `<${ir.protocol.errorBody.elements.message}>${presign.expired.message}</${ir.protocol.errorBody.elements.message}>` : '',
    },
    presign: {
      v4: { algorithm: '', credential: '', date: '', expires: '', signature: '', payloadHash: '', maxExpiresSeconds: 0, ...presign?.v4, securityToken: presign?.v4.securityToken ?? '' },
      v1: { accessKeyId: '', expires: '', signature: '', ...presign?.v1, securityToken: presign?.v1.securityToken ?? '' },
    },
    signedSubresources: ir.auth.signedSubresources,
    signing: { signedHeaderPrefix: ir.protocol.signing.signedHeaderPrefix.toLowerCase(), signedHeaders: ir.protocol.signing.signedHeaders },
  };
}
