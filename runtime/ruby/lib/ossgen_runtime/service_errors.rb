# frozen_string_literal: true

# A stand-in for the generated file (the bundled model's values), so the runtime can be tested where it lives; never copied.
module OssgenRuntime
  # AccessDenied: The request was not signed, or the credentials lack the permission it needs.
  #
  # Sign the request, and grant the permissions listed on the operation's page.
  class AccessDeniedError < ServiceError
    CODE = 'AccessDenied'
    STATUS = 403
    MESSAGE = 'You have no right to access this object'
    RETRYABLE = false
  end

  # FileAlreadyExists: `x-oss-forbid-overwrite: true` was sent and an object of that name exists.
  #
  # Use another name, or send the request without `x-oss-forbid-overwrite`.
  class FileAlreadyExistsError < ServiceError
    CODE = 'FileAlreadyExists'
    STATUS = 409
    MESSAGE = 'The object you specified already exists and can not be overwritten'
    RETRYABLE = false
  end

  # FileImmutable: The bucket's WORM retention policy protects the object.
  #
  # Write to a bucket without a retention policy.
  class FileImmutableError < ServiceError
    CODE = 'FileImmutable'
    STATUS = 409
    MESSAGE = 'The object is protected by a retention policy'
    RETRYABLE = false
  end

  # InternalError: The service failed while handling the request.
  #
  # Retry with backoff. For an append, read the object's length first, since the append may have landed.
  class InternalErrorError < ServiceError
    CODE = 'InternalError'
    STATUS = 500
    MESSAGE = 'We encountered an internal error. Please try again.'
    RETRYABLE = true
  end

  # InvalidAccessKeyId: The AccessKey ID that signed the request is unknown to the service, or disabled.
  #
  # Check the AccessKey ID in the client's options or environment, and that the key is enabled.
  class InvalidAccessKeyIdError < ServiceError
    CODE = 'InvalidAccessKeyId'
    STATUS = 403
    MESSAGE = 'The OSS Access Key Id you provided does not exist in our records.'
    RETRYABLE = false
  end

  # InvalidArgument: A header or parameter has a value the service does not accept.
  #
  # Check the message, which names the argument, against the reference page.
  class InvalidArgumentError < ServiceError
    CODE = 'InvalidArgument'
    STATUS = 400
    MESSAGE = 'Invalid argument'
    RETRYABLE = false
  end

  # InvalidBucketName: The bucket name is not a valid bucket name.
  #
  # Use 3 to 63 lower-case letters, digits and hyphens, starting and ending with a letter or digit.
  class InvalidBucketNameError < ServiceError
    CODE = 'InvalidBucketName'
    STATUS = 400
    MESSAGE = 'The specified bucket is not valid'
    RETRYABLE = false
  end

  # InvalidDigest: The Content-MD5 header is not the Base64 of a 16-byte MD5, or does not match the body the
  # service received; nothing was stored.
  #
  # Compute the MD5 over exactly the bytes sent and Base64-encode the 16-byte digest (not its hex form).
  class InvalidDigestError < ServiceError
    CODE = 'InvalidDigest'
    STATUS = 400
    MESSAGE = 'The Content-MD5 you specified is not valid.'
    RETRYABLE = false
  end

  # InvalidObjectName: The key is empty, longer than 1023 bytes, not UTF-8, or starts with `/` or `\`.
  #
  # Use a key of 1 to 1023 UTF-8 bytes that does not start with `/` or `\`.
  class InvalidObjectNameError < ServiceError
    CODE = 'InvalidObjectName'
    STATUS = 400
    MESSAGE = 'The specified object name is not valid'
    RETRYABLE = false
  end

  # InvalidRange: The requested range starts beyond the end of the object. Only with `x-oss-range-behavior:
  # standard`; otherwise such a range is ignored and the whole object returned.
  #
  # Request a range within the object's length.
  class InvalidRangeError < ServiceError
    CODE = 'InvalidRange'
    STATUS = 416
    MESSAGE = 'The requested range cannot be satisfied'
    RETRYABLE = false
  end

  # InvalidSecurityToken: The STS security token sent with temporary credentials is malformed, expired or does
  # not belong to the AccessKey ID.
  #
  # Obtain fresh temporary credentials and pass the AccessKey ID, secret and token from the same set.
  class InvalidSecurityTokenError < ServiceError
    CODE = 'InvalidSecurityToken'
    STATUS = 403
    MESSAGE = 'The security token you provided is invalid.'
    RETRYABLE = false
  end

  # KmsServiceNotEnabled: KMS encryption was requested but KMS is not activated for the account.
  #
  # Activate KMS, or use AES256.
  class KmsServiceNotEnabledError < ServiceError
    CODE = 'KmsServiceNotEnabled'
    STATUS = 403
    MESSAGE = 'KMS service is not enabled'
    RETRYABLE = false
  end

  # MethodNotAllowed: No operation of the service answers this HTTP method on an object.
  #
  # Use the methods of the operations this SDK offers.
  class MethodNotAllowedError < ServiceError
    CODE = 'MethodNotAllowed'
    STATUS = 405
    MESSAGE = 'The specified method is not allowed against this resource.'
    RETRYABLE = false
  end

  # MissingArgument: The `position` query parameter is missing or is not a non-negative integer.
  #
  # Send `position` as a decimal integer.
  class MissingArgumentError < ServiceError
    CODE = 'MissingArgument'
    STATUS = 400
    MESSAGE = 'Missing or invalid argument'
    RETRYABLE = false
  end

  # MissingContentLength: The request had neither Content-Length nor chunked transfer encoding.
  #
  # Send Content-Length, or stream the body with chunked encoding.
  class MissingContentLengthError < ServiceError
    CODE = 'MissingContentLength'
    STATUS = 411
    MESSAGE = 'You must provide the Content-Length HTTP header'
    RETRYABLE = false
  end

  # NoSuchBucket: The bucket does not exist.
  #
  # Check the bucket name and the endpoint's region.
  class NoSuchBucketError < ServiceError
    CODE = 'NoSuchBucket'
    STATUS = 404
    MESSAGE = 'The specified bucket does not exist'
    RETRYABLE = false
  end

  # NoSuchKey: No object has that key.
  #
  # For an append, start at position 0 to create the object.
  class NoSuchKeyError < ServiceError
    CODE = 'NoSuchKey'
    STATUS = 404
    MESSAGE = 'The specified key does not exist'
    RETRYABLE = false
  end

  # NotImplemented: The request asks for an operation or sub-resource that is not available here.
  #
  # Check the method, path and query against the operations this SDK offers.
  class NotImplementedError < ServiceError
    CODE = 'NotImplemented'
    STATUS = 501
    MESSAGE = 'A header you provided implies functionality that is not implemented.'
    RETRYABLE = false
  end

  # NotModified: The object has not changed: its ETag matches `If-None-Match`, or it was not modified after
  # `If-Modified-Since`. The answer has no body.
  #
  # Use the copy you already have; it is current.
  class NotModifiedError < ServiceError
    CODE = 'NotModified'
    STATUS = 304
    MESSAGE = 'Not Modified'
    RETRYABLE = false
  end

  # ObjectNotAppendable: The object exists and is not an appendable object (it was written with PutObject or
  # multipart upload).
  #
  # Append to another name, or delete the object and start again at position 0.
  class ObjectNotAppendableError < ServiceError
    CODE = 'ObjectNotAppendable'
    STATUS = 409
    MESSAGE = 'The object is not appendable'
    RETRYABLE = false
  end

  # PositionNotEqualToLength: The position sent is not the object's current length.
  #
  # Read `nextAppendPosition` from the error (or HEAD the object). If you are retrying an append whose outcome
  # was unknown and it equals your position plus your length, the earlier attempt landed: do not send it
  # again.
  class PositionNotEqualToLengthError < ServiceError
    CODE = 'PositionNotEqualToLength'
    STATUS = 409
    MESSAGE = 'Position is not equal to file length'
    RETRYABLE = false

    # # The object's current length, which is the position to append at.
    attr_reader :next_append_position

    def initialize(message = '', next_append_position: nil, **rest)
      @next_append_position = next_append_position
      super(message, **rest)
    end
  end

  # PreconditionFailed: A condition of the read did not hold: the ETag is not one named by `If-Match`, or the
  # object was modified after `If-Unmodified-Since`.
  #
  # The object changed since you last read it; read its metadata again before deciding.
  class PreconditionFailedError < ServiceError
    CODE = 'PreconditionFailed'
    STATUS = 412
    MESSAGE = 'At least one of the pre-conditions you specified did not hold'
    RETRYABLE = false
  end

  # RequestTimeTooSkewed: The request's date is more than 15 minutes away from the service's clock.
  #
  # Synchronise the client's clock.
  class RequestTimeTooSkewedError < ServiceError
    CODE = 'RequestTimeTooSkewed'
    STATUS = 403
    MESSAGE = 'The difference between the request time and the current time is too large'
    RETRYABLE = false
  end

  # RequestTimeout: The request body ended or stopped arriving before the length its Content-Length declared;
  # nothing was stored.
  #
  # Check that Content-Length matches the body and the network is sound, then send the request again.
  class RequestTimeoutError < ServiceError
    CODE = 'RequestTimeout'
    STATUS = 400
    MESSAGE = 'Your socket connection to the server was not read from or written to within the timeout period.'
    RETRYABLE = false
  end

  # ServiceUnavailable: The service is busy.
  #
  # Retry after the `Retry-After` delay, with backoff.
  class ServiceUnavailableError < ServiceError
    CODE = 'ServiceUnavailable'
    STATUS = 503
    MESSAGE = 'Please reduce your request rate.'
    RETRYABLE = true
  end

  # SignatureDoesNotMatch: The signature does not match the one the service computed for this request.
  #
  # Check the access key secret, the region, and that no signed header changed after signing.
  class SignatureDoesNotMatchError < ServiceError
    CODE = 'SignatureDoesNotMatch'
    STATUS = 403
    MESSAGE = 'The request signature we calculated does not match the signature you provided'
    RETRYABLE = false

    # # The string to sign the server computed, to compare with the client's.
    attr_reader :string_to_sign

    def initialize(message = '', string_to_sign: nil, **rest)
      @string_to_sign = string_to_sign
      super(message, **rest)
    end
  end

  # Every modelled error class, by its code.
  ERROR_CLASSES = {
    'AccessDenied' => AccessDeniedError,
    'FileAlreadyExists' => FileAlreadyExistsError,
    'FileImmutable' => FileImmutableError,
    'InternalError' => InternalErrorError,
    'InvalidAccessKeyId' => InvalidAccessKeyIdError,
    'InvalidArgument' => InvalidArgumentError,
    'InvalidBucketName' => InvalidBucketNameError,
    'InvalidDigest' => InvalidDigestError,
    'InvalidObjectName' => InvalidObjectNameError,
    'InvalidRange' => InvalidRangeError,
    'InvalidSecurityToken' => InvalidSecurityTokenError,
    'KmsServiceNotEnabled' => KmsServiceNotEnabledError,
    'MethodNotAllowed' => MethodNotAllowedError,
    'MissingArgument' => MissingArgumentError,
    'MissingContentLength' => MissingContentLengthError,
    'NoSuchBucket' => NoSuchBucketError,
    'NoSuchKey' => NoSuchKeyError,
    'NotImplemented' => NotImplementedError,
    'NotModified' => NotModifiedError,
    'ObjectNotAppendable' => ObjectNotAppendableError,
    'PositionNotEqualToLength' => PositionNotEqualToLengthError,
    'PreconditionFailed' => PreconditionFailedError,
    'RequestTimeTooSkewed' => RequestTimeTooSkewedError,
    'RequestTimeout' => RequestTimeoutError,
    'ServiceUnavailable' => ServiceUnavailableError,
    'SignatureDoesNotMatch' => SignatureDoesNotMatchError
  }.freeze

  # The extra fields an error carries: [attribute, type, header, error-document element].
  ERROR_FIELDS = {
    'PositionNotEqualToLength' => [[:next_append_position, 'int64', 'x-oss-next-append-position', nil]],
    'SignatureDoesNotMatch' => [[:string_to_sign, 'string', nil, 'StringToSign']]
  }.freeze
end
