# frozen_string_literal: true

module OssgenRuntime
  # Request signing: OSS signature V4 (the default) and V1, and presigned URLs, per docs/wire-contract.md.
  # Query parameters are [name, value] pairs, value nil for a flag; headers [name, value] pairs.
  module Signer
    UNRESERVED = /[A-Za-z0-9\-_.~]/
    # Every byte but the unreserved ones (and '/', for a path): what uri_encode escapes.
    ESCAPED = /[^A-Za-z0-9\-_.~]/n
    ESCAPED_KEEPING_SLASH = %r{[^A-Za-z0-9\-_.~/]}n
    # SHA-256 never updated, copied for each canonical request: OpenSSL looks an algorithm up by name at every
    # new digest, which costs more than the hash of a small request.
    SHA256 = OpenSSL::Digest.new('SHA256').freeze

    module_function

    # Percent-encodes the UTF-8 bytes of +text+, keeping only A-Z a-z 0-9 - _ . ~ (and / when asked).
    def uri_encode(text, keep_slash)
      text = text.to_s
      pattern = keep_slash ? ESCAPED_KEEPING_SLASH : ESCAPED
      # Most names and values need no escape: ASCII text without an escaped byte is its own encoding (no copy).
      return text if text.ascii_only? && !text.match?(pattern)

      # One gsub over the bytes, a block only for the bytes that are escaped (most of a key is unreserved).
      text.encode('UTF-8').b.gsub(pattern) { |byte| format('%%%02X', byte.ord) }
    end

    # The query string: sorted by encoded name, flags (value nil) written without '='. Names already in
    # strictly increasing order (a request's flag and parameter or two, mostly) are written as they come.
    def encode_query(params)
      text = +''
      last = nil
      params.each do |name, value|
        encoded = uri_encode(name, false)
        return sorted_query(params) unless last.nil? || last < encoded

        text << '&' unless last.nil?
        text << encoded
        text << '=' << uri_encode(value, false) unless value.nil?
        last = encoded
      end
      text
    end

    # encode_query of names in any order: each name encoded once, not once for the sort and again for the text.
    def sorted_query(params)
      encoded = params.map { |name, value| [uri_encode(name, false), value] }
      encoded.sort_by!(&:first)
      encoded.map { |name, value| value.nil? ? name : "#{name}=#{uri_encode(value, false)}" }.join('&')
    end

    # +text+ as UTF-8 bytes for hashing: ASCII or UTF-8 text as it is (its bytes are already those), other
    # text converted (encode raises for bytes that are not text, as before).
    def utf8(text)
      text.ascii_only? || text.encoding == Encoding::UTF_8 ? text : text.encode('UTF-8')
    end

    def signed_v4?(name)
      name.start_with?(Protocol::SIGNED_HEADER_PREFIX) || Protocol::SIGNED_HEADERS.include?(name)
    end

    def hmac_sha256(key, text)
      OpenSSL::HMAC.digest('SHA256', key, utf8(text))
    end

    def scope(day, region)
      "#{day}/#{region}/#{Protocol::V4_PRODUCT}/#{Protocol::V4_SCOPE_TERMINATOR}"
    end

    # The hex V4 signature of a canonical request; +extra+ names more headers to sign (lower case,
    # sorted, present in +headers+).
    #
    # +mac_for+ (optional) gives, for a day, an OpenSSL::HMAC keyed with that day's signing key and never
    # updated: the signature is computed on a copy of it, as setting up an HMAC costs more than using one.
    def v4_signature(request, headers, secret, region, stamp, payload_hash, extra = [], mac_for: nil)
      day = stamp[0, 8]
      signed = []
      headers.each do |name, value|
        lowered = name.downcase
        signed << [lowered, value.to_s.strip] if signed_v4?(lowered) || extra.include?(lowered)
      end
      signed.sort!
      canonical_request = +"#{request[:method]}\n#{uri_encode("/#{request[:bucket]}/#{request[:key]}", true)}\n" \
                           "#{request[:encoded_query] || encode_query(request[:query])}\n"
      signed.each { |name, value| canonical_request << name << ':' << value << "\n" }
      canonical_request << "\n" << extra.join(';') << "\n" << payload_hash
      string_to_sign = "#{Protocol::V4_ALGORITHM}\n#{stamp}\n#{scope(day, region)}\n" \
                       "#{SHA256.dup.update(utf8(canonical_request)).hexdigest}"
      return mac_for.call(day).dup.update(utf8(string_to_sign)).hexdigest if mac_for

      OpenSSL::HMAC.hexdigest('SHA256', v4_signing_key(secret, day, region), utf8(string_to_sign))
    end

    # The V4 signing key of a day: four HMACs, the same all day (a client keeps it, see Engine#v4_key).
    def v4_signing_key(secret, day, region)
      key = hmac_sha256(Protocol::V4_SIGNING_KEY_PREFIX + secret, day)
      [region, Protocol::V4_PRODUCT, Protocol::V4_SCOPE_TERMINATOR].each { |part| key = hmac_sha256(key, part) }
      key
    end

    # The last second stamped and its stamp, replaced whole (threads never see half of one): strftime costs
    # more than a small request's other signing work, and a busy client signs many requests a second.
    @last_stamp = [nil, nil].freeze

    def v4_stamp(now)
      v4_stamp_at(now.to_i)
    end

    # The V4 stamp of a second since the epoch (an Integer: a client on the system clock makes no Time for it).
    def v4_stamp_at(second)
      last = Signer.instance_variable_get(:@last_stamp)
      return last[1] if last[0] == second

      stamp = Time.at(second).utc.strftime('%Y%m%dT%H%M%SZ').freeze
      Signer.instance_variable_set(:@last_stamp, [second, stamp].freeze)
      stamp
    end

    # What signing a request with V4 keeps for a day (see sign_v4_with): the HMAC keyed with the day's signing
    # key, never updated (each signature is computed on a copy, so threads share it), and the texts of the
    # string to sign and of the Authorization header that stay the same all day. Held like the secret it comes
    # from: inspect shows only the day.
    class V4Day
      attr_reader :day, :mac, :scope_lines, :authorization_prefix

      def initialize(access_key_id, secret, region, day)
        @day = day.freeze
        @mac = OpenSSL::HMAC.new(Signer.v4_signing_key(secret, day, region), 'SHA256')
        scope = Signer.scope(day, region)
        @scope_lines = "\n#{scope}\n".freeze
        @authorization_prefix = "#{Protocol::V4_ALGORITHM} Credential=#{access_key_id}/#{scope},Signature=".freeze
        freeze
      end

      # Whether +stamp+ (a V4 stamp, the day first) falls on this day.
      def covers?(stamp)
        stamp.start_with?(@day)
      end

      def inspect
        "#<#{self.class.name} day=#{@day}>"
      end
      alias to_s inspect
    end

    PAYLOAD_HASH_PAIR = [Protocol::V4_PAYLOAD_HASH_HEADER, Protocol::V4_PAYLOAD_HASH].freeze
    V4_DATE_NAME = Protocol::V4_DATE_HEADER.downcase.freeze
    V4_PAYLOAD_HASH_NAME = Protocol::V4_PAYLOAD_HASH_HEADER.downcase.freeze
    # The canonical lines of the date and payload-hash headers (those of them V4 signs), sorted, as the text
    # before the stamp and the text after it (nil when the date is not signed): all the canonical headers of a
    # request that signs no other header.
    def self.v4_fixed_lines
      before = +''
      after = nil
      [[V4_DATE_NAME, nil], [V4_PAYLOAD_HASH_NAME, Protocol::V4_PAYLOAD_HASH]].select { |name, _| signed_v4?(name) }.sort.each do |name, value|
        text = after || before
        text << name << ':'
        value.nil? ? after = +"\n" : text << value << "\n"
      end
      [before.freeze, after&.freeze].freeze
    end
    V4_FIXED_LINES = v4_fixed_lines
    STRING_TO_SIGN_HEAD = "#{Protocol::V4_ALGORITHM}\n".freeze

    # sign_v4 for a client that keeps a V4Day: +canonical_uri+ is the encoded "/bucket/key", +encoded_query+
    # the encoded query, +stamp+ the request's V4 stamp, on +day+. The same headers as sign_v4, built without
    # the per-request work that holds all day.
    def sign_v4_with(method_name, canonical_uri, encoded_query, headers, stamp, day)
      canonical_request = +"#{method_name}\n#{canonical_uri}\n#{encoded_query}\n"
      signed = nil
      headers.each do |name, value|
        lowered = name.downcase
        (signed ||= []) << [lowered, value.to_s.strip] if signed_v4?(lowered)
      end
      if signed
        signed << [V4_DATE_NAME, stamp] << [V4_PAYLOAD_HASH_NAME, Protocol::V4_PAYLOAD_HASH]
        signed.sort!
        signed.each { |name, value| canonical_request << name << ':' << value << "\n" }
      else
        canonical_request << V4_FIXED_LINES[0]
        canonical_request << stamp << V4_FIXED_LINES[1] if V4_FIXED_LINES[1]
      end
      canonical_request << "\n\n" << Protocol::V4_PAYLOAD_HASH
      string_to_sign = +STRING_TO_SIGN_HEAD
      string_to_sign << stamp << day.scope_lines << SHA256.dup.update(utf8(canonical_request)).hexdigest
      authorization = day.authorization_prefix + day.mac.dup.update(string_to_sign).hexdigest
      all = headers.dup
      all << [Protocol::V4_DATE_HEADER, stamp] << PAYLOAD_HASH_PAIR << ['Authorization', authorization]
    end

    # +request+: {method:, bucket:, key:, query:} and optionally +encoded_query+, encode_query(query) when the
    # caller has it already. Returns +headers+ plus the V4 date, payload-hash and
    # Authorization headers.
    # +mac_for+ (optional) gives the HMAC of a day's signing key, so a client derives it once a day, not per
    # request (see v4_signature).
    def sign_v4(request, headers, access_key_id, secret, region, now, mac_for: nil)
      stamp = v4_stamp(now)
      all = headers + [[Protocol::V4_DATE_HEADER, stamp], [Protocol::V4_PAYLOAD_HASH_HEADER, Protocol::V4_PAYLOAD_HASH]]
      signature = v4_signature(request, all, secret, region, stamp, Protocol::V4_PAYLOAD_HASH, mac_for: mac_for)
      credential = "#{access_key_id}/#{scope(stamp[0, 8], region)}"
      all + [['Authorization', "#{Protocol::V4_ALGORITHM} Credential=#{credential},Signature=#{signature}"]]
    end

    # The base64 V1 signature: +date_line+ on the Date line, the +signed+ query parameters in the resource.
    def v1_signature(request, headers, secret, date_line, signed)
      lowered = {}
      headers.each { |name, value| lowered[name.downcase] = value.to_s.strip }
      oss_headers = lowered.keys.sort.select { |name| name.start_with?(Protocol::SIGNED_HEADER_PREFIX) }
                           .map { |name| "#{name}:#{lowered[name]}\n" }.join
      subresources = request[:query].select { |name, _| signed.include?(name) }.sort_by { |name, value| [name, value.to_s] }
      resource = "/#{request[:bucket]}/#{request[:key]}"
      unless subresources.empty?
        resource += "?#{subresources.map { |name, value| value.nil? ? name : "#{name}=#{value}" }.join('&')}"
      end
      text = "#{request[:method]}\n#{lowered.fetch('content-md5', '')}\n#{lowered.fetch('content-type', '')}\n" \
             "#{date_line}\n#{oss_headers}#{resource}"
      [OpenSSL::HMAC.digest('SHA1', secret, text.encode('UTF-8'))].pack('m0')
    end

    def http_date(now)
      now.getutc.strftime('%a, %d %b %Y %H:%M:%S GMT')
    end

    # Returns +headers+ plus the V1 Date and Authorization headers.
    def sign_v1(request, headers, access_key_id, secret, now)
      date = http_date(now)
      signature = v1_signature(request, headers, secret, date, Protocol::SIGNED_SUBRESOURCES)
      headers + [[Protocol::V1_DATE_HEADER, date], ['Authorization', "#{Protocol::V1_ALGORITHM} #{access_key_id}:#{signature}"]]
    end

    # The query parameters that presign a request with V4 (added to its own query): every query parameter
    # but the signature is signed, with the presigned payload hash. +additional+ names more headers to
    # sign: ones +headers+ sends that are not signed by default, and host (the URL's +host+).
    def presign_v4(request, headers, credentials, region, now, expires_seconds, additional, host)
      access_key_id, secret, token = credentials
      stamp = v4_stamp(now)
      added = [[Protocol::V4_PRESIGN_ALGORITHM, Protocol::V4_ALGORITHM],
               [Protocol::V4_PRESIGN_CREDENTIAL, "#{access_key_id}/#{scope(stamp[0, 8], region)}"],
               [Protocol::V4_PRESIGN_DATE, stamp], [Protocol::V4_PRESIGN_EXPIRES, expires_seconds.to_s]]
      signed_headers = headers.dup
      extra = []
      sent = headers.map { |name, _| name.downcase }
      (Protocol::V4_PRESIGN_ADDITIONAL_HEADERS.empty? ? [] : additional).each do |raw|
        name = raw.to_s.strip.downcase
        next if name.empty? || extra.include?(name) || signed_v4?(name)

        if name == 'host' && !host.empty?
          signed_headers << [name, host]
        elsif !sent.include?(name)
          next
        end
        extra << name
      end
      extra.sort!
      added << [Protocol::V4_PRESIGN_ADDITIONAL_HEADERS, extra.join(';')] unless extra.empty?
      added << [Protocol::V4_PRESIGN_SESSION, token] if token && !Protocol::V4_PRESIGN_SESSION.empty?
      signing = request.merge(query: request[:query] + added, encoded_query: nil) # the query changed: encoded anew
      signature = v4_signature(signing, signed_headers, secret, region, stamp, Protocol::V4_PRESIGN_PAYLOAD_HASH, extra)
      added + [[Protocol::V4_PRESIGN_SIGNATURE, signature]]
    end

    # The query parameters that presign a request with V1: Expires (Unix seconds) signed on the Date line,
    # the security token a signed sub-resource.
    def presign_v1(request, headers, credentials, now, expires_seconds)
      access_key_id, secret, token = credentials
      expires = (now.to_i + expires_seconds).to_s
      session = token && !Protocol::V1_PRESIGN_SESSION.empty? ? [[Protocol::V1_PRESIGN_SESSION, token]] : []
      signed = Protocol::SIGNED_SUBRESOURCES + [Protocol::V1_PRESIGN_SESSION]
      signature = v1_signature(request.merge(query: request[:query] + session), headers, secret, expires, signed)
      [[Protocol::V1_PRESIGN_ACCESS_KEY_ID, access_key_id], [Protocol::V1_PRESIGN_EXPIRES, expires], *session,
       [Protocol::V1_PRESIGN_SIGNATURE, signature]]
    end
  end
end
