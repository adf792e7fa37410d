# frozen_string_literal: true

module OssgenRuntime
  # The service's error document (the model's protocol.errorBody): a small XML element whose children carry
  # the code, message and request id. Parsed by hand in one forward pass, never by an XML library, so a
  # hostile body can cost neither quadratic time nor entity expansion.
  module ErrorXml
    ENTITIES = { 'lt' => '<', 'gt' => '>', 'amp' => '&', 'quot' => '"', 'apos' => "'" }.freeze
    REFERENCE = /&(#[xX][0-9a-fA-F]{1,8}|#[0-9]{1,10}|[A-Za-z]{2,4});/
    TAG_NAME = /\A[A-Za-z_][\w.:-]*/

    module_function

    def legal?(point)
      [0x9, 0xA, 0xD].include?(point) || (0x20..0xD7FF).cover?(point) || (0xE000..0xFFFD).cover?(point) ||
        (0x10000..0x10FFFF).cover?(point)
    end

    # Decodes character references and the five predefined entities; one that names no character stays
    # as written. Linear, never raises.
    def decode(text)
      return text unless text.include?('&')

      text.gsub(REFERENCE) do |whole|
        entity = Regexp.last_match(1)
        if entity.start_with?('#')
          point = entity[1].casecmp?('x') ? entity[2..].to_i(16) : entity[1..].to_i
          legal?(point) ? [point].pack('U') : whole
        else
          ENTITIES.fetch(entity, whole)
        end
      end
    end

    # The child elements of an error document (root Protocol::ERROR_ROOT), decoded; empty when the text
    # is not one. Each tag is found from its '>' back to the nearest '<', so every character is looked at
    # a bounded number of times. Malformed markup never raises; it yields fewer fields.
    def parse(text)
      # Byte offsets on a binary copy: every index below is O(1) and every search bounded, so the pass stays linear.
      xml = text.b
      found = {}
      inside = false
      child = nil
      child_start = 0
      position = 0
      loop do
        finish = xml.index('>', position)
        return found if finish.nil?

        offset = xml.byteslice(position, finish - position).rindex('<')
        start = offset && position + offset
        position = finish + 1
        next if start.nil?

        tag = xml.byteslice(start + 1, finish - start - 1)
        next if tag.start_with?('?', '!')

        closing = tag.start_with?('/')
        name = tag[(closing ? 1 : 0)..][TAG_NAME]
        next if name.nil?

        if !inside
          return found if closing || name.split(':').last != Protocol::ERROR_ROOT.b || tag.end_with?('/')

          inside = true
        elsif child.nil?
          return found if closing

          if tag.end_with?('/')
            found[utf8(name)] = ''
          else
            child = name
            child_start = finish + 1
          end
        elsif closing && name == child
          found[utf8(name)] = decode(utf8(xml.byteslice(child_start, start - child_start)))
          child = nil
        end
      end
    end

    def utf8(bytes)
      bytes.dup.force_encoding('UTF-8').scrub
    end

    # The error document's elements (from the body, else from the base64 bodyless header) and whether the
    # answer had no body.
    def document(response)
      text = response.body.byteslice(0, NetHttpTransport::MAX_ERROR_BODY_BYTES).dup.force_encoding('UTF-8').scrub
      bodyless = text.strip.empty?
      found = bodyless ? {} : parse(text)
      header = Protocol::ERROR_BODYLESS_HEADER
      encoded = header.empty? ? nil : response.headers[header]
      if !found.key?(Protocol::ERROR_CODE_ELEMENT) && encoded
        raw = encoded[0, NetHttpTransport::MAX_ERROR_BODY_BYTES].unpack1('m')
        found = parse(raw.force_encoding('UTF-8').scrub)
      end
      [found, bodyless]
    end
  end
end
