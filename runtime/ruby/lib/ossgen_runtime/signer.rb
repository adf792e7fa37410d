# frozen_string_literal: true

module OssgenRuntime
  # Request signing: OSS signature V4 (the default) and V1, and presigned URLs, per docs/wire-contract.md.
  # Query parameters are [name, value] pairs, value nil for a flag; headers [name, value] pairs.
  module Signer
    UNRESERVED = /[A-Za-z0-9\-_.~]/
    # Every byte but the unreserved ones (and '/', for a path): what uri_encode escapes.
    ESCAPED = /[^A-Za-z0-9\-_.~]/n
    ESCAPED_KEEPING_SLASH = %r{[^A-Za-z0-9\-_.~/]}n

    module_function

    # Percent-encodes the UTF-8 bytes of +text+, keeping only A-Z a-z 0-9 - _ . ~ (and / when asked).
    def uri_encode(text, keep_slash)
      # One gsub over the bytes, a block only for the bytes that are escaped (most of a key is unreserved).
      text.to_s.encode('UTF-8').b.gsub(keep_slash ? ESCAPED_KEEPING_SLASH : ESCAPED) { |byte| format('%%%02X', byte.ord) }
    end

    # The query string: sorted by encoded name, flags (value nil) written without '='.
    def encode_query(params)
      params.sort_by { |name, _| uri_encode(name, false) }.map do |name, value|
        encoded = uri_encode(name, false)
        value.nil? ? encoded : "#{encoded}=#{uri_encode(value, false)}"
      end.join('&')
    end

    def signed_v4?(name)
      name.start_with?(Protocol::SIGNED_HEADER_PREFIX) || Protocol::SIGNED_HEADERS.include?(name)
    end

    def hmac_sha256(key, text)
      OpenSSL::HMAC.digest('SHA256', key, text.encode('UTF-8'))
    end

    def scope(day, region)
      "#{day}/#{region}/#{Protocol::V4_PRODUCT}/#{Protocol::V4_SCOPE_TERMINATOR}"
    end

    # The hex V4 signature of a canonical request; +extra+ names more headers to sign (lower case,
    # sorted, present in +headers+).
    def v4_signature(request, headers, secret, region, stamp, payload_hash, extra = [], key_for: nil)
      day = stamp[0, 8]
      lowered = headers.map { |name, value| [name.downcase, value.to_s.strip] }
      signed = lowered.select { |name, _| signed_v4?(name) || extra.include?(name) }.sort
      canonical_headers = signed.map { |name, value| "#{name}:#{value}\n" }.join
      canonical_request = [request[:method], uri_encode("/#{request[:bucket]}/#{request[:key]}", true),
                           encode_query(request[:query]), canonical_headers, extra.join(';'), payload_hash].join("\n")
      string_to_sign = [Protocol::V4_ALGORITHM, stamp, scope(day, region),
                        OpenSSL::Digest.hexdigest('SHA256', canonical_request.encode('UTF-8'))].join("\n")
      key = key_for ? key_for.call(day) : v4_signing_key(secret, day, region)
      OpenSSL::HMAC.hexdigest('SHA256', key, string_to_sign.encode('UTF-8'))
    end

    # The V4 signing key of a day: four HMACs, the same all day (a client keeps it, see Engine#v4_key).
    def v4_signing_key(secret, day, region)
      key = hmac_sha256(Protocol::V4_SIGNING_KEY_PREFIX + secret, day)
      [region, Protocol::V4_PRODUCT, Protocol::V4_SCOPE_TERMINATOR].each { |part| key = hmac_sha256(key, part) }
      key
    end

    def v4_stamp(now)
      now.getutc.strftime('%Y%m%dT%H%M%SZ')
    end

    # +request+: {method:, bucket:, key:, query:}. Returns +headers+ plus the V4 date, payload-hash and
    # Authorization headers.
    # +key_for+ (optional) gives the signing key of a day, so a client derives it once a day, not per request.
    def sign_v4(request, headers, access_key_id, secret, region, now, key_for: nil)
      stamp = v4_stamp(now)
      all = headers + [[Protocol::V4_DATE_HEADER, stamp], [Protocol::V4_PAYLOAD_HASH_HEADER, Protocol::V4_PAYLOAD_HASH]]
      signature = v4_signature(request, all, secret, region, stamp, Protocol::V4_PAYLOAD_HASH, key_for: key_for)
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
      signing = request.merge(query: request[:query] + added)
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
