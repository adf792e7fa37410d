# frozen_string_literal: true

module OssgenRuntime
  # Appends chunks to one object, in order, with CRC-64 checks and safe recovery; never duplicates or
  # loses data.
  #
  # 1. #open reads the object with the probe (HEAD): absent means position 0 and CRC 0, an object that is
  #    not appendable is refused, otherwise the position and CRC come from its headers.
  # 2. #append computes the expected CRC of the object after the chunk, sends the chunk at the current
  #    position, checks the answer (next position = position + size, CRC equal to the expected one) and
  #    advances.
  # 3. When the outcome of an append is unknown (timeout, reset, an answer cut short, 5xx), the client's
  #    append finds out whether its own chunk is at [position, position + size): the same length means it
  #    did not land (it resends, with backoff); position + size with the expected CRC means it landed; a
  #    longer object has that range read back and compared. Only a chunk known to be absent is reported as
  #    a position error, so a caller that gets it may always reopen and append again.
  # 4. An append whose outcome stayed unknown is remembered (#unresolved?): the next append first settles
  #    it. When the next chunk has the same size and CRC-64, it is taken as the caller retrying it: if it
  #    landed, that append returns success without sending it again.
  #
  # #stream yields a writer (+out << line+) that buffers what is written and appends it in chunks of
  # +chunk_bytes+, the rest when the block ends.
  class Appender
    # One chunk the appender sent: where it goes, its size, its own CRC-64 and the object's after it.
    Chunk = Struct.new(:position, :bytes, :crc, :expected)

    # The writer #stream yields: everything written is appended, in order, in chunks.
    class StreamWriter
      attr_reader :written

      def initialize(appender, chunk_bytes)
        @appender = appender
        @chunk_bytes = chunk_bytes
        @buffer = String.new(encoding: Encoding::BINARY)
        @written = 0
      end

      def write(*items)
        items.sum do |item|
          data = item.to_s.b
          @buffer << data
          @written += data.bytesize
          flush if @buffer.bytesize >= @chunk_bytes
          data.bytesize
        end
      end

      def <<(item)
        write(item)
        self
      end

      def print(*items)
        write(*items)
        nil
      end

      def puts(*items)
        lines = items.empty? ? [''] : items.flatten
        lines.each { |line| write(line.to_s.end_with?("\n") ? line.to_s : "#{line}\n") }
        nil
      end

      # Appends what is buffered now (nothing when empty).
      def flush
        return self if @buffer.empty?

        chunk = @buffer
        @buffer = String.new(encoding: Encoding::BINARY)
        @appender.append(chunk)
        self
      end
    end

    attr_reader :client, :bucket, :key, :position, :crc, :create_options

    # +create_options+: the first-append-only members (content_type:, metadata:...) sent with the append
    # that creates the object. +operation_timeout+ (seconds; default the client's) bounds each #open and
    # #append as a whole, read-backs and resends included.
    def initialize(client, bucket, key, create_options: {}, max_attempts: nil, operation_timeout: nil, sleeper: nil)
      @client = client
      @bucket = bucket
      @key = key
      @spec = OPERATIONS.fetch(Protocol::APPEND_OPERATION)
      allowed = @spec.inputs.select(&:first_append_only).map(&:attr)
      unknown = create_options.keys - allowed
      raise ArgumentError, "not an option of the first append: #{unknown.join(', ')}" unless unknown.empty?

      @create_options = create_options
      @max_attempts = max_attempts || client.max_attempts
      @operation_timeout = operation_timeout || client.operation_timeout
      @sleeper = sleeper
      @position = 0
      @crc = 0
      @opened = false
      @unresolved = nil
    end

    # True while an earlier append's outcome is unknown; the next #append checks for it first.
    def unresolved?
      !@unresolved.nil?
    end

    # Reads the object's current length and CRC (a missing object starts at 0).
    def open(operation_timeout: nil)
      @position, @crc = read_state(new_call(operation_timeout))
      @unresolved = nil
      @opened = true
      self
    end

    # Appends +data+ (a String, a Pathname or an IO) at the current position and returns the append's
    # result. A position error means the chunk is known not to be in the object (another writer got there
    # first): reopen and append again. A TransportError means the outcome is unknown; the appender settles
    # it before the next append, and retrying the same chunk is then safe.
    def append(data, operation_timeout: nil)
      call = new_call(operation_timeout)
      unless @opened
        @position, @crc = read_state(call)
        @opened = true
      end
      body = Body.from(data)
      if @unresolved
        chunk = @unresolved
        # The caller is retrying the chunk whose outcome was unknown, and it is in the object.
        return result(@position, @crc) if settle(chunk, call) && retry_of?(body, chunk)
      end
      send_chunk(body, call)
    end

    # Yields a writer; everything written to it is appended in order, in chunks of +chunk_bytes+ (the
    # rest when the block returns). Returns the number of bytes written.
    def stream(chunk_bytes: 1024 * 1024)
      raise ArgumentError, 'stream needs a block' unless block_given?

      writer = StreamWriter.new(self, chunk_bytes)
      yield writer
      writer.flush
      writer.written
    end

    private

    def send_chunk(body, call)
      values = @client.__send__(:invoke, @spec, request(body), previous_crc: @crc, operation_timeout: call.remaining,
                                                               max_attempts: @max_attempts, sleeper: @sleeper)
      @position = values[@spec.append.next_position]
      @crc = values[@spec.append.crc]
      Engine.result(RESULT_CLASSES.fetch(@spec.name), values)
    rescue TransportError, ServiceError, ProtocolError => e
      # The chunk may be in the object (or a late copy may still land): settle it before the next append.
      @unresolved = describe(body) if e.is_a?(ProtocolError) || outcome_unknown?(e)
      raise
    end

    def result(position, crc)
      RESULT_CLASSES.fetch(@spec.name).new(**{ @spec.append.next_position => position, @spec.append.crc => crc })
    end

    def outcome_unknown?(error)
      return error.outcome_unknown? if error.is_a?(TransportError)

      error.is_a?(ServiceError) && error.status >= 500
    end

    # The chunk's size and CRC-64s, in one pass over its bytes; nil for a one-shot stream.
    def describe(body)
      return nil unless body.replayable? && body.size

      alone = Crc64::Digest.new
      after = Crc64::Digest.new(@crc || 0)
      body.each_chunk do |block|
        alone.update(block)
        after.update(block)
      end
      Chunk.new(@position, body.size, alone.value, @crc.nil? ? nil : after.value)
    end

    # Whether +body+ is the unresolved chunk again: same size and same CRC-64.
    def retry_of?(body, chunk)
      return false unless body.replayable? && body.size == chunk.bytes

      crc = Crc64::Digest.new
      body.each_chunk { |block| crc.update(block) }
      crc.value == chunk.crc
    end

    # Finds out whether the unresolved chunk landed and advances past it if so (returns whether it did).
    def settle(chunk, call)
      values = { Protocol::APPEND_BUCKET => @bucket, Protocol::APPEND_KEY => @key }
      begin
        found = @client.__send__(:locate, values, chunk.position, chunk.bytes, -> { [chunk.crc, chunk.expected] }, call)
      rescue Engine::ProbeFailed => e
        raise e.error
      end
      @unresolved = nil
      if found.landed
        @position = chunk.position + chunk.bytes
        @crc = chunk.expected
        return true
      end
      raise @client.__send__(:position_error, @key, found, chunk.position, chunk.bytes) if found.object_length != chunk.position

      false
    end

    def new_call(operation_timeout)
      Engine::Call.new(@spec.name, operation_timeout || @operation_timeout)
    end

    def request(body)
      values = { Protocol::APPEND_BUCKET => @bucket, Protocol::APPEND_KEY => @key, @spec.append.position => @position,
                 Protocol::APPEND_BODY => body }
      values.merge!(@create_options) if @position.zero?
      values
    end

    def read_state(call)
      values = { Protocol::PROBE_BUCKET => @bucket, Protocol::PROBE_KEY => @key }
      head = begin
        @client.__send__(:invoke, OPERATIONS.fetch(Protocol::PROBE_OPERATION), values, operation_timeout: call.remaining)
      rescue ServiceError => e
        return [0, 0] if e.code == Protocol::MISSING_CODE

        raise
      end
      object_type = head[Protocol::PROBE_OBJECT_TYPE]
      if !object_type.nil? && object_type != Protocol::APPENDABLE
        raise ERROR_CLASSES.fetch(Protocol::NOT_APPENDABLE_CODE, ServiceError)
                           .new("#{@key.inspect} is a #{object_type} object, which cannot be appended to",
                                request_id: head[Protocol::PROBE_REQUEST_ID])
      end
      [head[Protocol::PROBE_NEXT_POSITION] || head[Protocol::PROBE_LENGTH], head[Protocol::PROBE_CRC]]
    end
  end
end
