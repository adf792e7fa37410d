# frozen_string_literal: true

module OssgenRuntime
  # The model's constraints, checked before anything is sent (the limits come from Protocol).
  module Validate
    BUCKET = /\A[a-z0-9][a-z0-9-]*[a-z0-9]\z/
    BYTE_RANGE = /\Abytes=([0-9]+-[0-9]*|-[0-9]+)\z/
    HTTP_DATE = /\A(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d{2} (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4} \d{2}:\d{2}:\d{2} GMT\z/
    METADATA_NAME = Regexp.new(Protocol::METADATA_NAME_PATTERN.sub(/\A\^/, '\A').sub(/\$\z/, '\z'))
    TAGGING_CHARS = Regexp.new(Protocol::TAGGING_CHAR_PATTERN.sub(/\A\^/, '\A').sub(/\$\z/, '\z'))

    module_function

    def fail!(message, member, code = Protocol::INVALID_ARGUMENT)
      raise RequestValidationError.new(message, code: code, member: member&.attr)
    end

    # Object keys: KEY_MIN_BYTES to KEY_MAX_BYTES UTF-8 bytes, not starting with a forbidden prefix.
    def check_key(key, member = nil)
      # Text already UTF-8 (or ASCII) is checked as it is, other bytes on a UTF-8 copy.
      utf8 = key.encoding == Encoding::UTF_8 || key.ascii_only? ? key : key.dup.force_encoding('UTF-8')
      fail!('the object key is not valid UTF-8', member, Protocol::KEY_ERROR) unless utf8.valid_encoding?
      size = key.bytesize
      if size < Protocol::KEY_MIN_BYTES || size > Protocol::KEY_MAX_BYTES
        fail!("the object key must be #{Protocol::KEY_MIN_BYTES} to #{Protocol::KEY_MAX_BYTES} UTF-8 bytes, not #{size}",
              member, Protocol::KEY_ERROR)
      end
      Protocol::KEY_FORBIDDEN_PREFIXES.each do |prefix|
        fail!("the object key must not start with #{prefix.inspect}", member, Protocol::KEY_ERROR) if key.start_with?(prefix)
      end
    end

    def unescape(text)
      text.gsub(/%([0-9A-Fa-f]{2})/) { Regexp.last_match(1).hex.chr }.force_encoding('UTF-8')
    end

    # Tags as k=v&k2=v2: count, key and value lengths, allowed characters.
    def check_tagging(tagging, member = nil)
      pairs = tagging.split('&').reject(&:empty?)
      fail!("at most #{Protocol::TAGGING_MAX_TAGS} tags are allowed, not #{pairs.size}", member) if pairs.size > Protocol::TAGGING_MAX_TAGS
      pairs.each do |pair|
        name, value = pair.split('=', 2).map { |part| unescape(part.to_s) }
        value ||= ''
        if name.empty? || name.length > Protocol::TAGGING_MAX_KEY_LENGTH
          fail!("tag keys must be 1 to #{Protocol::TAGGING_MAX_KEY_LENGTH} characters: #{name.inspect}", member)
        end
        if value.length > Protocol::TAGGING_MAX_VALUE_LENGTH
          fail!("tag values must be at most #{Protocol::TAGGING_MAX_VALUE_LENGTH} characters (tag #{name.inspect})", member)
        end
        fail!("tag #{name.inspect} has characters tags may not contain", member) unless TAGGING_CHARS.match?(name) && TAGGING_CHARS.match?(value)
      end
    end

    # User metadata: names of the model's pattern; names and values within the total size.
    def check_metadata(metadata, member = nil)
      total = 0
      metadata.each do |name, value|
        fail!('metadata names and values must be strings', member) unless name.is_a?(String) && value.is_a?(String)
        fail!("metadata name #{name.inspect} may contain only lower-case letters, digits and '-'", member) unless METADATA_NAME.match?(name.downcase)
        check_header_value(value, member)
        total += name.bytesize + value.bytesize
      end
      return unless total > Protocol::METADATA_MAX_TOTAL_BYTES

      fail!("user metadata is #{total} bytes; at most #{Protocol::METADATA_MAX_TOTAL_BYTES} are allowed", member)
    end

    def check_header_value(value, member)
      fail!("#{member ? member.model : 'a header'} must not contain line breaks", member) if value.match?(/[\r\n\0]/)
    end

    def check_format(value, member)
      case member.format
      when 'base64-md5'
        valid = value.match?(%r{\A[A-Za-z0-9+/]+={0,2}\z}) && (value.length % 4).zero? && value.unpack1('m').bytesize == 16
        fail!("#{member.model} must be the base64 of a 16-byte MD5 digest", member) unless valid
      when 'http-date'
        fail!("#{member.model} must be an HTTP date such as 'Wed, 21 Oct 2026 07:28:00 GMT'", member) unless HTTP_DATE.match?(value)
      when 'byte-range'
        fail!("#{member.model} must look like 'bytes=0-99'", member) unless BYTE_RANGE.match?(value)
      when 'tagging'
        check_tagging(value, member)
      end
    end

    # Checks one input value against its member's type, enum, minimum and format.
    def check_member(member, value)
      if value.nil?
        fail!("#{member.model} is required", member) if member.required
        return
      end
      case member.type
      when 'int64', 'uint64'
        fail!("#{member.model} must be an integer", member) unless value.is_a?(Integer)
        fail!("#{member.model} must be at least #{member.minimum}, not #{value}", member) if member.minimum && value < member.minimum
      when 'boolean'
        fail!("#{member.model} must be true or false", member) unless [true, false].include?(value)
      when 'map'
        fail!("#{member.model} must be a Hash of strings", member) unless value.is_a?(Hash)
        check_metadata(value, member)
      when 'string'
        check_string(member, value)
      end
    end

    def check_string(member, value)
      fail!("#{member.model} must be a String", member) unless value.is_a?(String)
      case member.location
      when 'path' then check_key(value, member)
      when 'host'
        unless BUCKET.match?(value)
          fail!("bucket name #{value.inspect} may contain only lower-case letters, digits and '-'", member, Protocol::INVALID_BUCKET)
        end
      else check_header_value(value, member)
      end
      fail!("#{member.model} must be one of #{member.enum.join(', ')}, not #{value.inspect}", member) if member.enum && !member.enum.include?(value)
      check_format(value, member)
    end

    # Checks a whole request: every member, first-append-only rules and the object size limit.
    # A member refused after the first append is reported after every member's own check.
    def check_request(spec, values, body_size)
      position = spec.append ? values[spec.append.position] : nil
      later = position.is_a?(Integer) && position.positive?
      check_members(spec, values, later, position) unless given_valid?(spec, values, later)
      return if body_size.nil?

      total = body_size + (position.is_a?(Integer) ? position : 0)
      return unless total > Protocol::OBJECT_MAX_BYTES

      fail!("the object would be #{total} bytes; at most #{Protocol::OBJECT_MAX_BYTES} are allowed", nil, Protocol::OBJECT_SIZE_ERROR)
    end

    # The quick check of a valid request: every required member given, and each given value (a request gives
    # few of its members) valid and allowed. Any doubt (false) and check_members walks every member in order,
    # so the error reported is the one it always was.
    def given_valid?(spec, values, later)
      spec.required_inputs.each { |member| return false if values[member.attr].nil? }
      values.each do |attr, value|
        next if value.nil?

        member = spec.input(attr)
        next if member.nil?
        return false if later && member.first_append_only == 'reject' && present?(value)

        check_member(member, value)
      end
      true
    rescue StandardError
      false
    end

    # Every member in order: raises for the first that is invalid, then for the first refused after the first append.
    def check_members(spec, values, later, position)
      refused = nil
      spec.inputs.each do |member|
        value = values[member.attr]
        check_member(member, value)
        refused ||= member if later && member.first_append_only == 'reject' && present?(value)
      end
      fail!("#{refused.model} can be set only on the first append (position 0); this append is at #{position}", refused) if refused
    end

    def present?(value)
      !(value.nil? || value == false || (value.respond_to?(:empty?) && value.empty?))
    end
  end
end
