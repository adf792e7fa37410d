/** The client's settings from the model: credentials and defaults, the endpoint, the retry policy and the limits. */
import type { IrError, IrModel } from '../../../ir/types.js';
import { errorByCode } from './errors.js';
import { charClassChars, splitTemplate } from './text.js';
import type { CViewModel } from './types.js';

type ConfigView = Pick<
  CViewModel,
  | 'accessKeyIdEnv'
  | 'accessKeySecretEnv'
  | 'securityTokenEnv'
  | 'securityTokenHeader'
  | 'defaultRegion'
  | 'defaultTimeoutMs'
  | 'retryBaseDelayMs'
  | 'maxAttempts'
  | 'endpointTemplate'
  | 'defaultEndpoint'
  | 'endpoint'
  | 'retry'
  | 'limits'
>;

/** invalidArgument: the service's error for a bad argument (metadata, tagging, first-append-only headers). */
export function buildConfig(ir: IrModel, invalidArgument: IrError): ConfigView {
  const [beforeRegion, afterRegion] = splitTemplate(ir.endpoint.template);
  return {
    accessKeyIdEnv: ir.service.credentials.accessKeyIdEnv,
    accessKeySecretEnv: ir.service.credentials.accessKeySecretEnv,
    securityTokenEnv: ir.service.credentials.securityTokenEnv,
    securityTokenHeader: ir.service.credentials.securityTokenHeader,
    defaultRegion: ir.service.defaults.region,
    defaultTimeoutMs: ir.service.defaults.timeoutMs,
    retryBaseDelayMs: ir.retry.baseDelayMs,
    maxAttempts: ir.retry.maxAttempts,
    endpointTemplate: ir.endpoint.template,
    defaultEndpoint: `${beforeRegion}${ir.service.defaults.region}${afterRegion}`,
    endpoint: {
      beforeRegion,
      afterRegion,
      pathStyleForIp: ir.endpoint.addressing.pathStyleFor.includes('ip') ? 1 : 0,
      pathStyleForLocalhost: ir.endpoint.addressing.pathStyleFor.includes('localhost') ? 1 : 0,
    },
    retry: {
      maxAttempts: ir.retry.maxAttempts,
      baseDelayMs: ir.retry.baseDelayMs,
      maxDelayMs: ir.retry.maxDelayMs,
      statuses: ir.retry.retryableStatuses,
      honorRetryAfter: ir.retry.honorRetryAfter ? 1 : 0,
    },
    limits: {
      keyMinBytes: ir.limits.objectKey.minBytes,
      keyMaxBytes: ir.limits.objectKey.maxBytes,
      keyForbiddenPrefixes: ir.limits.objectKey.forbiddenPrefixes,
      keyError: errorByCode(ir, ir.limits.objectKey.error).names.c,
      objectMaxBytes: ir.limits.objectSize.maxBytes,
      objectSizeError: errorByCode(ir, ir.limits.objectSize.error).names.c,
      metadataMaxTotalBytes: ir.limits.userMetadata.maxTotalBytes,
      metadataNamePattern: ir.limits.userMetadata.namePattern,
      metadataNameChars: charClassChars(ir.limits.userMetadata.namePattern),
      metadataError: invalidArgument.names.c,
      taggingMaxTags: ir.limits.tagging.maxTags,
      taggingMaxKeyLength: ir.limits.tagging.maxKeyLength,
      taggingMaxValueLength: ir.limits.tagging.maxValueLength,
      taggingChars: charClassChars(ir.limits.tagging.charPattern),
      taggingError: invalidArgument.names.c,
      laterAppendError: invalidArgument.names.c,
    },
  };
}
