# frozen_string_literal: true

module OssgenRuntime
  # A request body: a String (its bytes), a Pathname (a file to send), or an IO (a File, a StringIO, a
  # pipe), always sent in blocks. A file is never read whole: its size is taken up front (so
  # Content-Length can be sent) and its bytes are read one block at a time while the request is written.
  # A String, a Pathname or a seekable IO can be read again (for a resend or a CRC pass); a pipe or a
  # socket only once, and it is sent with chunked transfer encoding.
  class Body
    BLOCK_SIZE = 64 * 1024

    # The size in bytes, or nil for a one-shot stream.
    attr_reader :size

    def self.from(source)
      source.is_a?(Body) ? source : new(source)
    end

    def initialize(source)
      @data = nil
      @path = nil
      @io = nil
      @start = 0
      @consumed = false
      case source
      when String
        @data = source.b
        @size = @data.bytesize
      when Pathname
        @path = source.to_s
        # The size is fixed now: a file that keeps growing is sent as it was at this moment.
        @size = File.size(@path)
      else
        raise TypeError, "unsupported body type #{source.class}" unless source.respond_to?(:read)

        @io = source
        @size = remaining_size(source)
        @start = source.pos if @size
      end
    end

    # The bytes when the body is in memory (a String), else nil.
    def bytes
      @data
    end

    # True when #each_chunk can be called again and yields the same bytes.
    def replayable?
      @io.nil? || !@size.nil?
    end

    # Yields the body's bytes, at most BLOCK_SIZE at a time.
    def each_chunk(&block)
      return enum_for(:each_chunk) unless block

      if @data
        offset = 0
        while offset < @data.bytesize
          yield @data.byteslice(offset, BLOCK_SIZE)
          offset += BLOCK_SIZE
        end
      elsif @path
        File.open(@path, 'rb') { |file| read_blocks(file, @size, &block) }
      elsif @size.nil?
        raise ArgumentError, 'this body is a one-shot stream and was already sent' if @consumed

        @consumed = true
        read_blocks(@io, nil, &block)
      else
        @io.seek(@start)
        read_blocks(@io, @size, &block)
      end
    end

    private

    def remaining_size(io)
      return nil unless io.respond_to?(:seek) && io.respond_to?(:pos)
      return io.size - io.pos if io.is_a?(StringIO)
      return nil unless io.respond_to?(:stat) && io.stat.file?

      io.stat.size - io.pos
    rescue IOError, SystemCallError
      nil
    end

    def read_blocks(io, limit)
      remaining = limit
      while remaining.nil? || remaining.positive?
        block = io.read(remaining.nil? ? BLOCK_SIZE : [BLOCK_SIZE, remaining].min)
        break if block.nil? || block.empty?

        remaining -= block.bytesize unless remaining.nil?
        yield block.b
      end
      raise ArgumentError, "the body ended #{remaining} bytes before its announced size" if remaining&.positive?
    end
  end
end
