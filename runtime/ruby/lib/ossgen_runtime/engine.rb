# frozen_string_literal: true

module OssgenRuntime
  # The machinery every operation of the generated client goes through: settings and credentials,
  # validation, the wire form of a request, signing, retries with backoff, a call's deadline, CRC-64
  # checks, typed errors, and the safe append (an append whose outcome is unknown is settled by reading
  # the object, never by blindly sending it again). The generated client includes it and adds one method
  # per operation; the model's values come from Protocol, OPERATIONS, ERROR_CLASSES and ERROR_FIELDS.
  module Engine
    # One call's deadline (operation_timeout) and whether an attempt may have been applied.
    class Call
      attr_reader :deadline, :limit
      attr_accessor :maybe_applied

      def initialize(name, limit)
        @name = name
        @limit = limit
        @deadline = limit.nil? ? nil : Engine.now + limit
        @maybe_applied = false
      end

      # Seconds left (infinite without a deadline); raises TransportTimeoutError when none are.
      def time_left
        return Float::INFINITY if @deadline.nil?

        left = @deadline - Engine.now
        raise TransportTimeoutError.new("#{@name}: the operation_timeout of #{@limit} s passed", outcome_unknown: @maybe_applied) if left <= 0

        left
      end

      # What a nested call gets as its operation_timeout: the time left, or nil without a deadline.
      def remaining
        @deadline.nil? ? nil : time_left
      end

      def expired?
        !@deadline.nil? && Engine.now >= @deadline
      end
    end

    # Where a chunk whose append outcome was unknown stands: +landed+, the object's +length+ when probed,
    # the object's CRC-64 after the chunk when known (+expected+), and whether its absence was proven.
    Found = Struct.new(:landed, :object_length, :expected, :verified)

    # The object could not be read to settle an unknown outcome (internal: never reaches a caller).
    class ProbeFailed < StandardError
      attr_reader :error

      def initialize(error)
        super(error.message)
        @error = error
      end
    end

    # Passes a download through to the caller's sink, keeping its CRC-64 and size.
    class CrcWriter
      attr_reader :crc, :written

      def initialize(sink)
        @sink = sink
        @crc = Crc64::Digest.new
        @written = 0
      end

      def <<(data)
        @crc.update(data)
        @written += data.bytesize
        @sink << data unless @sink.nil?
        self
      end
    end

    INT_LIMITS = { 'int64' => (1 << 63) - 1, 'uint64' => (1 << 64) - 1 }.freeze

    def self.now
      Process.clock_gettime(Process::CLOCK_MONOTONIC)
    end

    # A result Struct of +values+ by attribute, each a member: new(**values) copies the Hash first.
    def self.result(cls, values)
      result = cls.allocate
      values.each { |attr, value| result[attr] = value }
      result
    end

    attr_reader :endpoint, :region, :auth, :timeout, :operation_timeout, :max_attempts

    # Never shows the credentials.
    def inspect
      "#<#{self.class.name} endpoint=#{@endpoint.inspect} region=#{@region.inspect} auth=#{@auth.inspect}>"
    end
    alias to_s inspect

    private

    def setup(endpoint: nil, region: nil, access_key_id: nil, access_key_secret: nil, security_token: nil,
              auth: Protocol::DEFAULT_AUTH, clock: nil, timeout: Protocol::DEFAULT_TIMEOUT_SECONDS,
              operation_timeout: nil, max_attempts: Protocol::MAX_ATTEMPTS, transport: nil, sleeper: nil)
      @region = region || Protocol::DEFAULT_REGION
      @endpoint = endpoint || Protocol::ENDPOINT_TEMPLATE.sub('{region}', @region)
      setup_endpoint(@endpoint)
      setup_credentials(access_key_id, access_key_secret, security_token)
      @auth = auth.to_s
      raise ConfigurationError, "auth must be 'v4' or 'v1', not #{auth.inspect}" unless %w[v4 v1].include?(@auth)
      raise ConfigurationError, 'timeout must be a positive number of seconds' unless timeout.is_a?(Numeric) && timeout.positive?

      check_operation_timeout(operation_timeout)
      @clock = clock # nil: the system clock
      @timeout = timeout
      @operation_timeout = operation_timeout
      @max_attempts = [1, max_attempts.to_i].max
      @transport = transport || NetHttpTransport.new
      @sleeper = sleeper || ->(seconds) { sleep(seconds) }
    end

    def setup_endpoint(endpoint)
      uri = begin
        URI.parse(endpoint)
      rescue URI::InvalidURIError
        nil
      end
      # Not shown: an endpoint may carry a user name and password.
      unless uri && %w[http https].include?(uri.scheme) && !uri.host.to_s.empty?
        raise ConfigurationError, 'endpoint must be an http(s) URL with a host name'
      end

      @scheme = uri.scheme
      @endpoint_host = uri.port == uri.default_port && !endpoint.match?(%r{\Ahttps?://[^/]*:\d}) ? uri.host : "#{uri.host}:#{uri.port}"
      @endpoint_host = "[#{uri.hostname}]#{@endpoint_host.sub(uri.host, '')}" if uri.hostname.include?(':')
      @path_style = path_style?(uri.hostname)
    end

    def path_style?(hostname)
      return Protocol::PATH_STYLE_FOR_LOCALHOST if hostname == 'localhost'

      ip = hostname.match?(/\A\d{1,3}(\.\d{1,3}){3}\z/) || hostname.include?(':')
      ip ? Protocol::PATH_STYLE_FOR_IP : false
    end

    def setup_credentials(access_key_id, access_key_secret, security_token)
      key_id = access_key_id.nil? ? ENV.fetch(Protocol::ENV_ACCESS_KEY_ID, nil) : access_key_id
      secret = access_key_secret.nil? ? ENV.fetch(Protocol::ENV_ACCESS_KEY_SECRET, nil) : access_key_secret
      if key_id.to_s.empty? || secret.to_s.empty?
        raise ConfigurationError, 'no credentials: pass access_key_id: and access_key_secret:, or set ' \
                                  "#{Protocol::ENV_ACCESS_KEY_ID} and #{Protocol::ENV_ACCESS_KEY_SECRET}"
      end

      @access_key_id = credential(key_id, access_key_id.nil? ? Protocol::ENV_ACCESS_KEY_ID : 'access_key_id')
      @access_key_secret = credential(secret, access_key_secret.nil? ? Protocol::ENV_ACCESS_KEY_SECRET : 'access_key_secret')
      token = security_token.nil? ? ENV.fetch(Protocol::ENV_SECURITY_TOKEN, nil) : security_token
      setting = security_token.nil? ? Protocol::ENV_SECURITY_TOKEN : 'security_token'
      @security_token = token.to_s.empty? ? nil : credential(token, setting)
    end

    # Credentials are header material: printable ASCII without spaces (0x21-0x7E), nothing else.
    def credential(value, setting)
      return value if value.is_a?(String) && value.match?(/\A[!-~]+\z/)

      # The value is never shown, not even in part: it is a secret.
      raise ConfigurationError, "#{setting} must be printable ASCII without spaces, line breaks or control " \
                                'characters (check for a trailing newline); its value is not shown'
    end

    def check_operation_timeout(limit)
      return if limit.nil? || (limit.is_a?(Numeric) && limit.positive?)

      raise ConfigurationError, 'operation_timeout must be a positive number of seconds or nil'
    end

    # -- one operation ---------------------------------------------------------------------------------

    def invoke(spec, values, previous_crc: nil, sink: nil, operation_timeout: nil, max_attempts: nil, sleeper: nil)
      limit = operation_timeout.nil? ? @operation_timeout : operation_timeout
      check_operation_timeout(limit)
      call = Call.new(spec.name, limit)
      body_member = spec.body_input
      body = body_member && !values[body_member.attr].nil? ? Body.from(values[body_member.attr]) : nil
      Validate.check_request(spec, values, body&.size)
      parts = wire_parts(spec, values)
      parts.headers << [Protocol::SECURITY_TOKEN_HEADER, @security_token] if @security_token
      attempts = [1, max_attempts || @max_attempts].max
      pause = sleeper || @sleeper
      exchange = Exchange.new(spec, parts, body, call)
      return append_call(spec, values, body, previous_crc, call, attempts, exchange, pause) if spec.append

      plain_call(spec, parts, body, sink, call, attempts, exchange, pause)
    end

    # What every attempt of one call sends: the operation, its wire parts, its body and the call.
    Exchange = Struct.new(:spec, :parts, :body, :call)

    # One attempt: the request built and signed now, sent; +crc+ gets the body's CRC-64, +counter+[0] the bytes sent.
    def attempt(exchange, crc, counter, download)
      spec = exchange.spec
      parts = exchange.parts
      body = exchange.body
      call = exchange.call
      time_left = call.time_left
      bytes = body&.bytes
      # A body in memory is hashed by the transport as it writes it (HttpRequest#body_digest), else block by block.
      http = build(spec, parts, body && (bytes ? body.each_chunk : tracked(body, crc, counter)), body&.size)
      http.bytes = bytes
      http.body_digest = crc if bytes
      from = crc.value
      http.deadline = call.deadline
      http.reads_body = !spec.body_output.nil?
      http.response_sink = download
      begin
        response = @transport.send_request(http, @timeout < time_left ? @timeout : time_left)
      rescue TransportError => e
        call.maybe_applied ||= e.outcome_unknown?
        raise
      end
      if bytes
        # A transport that did not hash the body as it wrote it (or not all of it): hashed here.
        crc.value = Crc64.checksum(bytes, from) unless crc.length == bytes.bytesize
        counter[0] = bytes.bytesize
      end
      response
    end

    def plain_call(spec, parts, body, sink, call, attempts, exchange, pause)
      body_out = spec.body_output
      # A stream that cannot be re-read is sent once.
      attempts = 1 if body && !body.replayable?
      attempt = 0
      loop do
        attempt += 1
        crc = Crc64::Digest.new
        download = sink.nil? ? nil : CrcWriter.new(sink)
        begin
          response = attempt(exchange, crc, [0], download)
        rescue TransportError
          # Bytes already written to a caller's sink cannot be taken back: no retry then.
          raise if attempt >= attempts || download&.written&.positive?

          backoff(attempt, nil, call, pause)
          next
        end
        if Protocol::RETRYABLE_STATUSES.include?(response.status) && attempt < attempts
          call.maybe_applied = true
          backoff(attempt, response.headers['retry-after'], call, pause)
          next
        end
        raise service_error(response) if response.status >= 300 # a 3xx included: redirects are never followed

        return finish_plain(spec, response, body, body_out, download, crc, parts.ranged)
      end
    end

    def finish_plain(spec, response, body, body_out, download, crc, ranged)
      result = read_outputs(spec, response)
      if body_out && download
        download << response.body unless response.body.empty? # a transport that does not stream
        result[body_out.attr] = +''
      end
      returned = result[Protocol::CRC_ATTR]
      if returned.is_a?(Integer)
        check_crc(crc.value, returned, 'after this request') if body
        # The CRC header describes the whole object, so only a full read can be checked.
        if body_out && !ranged && response.status == 200
          downloaded = download ? download.crc.value : Crc64.checksum(response.body)
          check_crc(downloaded, returned, 'of the downloaded content')
        end
      end
      result
    end

    # An append, resent only when its chunk is known not to have landed (wire contract, appender step 3).
    def append_call(spec, values, body, previous_crc, call, attempts, exchange, pause)
      position = values[spec.append.position]
      previous_crc = 0 if previous_crc.nil? && position.zero? # before the first append the CRC is known: 0
      replayable = body.replayable? && !body.size.nil?
      unknown = nil
      attempt = 0
      loop do
        attempt += 1
        crc = Crc64::Digest.new(previous_crc || 0)
        sent = [0]
        begin
          response = attempt(exchange, crc, sent, nil)
          raise service_error(response) if response.status >= 300

          result = read_outputs(spec, response)
          check_append_answer(spec, result, position, sent[0], previous_crc.nil? ? nil : crc.value)
          return result
        rescue ServiceError => e
          resent_refused = !unknown.nil? && e.code == Protocol::POSITION_ERROR_CODE
          retryable = Protocol::RETRYABLE_STATUSES.include?(e.status)
          raise unless retryable || resent_refused

          if retryable
            unknown ||= e
            call.maybe_applied = true
          end
          error = e
        rescue TransportError => e
          unknown ||= e if e.outcome_unknown?
          error = e
        end
        raise error unless replayable # a stream that cannot be re-read is not resent

        if unknown
          begin
            found = locate(values, position, body.size, crcs_of(body, previous_crc), call)
          rescue ProbeFailed
            if call.expired?
              call.maybe_applied = true
              call.time_left # raises the timeout
            end
            raise unknown
          end
          return { spec.append.next_position => position + body.size, spec.append.crc => found.expected } if found.landed
          raise position_error(values[Protocol::APPEND_KEY], found, position, body.size) if found.object_length != position
        end
        raise(unknown || error) if attempt >= attempts

        backoff(attempt, nil, call, pause)
      end
    end

    # The body's own CRC-64 and the object's CRC-64 after it (from +previous_crc+), on demand, one pass.
    def crcs_of(body, previous_crc)
      lambda do
        alone = Crc64::Digest.new
        after = Crc64::Digest.new(previous_crc || 0)
        body.each_chunk do |block|
          alone.update(block)
          after.update(block)
        end
        [alone.value, previous_crc.nil? ? nil : after.value]
      end
    end

    # Is a chunk of +size+ bytes, appended at +position+, in the object? (Wire contract, appender step 3.)
    # +crcs+ gives the chunk's own CRC-64 and the object's expected CRC-64 after it (nil when unknown).
    def locate(values, position, size, crcs, call)
      length, crc = probe(values[Protocol::APPEND_BUCKET], values[Protocol::APPEND_KEY], call)
      return Found.new(true, length, nil, true) if size.zero? && length >= position
      return Found.new(false, length, nil, true) if length == position
      # Appends are atomic: a shorter object does not hold the chunk.
      return Found.new(false, length, nil, false) if length < position + size

      chunk_crc, expected = crcs.call
      return Found.new(true, length, expected, true) if length == position + size && !expected.nil? && crc == expected

      # The object has grown past the chunk (or its CRC is unknown): read the range back and compare.
      landed = range_crc(values[Protocol::APPEND_BUCKET], values[Protocol::APPEND_KEY], position, size, call) == chunk_crc
      Found.new(landed, length, expected, true)
    rescue SdkError => e
      raise ProbeFailed, e
    end

    # The object's length and CRC-64 (a missing object: 0 and 0), from the probe (HEAD).
    def probe(bucket, key, call)
      spec = OPERATIONS.fetch(Protocol::PROBE_OPERATION)
      head = begin
        invoke(spec, { Protocol::PROBE_BUCKET => bucket, Protocol::PROBE_KEY => key }, operation_timeout: call.remaining)
      rescue ServiceError => e
        return [0, 0] if e.code == Protocol::MISSING_CODE

        raise
      end
      object_type = head[Protocol::PROBE_OBJECT_TYPE]
      raise ProtocolError, "the object is now a #{object_type} object" if !object_type.nil? && object_type != Protocol::APPENDABLE

      [head[Protocol::PROBE_NEXT_POSITION] || head[Protocol::PROBE_LENGTH], head[Protocol::PROBE_CRC]]
    end

    # CRC-64 (from 0) of the object's bytes [position, position + size), read with a ranged read.
    def range_crc(bucket, key, position, size, call)
      raise ProtocolError, 'the model has no ranged read to read an append back' if Protocol::READ_OPERATION.empty?

      sink = CrcWriter.new(nil)
      values = { Protocol::READ_BUCKET => bucket, Protocol::READ_KEY => key,
                 Protocol::READ_RANGE => "bytes=#{position}-#{position + size - 1}" }
      # Strict range behaviour: a range the object no longer covers is an error, never the whole object.
      values[Protocol::READ_RANGE_BEHAVIOR] = Protocol::RANGE_STRICT unless Protocol::RANGE_STRICT.empty?
      invoke(OPERATIONS.fetch(Protocol::READ_OPERATION), values, sink: sink, operation_timeout: call.remaining)
      raise ProtocolError, "the read-back returned #{sink.written} bytes, not #{size}" if sink.written != size

      sink.crc.value
    end

    def position_error(key, found, position, size)
      message = if found.verified
                  "this chunk is not in #{key.inspect}: the object is #{found.object_length} bytes and the bytes at #{position} " \
                    'were read back and are not this chunk (verified absent); another writer appended first'
                else
                  "another writer changed #{key.inspect}: its length is #{found.object_length}, expected #{position} or #{position + size}"
                end
      ERROR_CLASSES.fetch(Protocol::POSITION_ERROR_CODE).new(message, **{ Protocol::POSITION_ERROR_FIELD => found.object_length })
    end

    # Backs off before a retry, never past the call's deadline.
    def backoff(attempt, retry_after, call, pause)
      delay = if Protocol::HONOR_RETRY_AFTER && retry_after.to_s.match?(/\A\d+\z/)
                [retry_after.to_f, Protocol::MAX_DELAY_SECONDS].min
              else
                [Protocol::MAX_DELAY_SECONDS, Protocol::BASE_DELAY_SECONDS * (1 << (attempt - 1))].min * (0.5 + (rand / 2))
              end
      delay = [delay, [0.0, call.deadline - Engine.now].max].min unless call.deadline.nil?
      pause.call(delay)
    end

    def tracked(body, crc, counter)
      Enumerator.new do |out|
        body.each_chunk do |chunk|
          crc.update(chunk)
          counter[0] += chunk.bytesize
          out << chunk
        end
      end
    end

    # -- the wire ----------------------------------------------------------------------------------------

    def wire_value(value)
      case value
      when true then 'true'
      when false then 'false'
      else value.to_s
      end
    end

    # A request's bucket, key, query and header pairs, and whether it asks for a byte range.
    WireParts = Struct.new(:bucket, :key, :query, :headers, :ranged)

    # Walks the given values only (a request gives few of its members); given out of the members' order, the
    # members instead, so the headers always go in the members' order.
    def wire_parts(spec, values)
      parts = WireParts.new('', '', spec.flag_query.dup, [], false)
      last = -1
      values.each do |attr, value|
        next if value.nil?

        position = spec.input_position(attr)
        next if position.nil?
        return wire_parts_in_order(spec, values) if position < last

        last = position
        add_wire_part(parts, spec.inputs[position], value)
      end
      parts
    end

    def wire_parts_in_order(spec, values)
      parts = WireParts.new('', '', spec.flag_query.dup, [], false)
      spec.inputs.each do |member|
        value = values[member.attr]
        add_wire_part(parts, member, value) unless value.nil?
      end
      parts
    end

    def add_wire_part(parts, member, value)
      case member.location
      when 'host' then parts.bucket = value.to_s
      when 'path' then parts.key = value.to_s
      when 'query' then parts.query << [member.wire, wire_value(value)]
      when 'header'
        parts.headers << [member.wire, wire_value(value)]
        parts.ranged ||= member.format == 'byte-range'
      when 'header-map'
        value.sort.each { |name, item| parts.headers << ["#{member.wire}#{name.downcase}", item] }
      end
    end

    def host_and_path(bucket, key)
      if @path_style
        [@endpoint_host, Signer.uri_encode("/#{bucket}/#{key}", true)]
      else
        ["#{bucket}.#{@endpoint_host}", Signer.uri_encode("/#{key}", true)]
      end
    end

    # What V4 signing keeps for the day of +stamp+ (the signing key's HMAC, the scope's texts), made once a day
    # and region (four HMACs and an HMAC set-up a request otherwise), replaced whole, shared by threads.
    def v4_day(stamp)
      cached = @v4_day
      return cached if cached&.covers?(stamp)

      @v4_day = Signer::V4Day.new(@access_key_id, @access_key_secret, @region, stamp[0, 8])
    end

    # The encoded "/bucket/key" (V4's canonical URI, and the path of a path-style URL), kept for the last
    # bucket and key: an appender sends many requests to one object.
    def canonical_uri(bucket, key)
      cached = @canonical_uri
      return cached[2] if cached && cached[0] == bucket && cached[1] == key

      uri = Signer.uri_encode("/#{bucket}/#{key}", true)
      @canonical_uri = [bucket.dup.freeze, key.dup.freeze, uri].freeze
      uri
    end

    def build(spec, parts, body, size)
      bucket = parts.bucket
      key = parts.key
      uri = canonical_uri(bucket, key)
      if @path_style
        host = @endpoint_host
        path = uri
      else
        host, path = host_and_path(bucket, key)
      end
      query = Signer.encode_query(parts.query) # once, for the signature and the URL
      headers = if @auth == 'v4'
                  # The system clock's second needs no Time (a clock given for tests does).
                  stamp = @clock ? Signer.v4_stamp(@clock.call) : Signer.v4_stamp_at(Process.clock_gettime(Process::CLOCK_REALTIME, :second))
                  Signer.sign_v4_with(spec.method_name, uri, query, parts.headers, stamp, v4_day(stamp))
                else
                  signing = { method: spec.method_name, bucket: bucket, key: key, query: parts.query, encoded_query: query }
                  Signer.sign_v1(signing, parts.headers, @access_key_id, @access_key_secret, now)
                end
      HttpRequest.of(spec.method_name, @scheme, host, path, query, headers, body, body.nil? ? nil : size)
    end

    def now
      @clock ? @clock.call : Time.now
    end

    # -- answers -----------------------------------------------------------------------------------------

    # A header's value as its member's type. Integers are plain non-negative decimals within 64 bits:
    # anything else raises ArgumentError, never reads as 0.
    def convert(type, text)
      if INT_LIMITS.key?(type)
        digits = text.match?(/\A[0-9]{1,20}\z/) ? text : text.strip
        value = digits.match?(/\A[0-9]{1,20}\z/) ? digits.to_i : nil
        raise ArgumentError, 'not a decimal integer' unless value && value <= INT_LIMITS[type]

        return value
      end
      return text.casecmp?('true') if type == 'boolean'

      text
    end

    def shown(text)
      (text.length <= 40 ? text : "#{text[0, 40]}...").inspect
    end

    def read_outputs(spec, response)
      result = {}
      header_names = spec.output_header_names
      spec.outputs.each_with_index do |member, i|
        case member.location
        when 'body' then result[member.attr] = response.body
        when 'header-map'
          prefix = member.wire.downcase
          result[member.attr] = response.headers.keys.sort.select { |name| name.start_with?(prefix) }
                                        .to_h { |name| [name[prefix.length..], response.headers[name]] }
        when 'header'
          text = response.headers[header_names[i]]
          if text.nil?
            raise ProtocolError, "#{spec.name}: the answer lacks the #{member.wire} header" if member.required

            next
          end
          begin
            result[member.attr] = convert(member.type, text)
          rescue ArgumentError
            raise ProtocolError, "#{spec.name}: the #{member.wire} header is not a #{member.type}: #{shown(text)}"
          end
        end
      end
      result
    end

    def check_crc(expected, actual, what)
      return if expected == actual

      raise IntegrityError.new("CRC-64 mismatch #{what}: computed #{expected}, the service returned #{actual}",
                               expected: expected, actual: actual)
    end

    # An append's 2xx is believed only as far as it is consistent (else ProtocolError; it may have been applied).
    def check_append_answer(spec, result, position, sent, expected_crc)
      next_position = result[spec.append.next_position]
      raise ProtocolError, "#{spec.name}: the answer has no next position" unless next_position.is_a?(Integer)

      if next_position != position + sent
        raise ProtocolError, "#{spec.name}: the answer's next position is #{next_position}, not #{position} + #{sent} bytes " \
                             "sent = #{position + sent}; the append may have been applied"
      end
      returned = result[spec.append.crc]
      unless returned.is_a?(Integer)
        raise ProtocolError, "#{spec.name}: the answer lacks the #{Protocol::CRC_HEADER} header; the append may have been applied"
      end

      check_crc(expected_crc, returned, 'after this request') unless expected_crc.nil?
    end

    def service_error(response)
      document, bodyless = ErrorXml.document(response)
      code = document[Protocol::ERROR_CODE_ELEMENT]
      # The status names a code only for a body-less answer, and only when one modelled error has it.
      code = bodyless ? Protocol::CODE_BY_STATUS.fetch(response.status, '') : '' if code.nil?
      cls = ERROR_CLASSES.fetch(code, ServiceError)
      extra = {}
      ERROR_FIELDS.fetch(code, []).each do |attr, type, header, element|
        text = header ? response.headers[header.downcase] : document[element]
        next if text.nil?

        begin
          extra[attr] = convert(type, text)
        rescue ArgumentError
          next
        end
      end
      cls.new(document[Protocol::ERROR_MESSAGE_ELEMENT] || fallback_message(response, code, cls, bodyless),
              code: code, status: response.status,
              request_id: document[Protocol::ERROR_REQUEST_ID_ELEMENT] || response.headers[Protocol::REQUEST_ID_HEADER],
              host_id: document[Protocol::ERROR_HOST_ID_ELEMENT],
              ec: document[Protocol::ERROR_EC_ELEMENT] || error_code_header(response), **extra)
    end

    def error_code_header(response)
      Protocol::ERROR_CODE_HEADER.empty? ? nil : response.headers[Protocol::ERROR_CODE_HEADER]
    end

    def fallback_message(response, code, cls, bodyless)
      if response.status >= 300 && response.status < 400
        'a redirect, which is never followed'
      elsif !code.empty?
        cls == ServiceError ? '' : cls::MESSAGE
      elsif bodyless
        'no error body'
      else
        "the body is not an <#{Protocol::ERROR_ROOT}> document"
      end
    end

    # -- presigned URLs ----------------------------------------------------------------------------------

    def presign(spec, values, expires_seconds, auth, additional_headers)
      auth = (auth || @auth).to_s
      raise ConfigurationError, "auth must be 'v4' or 'v1', not #{auth.inspect}" unless %w[v4 v1].include?(auth)

      limit = auth == 'v4' ? Protocol::V4_PRESIGN_MAX_EXPIRES_SECONDS : nil
      unless expires_seconds.is_a?(Integer) && expires_seconds >= 1 && (limit.nil? || expires_seconds <= limit)
        raise RequestValidationError.new("expires_seconds must be a whole number of seconds from 1#{limit ? " to #{limit}" : ''}",
                                         code: Protocol::INVALID_ARGUMENT, member: :expires_seconds)
      end

      # The body does not travel with the URL: it is neither checked nor signed.
      Validate.check_request(spec.dup.tap { |s| s.inputs = s.inputs.reject { |m| m.location == 'body' } }, values, nil)
      parts = wire_parts(spec, values)
      now = self.now
      host, path = host_and_path(parts.bucket, parts.key)
      signing = { method: spec.method_name, bucket: parts.bucket, key: parts.key, query: parts.query }
      credentials = [@access_key_id, @access_key_secret, @security_token]
      added = if auth == 'v4'
                Signer.presign_v4(signing, parts.headers, credentials, @region, now, expires_seconds, additional_headers, host)
              else
                Signer.presign_v1(signing, parts.headers, credentials, now, expires_seconds)
              end
      PresignedRequest.new(method_name: spec.method_name, url: "#{@scheme}://#{host}#{path}?#{Signer.encode_query(parts.query + added)}",
                           expiration: Time.at(now.to_i + expires_seconds).utc, headers: parts.headers.to_h)
    end
  end

  # A request anyone can send until +expiration+: +method_name+ to +url+ with +headers+ and no Authorization.
  # The signed headers among +headers+ must be sent with exactly these values.
  PresignedRequest = Struct.new(:method_name, :url, :expiration, :headers, keyword_init: true)
end
