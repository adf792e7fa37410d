# frozen_string_literal: true

module OssgenRuntime
  # CRC-64 as the model's protocol defines it (for OSS: CRC-64/XZ, ECMA-182 reflected). When the initial
  # value equals the final XOR, feeding a previous CRC back in continues the stream:
  # crc64(b, crc64(a)) == crc64(a + b), which is how a client checks the whole object's CRC after an
  # append without reading the object back.
  #
  # Ruby's standard library has no CRC-64 (Zlib offers CRC-32 and Adler-32 only, Digest and OpenSSL no CRC
  # at all). Two paths, the same results:
  # - native: liblzma's lzma_crc64 (CRC-64/XZ; liblzma is on nearly every Linux system), called through
  #   Fiddle, which is part of Ruby's standard library; used when it loads, computes the model's check value
  #   and the model's CRC is reflected with init = final XOR = all ones (lzma_crc64's convention);
  # - table: a byte-wise table in Ruby (~2 MB/s) for everything else, or when OSSGEN_CRC64=ruby. A
  #   reflected CRC keeps its state in two 32-bit halves so every step stays within Ruby's immediate
  #   integers (no Bignum allocated per byte).
  module Crc64
    MASK = 0xFFFFFFFFFFFFFFFF
    TOP = 1 << 63

    def self.reflect(value)
      value.to_s(2).rjust(64, '0').reverse.to_i(2)
    end

    # The polynomial in the bit order the table is built for.
    POLYNOMIAL = Protocol::CRC64_REFLECTED ? reflect(Protocol::CRC64_POLYNOMIAL) : Protocol::CRC64_POLYNOMIAL
    # The CRC of no bytes: what to continue from at the start of a stream.
    EMPTY = (Protocol::CRC64_INIT ^ Protocol::CRC64_XOR_OUT) & MASK

    TABLE = Array.new(256) do |byte|
      if Protocol::CRC64_REFLECTED
        crc = byte
        8.times { crc = crc.odd? ? (crc >> 1) ^ POLYNOMIAL : crc >> 1 }
      else
        crc = byte << 56
        8.times { crc = ((crc & TOP).zero? ? crc << 1 : (crc << 1) ^ POLYNOMIAL) & MASK }
      end
      crc
    end.freeze
    TABLE_LOW = TABLE.map { |v| v & 0xFFFFFFFF }.freeze
    TABLE_HIGH = TABLE.map { |v| v >> 32 }.freeze

    # The CRC-64 of +data+ (a String, read as bytes), continued from +crc+ (the CRC of the bytes before it).
    def self.checksum(data, crc = EMPTY)
      NATIVE ? NATIVE.call(data, data.bytesize, crc) : table_checksum(data, crc)
    end

    # The same with the table in Ruby, whatever NATIVE is.
    def self.table_checksum(data, crc = EMPTY)
      crc ^= Protocol::CRC64_XOR_OUT
      crc = Protocol::CRC64_REFLECTED ? reflected(data, crc) : normal(data, crc)
      crc ^ Protocol::CRC64_XOR_OUT
    end

    def self.reflected(data, crc)
      low = crc & 0xFFFFFFFF
      high = crc >> 32
      table_low = TABLE_LOW
      table_high = TABLE_HIGH
      data.each_byte do |byte|
        index = (low ^ byte) & 0xFF
        low = ((low >> 8) | ((high & 0xFF) << 24)) ^ table_low[index]
        high = (high >> 8) ^ table_high[index]
      end
      (high << 32) | low
    end

    def self.normal(data, crc)
      data.each_byte { |byte| crc = TABLE[((crc >> 56) ^ byte) & 0xFF] ^ ((crc << 8) & MASK) }
      crc
    end

    private_class_method :reflected, :normal

    # lzma_crc64 through Fiddle, or nil when it is not there or not this CRC (see above).
    def self.load_native
      return nil if ENV['OSSGEN_CRC64'] == 'ruby'
      return nil unless Protocol::CRC64_REFLECTED && Protocol::CRC64_INIT == MASK && Protocol::CRC64_XOR_OUT == MASK

      require 'fiddle'
      unsigned = -Fiddle::TYPE_LONG_LONG
      function = Fiddle::Function.new(Fiddle.dlopen('liblzma.so.5')['lzma_crc64'],
                                      [Fiddle::TYPE_VOIDP, Fiddle::TYPE_SIZE_T, unsigned], unsigned)
      function.call('123456789', 9, 0) == Protocol::CRC64_CHECK ? function : nil
    rescue LoadError, StandardError
      nil
    end
    private_class_method :load_native

    NATIVE = load_native
    # Which path #checksum takes: "liblzma" (native, through Fiddle) or "ruby" (the table).
    IMPLEMENTATION = NATIVE ? 'liblzma' : 'ruby'

    # A running CRC-64 over data fed in pieces.
    class Digest
      attr_accessor :value
      # How many bytes were fed.
      attr_reader :length

      def initialize(initial = EMPTY)
        @value = initial
        @length = 0
      end

      def update(data)
        @value = Crc64.checksum(data, @value)
        @length += data.bytesize
        self
      end
      alias << update

      # Feeds the first +count+ bytes of +data+: with liblzma straight from the String's memory, no copy (a
      # large body is hashed piece by piece as the socket takes it, each piece from the rest of the body).
      def update_head(data, count)
        raise ArgumentError, "#{count} bytes asked of #{data.bytesize}" unless count.between?(0, data.bytesize)

        @value = NATIVE ? NATIVE.call(data, count, @value) : Crc64.table_checksum(data.byteslice(0, count), @value)
        @length += count
        self
      end
    end
  end
end
