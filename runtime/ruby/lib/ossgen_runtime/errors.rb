# frozen_string_literal: true

module OssgenRuntime
  # Base of every error this library raises. A ServiceError when the service answered with an error (a
  # redirect included: none is ever followed), a RequestValidationError when a request breaks the model's
  # rules (nothing was sent), an IntegrityError when a CRC-64 does not match, a ProtocolError when an
  # answer cannot be believed, a TransportError when the connection failed, was cut short or ran out of
  # time (TransportTimeoutError), a ConfigurationError when the client cannot be built.
  class SdkError < StandardError; end

  # The service answered with an error. The generated errors file has a subclass per modelled code.
  class ServiceError < SdkError
    CODE = ''
    STATUS = 0
    MESSAGE = ''
    RETRYABLE = false

    attr_reader :code, :status, :request_id, :host_id, :ec, :service_message

    # +ec+ is the service's name for its detailed error code.
    def initialize(message = '', code: nil, status: nil, request_id: nil, host_id: nil, ec: nil)
      @code = code.nil? ? self.class::CODE : code
      @status = status.nil? ? self.class::STATUS : status
      @service_message = message
      @request_id = request_id
      @host_id = host_id
      @ec = ec
      super(describe)
    end

    # True when the model marks this error as worth retrying (with backoff).
    def retryable?
      self.class::RETRYABLE
    end

    private

    def describe
      text = @code.empty? ? "HTTP #{@status}" : "#{@code} (HTTP #{@status})"
      text += ": #{@service_message}" unless @service_message.to_s.empty?
      text += " [request id #{@request_id}]" if @request_id
      text
    end
  end

  # A request breaks one of the model's rules; it was not sent. +code+ is the code the service would
  # answer with, +member+ the request field at fault (when there is one).
  class RequestValidationError < SdkError
    attr_reader :code, :member

    def initialize(message, code:, member: nil)
      super(message)
      @code = code
      @member = member
    end
  end

  # The client cannot be built from the settings given. The message names the setting, never its value.
  class ConfigurationError < SdkError; end

  # The CRC-64 the service returned is not the one computed over the bytes sent or received.
  class IntegrityError < SdkError
    attr_reader :expected, :actual

    def initialize(message, expected:, actual:)
      super(message)
      @expected = expected
      @actual = actual
    end
  end

  # An answer this client cannot believe (a missing or malformed header, an append answer whose next
  # position is not the position plus the bytes sent). The request may have been applied.
  class ProtocolError < SdkError; end

  # The exchange failed: connection refused or reset, an answer cut short, or no answer in time.
  # +outcome_unknown?+ is true when the request may have reached the service.
  class TransportError < SdkError
    def initialize(message, outcome_unknown:, timed_out: false)
      super(message)
      @outcome_unknown = outcome_unknown
      @timed_out = timed_out
    end

    def outcome_unknown?
      @outcome_unknown
    end

    def timed_out?
      @timed_out
    end
  end

  # No complete answer in time (the idle limit, the answer limit, or the call's operation_timeout).
  class TransportTimeoutError < TransportError
    def initialize(message, outcome_unknown:)
      super(message, outcome_unknown: outcome_unknown, timed_out: true)
    end
  end
end
