/**
 * Which names each generated module imports and exports: the package's `__all__`, the
 * `__init__`, client, appender, sample and conftest imports, and the errors and models modules'
 * `__all__`, each in the order ruff expects. The runtime's own names (SdkError, Transport, crc64,
 * ...) are listed here; the model's (client, errors, requests, results) come from the views.
 */
import type { AppenderView } from './appender.js';
import { sortAll, sortImports } from './literals.js';

export function namesView(
  clientClass: string,
  errors: { className: string }[],
  operations: { requestClass: string; resultClass: string }[],
  appender: AppenderView | undefined,
) {
  const exportNames = [
    ...(appender ? ['Appender', appender.optionsClass] : []),
    'BodyLike',
    'ConfigurationError',
    'Crc64',
    clientClass,
    'HttpRequest',
    'HttpResponse',
    'IntegrityError',
    'PresignedRequest',
    'ProtocolError',
    'RequestValidationError',
    'SdkError',
    'ServiceError',
    'Transport',
    'TransportError',
    'TransportTimeoutError',
    'Writable',
    'crc64',
    ...errors.map((e) => e.className),
    ...operations.flatMap((o) => [o.requestClass, o.resultClass]),
  ];

  const errorNames = errors.map((e) => e.className);
  const modelNames = [...(appender ? [appender.optionsClass] : []), ...operations.flatMap((o) => [o.requestClass, o.resultClass])];
  const sampleBase = ['Appender', 'ConfigurationError', clientClass, 'RequestValidationError', 'SdkError', 'ServiceError'];
  const importsView = {
    initErrors: sortImports(['IntegrityError', 'ProtocolError', 'RequestValidationError', 'SdkError', 'ServiceError', 'TransportError', 'TransportTimeoutError', ...errorNames]),
    initModels: sortImports(modelNames),
    initTransport: sortImports(['HttpRequest', 'HttpResponse', 'Transport', 'Writable']),
    clientModels: sortImports(operations.flatMap((o) => [o.requestClass, o.resultClass])),
    clientErrors: sortImports([
      'ERROR_CLASSES',
      'ERROR_FIELDS',
      'ProtocolError',
      'SdkError',
      'ServiceError',
      'TransportError',
      ...(appender ? [appender.positionError] : []),
    ]),
    appenderErrors: appender
      ? sortImports([
          appender.notAppendableError,
          appender.missingError,
          'ProtocolError',
          'ServiceError',
          'TransportError',
        ])
      : [],
    appenderModels: appender
      ? sortImports([
          appender.optionsClass,
          appender.appendRequest,
          appender.appendResult,
          appender.headRequest,
        ])
      : [],
    sampleMemory: sortImports([...sampleBase, ...(appender ? [appender.optionsClass] : [])]),
    sampleOther: sortImports(sampleBase),
    conftest: sortImports([clientClass, 'HttpRequest', 'HttpResponse', ...(appender ? ['crc64'] : [])]),
  };

  return {
    importsView,
    exports: sortAll(exportNames),
    errorsAll: sortAll([
      ...errors.map((e) => e.className),
      'ERROR_CLASSES',
      'ERROR_FIELDS',
      'IntegrityError',
      'ProtocolError',
      'RequestValidationError',
      'SdkError',
      'ServiceError',
      'TransportError',
      'TransportTimeoutError',
    ]),
    modelsAll: sortAll(['BodyLike', ...modelNames]),
  };
}
