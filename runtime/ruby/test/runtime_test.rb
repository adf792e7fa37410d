# frozen_string_literal: true

$LOAD_PATH.unshift(File.expand_path('../lib', __dir__))
require 'ossgen_runtime'
require 'minitest/autorun'

# The static runtime where it lives: CRC-64, signing, the error document, validation and bodies.
class Crc64Test < Minitest::Test
  def test_check_value_and_continuation
    assert_equal OssgenRuntime::Protocol::CRC64_CHECK, OssgenRuntime::Crc64.checksum('123456789')
    assert_equal OssgenRuntime::Protocol::CRC64_CHECK, OssgenRuntime::Crc64.table_checksum('123456789')
    data = Random.new(5).bytes(10_000)
    assert_equal OssgenRuntime::Crc64.table_checksum(data, 77), OssgenRuntime::Crc64.checksum(data, 77)
    assert_equal OssgenRuntime::Crc64.checksum('123456789'),
                 OssgenRuntime::Crc64.checksum('6789', OssgenRuntime::Crc64.checksum('12345'))
  end

  # A body is hashed piece by piece from what is left of it: the head of each rest, never past its end.
  def test_a_digest_fed_the_heads_of_the_rests
    data = Random.new(6).bytes(10_000)
    digest = OssgenRuntime::Crc64::Digest.new
    rest = data
    [1, 4096, 0, 5000, 903].each do |count|
      digest.update_head(rest, count)
      rest = rest.byteslice(count, rest.bytesize - count)
    end
    assert_empty rest
    assert_equal [OssgenRuntime::Crc64.checksum(data), 10_000], [digest.value, digest.length]
    assert_raises(ArgumentError) { digest.update_head('abc', 4) }
  end
end

class SignerTest < Minitest::Test
  REQUEST = { method: 'POST', bucket: 'examplebucket', key: 'log.txt', query: [['append', nil], %w[position 0]] }.freeze

  # The published V4 example of the reference (docs/wire-contract.md): the same signature as the model's vector.
  def test_v4_matches_the_reference_vector
    headers = OssgenRuntime::Signer.sign_v4(REQUEST, [%w[Content-Type text/plain]], 'ak', 'sk', 'cn-hangzhou', Time.at(1_702_743_657))
    authorization = headers.to_h.fetch('Authorization')
    assert_equal 'OSS4-HMAC-SHA256 Credential=ak/20231216/cn-hangzhou/oss/aliyun_v4_request,' \
                 'Signature=02341375f8b11c03cbed0dcb7a6d21ed2983c311519d0c242176ef2b9261ed41', authorization
  end

  # A client's V4 signing (sign_v4_with and what it keeps for the day) signs as sign_v4 does, with and
  # without other signed headers, whatever their order.
  def test_the_kept_day_signs_as_sign_v4
    signer = OssgenRuntime::Signer
    now = Time.at(1_702_743_657)
    stamp = signer.v4_stamp(now)
    day = signer::V4Day.new('ak', 'sk', 'cn-hangzhou', stamp[0, 8])
    refute_includes day.inspect, 'ak'
    [[], [%w[Content-Type text/plain]], [%w[x-oss-meta-b 2], %w[Cache-Control no], ['X-Oss-Meta-A', ' 1 ']]].each do |headers|
      expected = signer.sign_v4(REQUEST, headers, 'ak', 'sk', 'cn-hangzhou', now)
      uri = signer.uri_encode("/#{REQUEST[:bucket]}/#{REQUEST[:key]}", true)
      assert_equal expected, signer.sign_v4_with('POST', uri, signer.encode_query(REQUEST[:query]), headers, stamp, day)
    end
  end

  def test_v1_matches_the_reference_vector
    headers = OssgenRuntime::Signer.sign_v1(REQUEST, [%w[Content-Type text/plain]], 'ak', 'sk', Time.at(1_672_223_261))
    assert_equal 'OSS ak:f3st39NafMvMyEMjLiZuX3Ll/8w=', headers.to_h.fetch('Authorization')
    assert_equal 'Wed, 28 Dec 2022 10:27:41 GMT', headers.to_h.fetch('Date')
  end

  def test_uri_encoding_keeps_only_unreserved_bytes
    assert_equal '/a%20b/%E6%97%A5%2B~', OssgenRuntime::Signer.uri_encode("/a b/\u65e5+~", true)
    assert_equal 'a&b=c%2Fd', OssgenRuntime::Signer.encode_query([%w[b c/d], ['a', nil]])
    assert_equal 'a&b=c%2Fd', OssgenRuntime::Signer.encode_query([['a', nil], %w[b c/d]])
    [[%w[b 2], ['c', nil], %w[b 1]], [['c', nil], %w[a 1]], [%W[\u65e5 x], %w[z y]]].each do |query|
      assert_equal OssgenRuntime::Signer.sorted_query(query), OssgenRuntime::Signer.encode_query(query)
    end
  end
end

class ErrorXmlTest < Minitest::Test
  def test_reads_the_children_and_decodes_references
    xml = '<?xml version="1.0"?><Error><Code>NoSuchKey</Code><Message>a &lt;b&gt; &#x41;&bogus;</Message><Empty/></Error>'
    assert_equal({ 'Code' => 'NoSuchKey', 'Message' => 'a <b> A&bogus;', 'Empty' => '' }, OssgenRuntime::ErrorXml.parse(xml))
  end

  def test_anything_else_yields_nothing_without_raising
    assert_empty OssgenRuntime::ErrorXml.parse('<html><Code>x</Code></html>')
    assert_empty OssgenRuntime::ErrorXml.parse('<<<<' * 10_000)
  end
end

class ValidateTest < Minitest::Test
  SPEC = OssgenRuntime::OPERATIONS.fetch(OssgenRuntime::Protocol::APPEND_OPERATION)

  def check(values)
    OssgenRuntime::Validate.check_request(SPEC, values, 0)
  end

  def test_refuses_what_the_model_refuses
    base = { bucket: 'examplebucket', key: 'k', position: 0, body: '' }
    check(base)
    assert_equal OssgenRuntime::Protocol::KEY_ERROR, assert_raises(OssgenRuntime::RequestValidationError) { check(base.merge(key: '/k')) }.code
    assert_equal OssgenRuntime::Protocol::INVALID_BUCKET, assert_raises(OssgenRuntime::RequestValidationError) { check(base.merge(bucket: 'B')) }.code
    assert_raises(OssgenRuntime::RequestValidationError) { check(base.merge(position: -1)) }
    assert_raises(OssgenRuntime::RequestValidationError) { check(base.merge(content_type: "a\r\nb")) }
  end

  # The first invalid member in the members' order is reported, whatever order the values come in.
  def test_reports_the_first_invalid_member_in_order
    values = { content_type: "a\nb", position: -1, body: '', key: 'k', bucket: 'B' }
    assert_equal :bucket, assert_raises(OssgenRuntime::RequestValidationError) { check(values) }.member
    assert_equal :position, assert_raises(OssgenRuntime::RequestValidationError) { check(values.merge(bucket: 'b1')) }.member
    assert_equal :key, assert_raises(OssgenRuntime::RequestValidationError) { check(values.merge(bucket: 'b1', key: nil)) }.member
  end

  # A copy of an operation with other inputs is checked against its own inputs.
  def test_a_copy_with_other_inputs_is_checked_against_them
    check(bucket: 'examplebucket', key: 'k', position: 0, body: '')
    bodyless = SPEC.dup.tap { |spec| spec.inputs = spec.inputs.reject { |m| m.location == 'body' } }
    OssgenRuntime::Validate.check_request(bodyless, { bucket: 'examplebucket', key: 'k', position: 0 }, nil)
    refused = assert_raises(OssgenRuntime::RequestValidationError) do
      OssgenRuntime::Validate.check_request(bodyless, { bucket: 'examplebucket', key: 'k', position: 0, content_md5: 'bad' }, nil)
    end
    assert_equal :content_md5, refused.member
    assert_equal [:content_md5, %i[bucket key position]], [bodyless.input(:content_md5).attr, bodyless.required_inputs.map(&:attr)]
    assert_raises(OssgenRuntime::RequestValidationError) { check(bucket: 'examplebucket', key: 'k', position: 0) }
  end

  # Metadata (first-append-only: reject) is refused on a later append, after every member's own check.
  def test_refuses_a_first_append_only_member_later
    first = { bucket: 'examplebucket', key: 'k', position: 0, body: '', metadata: { 'a' => 'b' } }
    check(first)
    later = first.merge(position: 5)
    refused = assert_raises(OssgenRuntime::RequestValidationError) { check(later) }
    assert_equal [:metadata, true], [refused.member, refused.message.include?('first append')]
    assert_equal :content_type, assert_raises(OssgenRuntime::RequestValidationError) { check(later.merge(content_type: "a\nb")) }.member
  end
end

class BodyTest < Minitest::Test
  def test_a_string_a_file_and_a_pipe
    assert_equal %w[abc], OssgenRuntime::Body.new('abc').each_chunk.to_a
    big = OssgenRuntime::Body.new('x' * 200_000)
    assert_equal [65_536, 65_536, 65_536, 3_392], big.each_chunk.map(&:bytesize)
    reader, writer = IO.pipe
    writer.write('piped')
    writer.close
    pipe = OssgenRuntime::Body.new(reader)
    refute pipe.replayable?
    assert_nil pipe.size
    assert_equal %w[piped], pipe.each_chunk.to_a
    assert_raises(ArgumentError) { pipe.each_chunk.to_a }
  end

  def test_the_block_reader_keeps_io_read_semantics
    reader = OssgenRuntime::BlockReader.new(%w[ab cde].each, -> {})
    buffer = +''
    assert_equal 'ab', reader.read(10, buffer)
    assert_equal 'cd', reader.read(2)
    assert_equal 'e', reader.readpartial(10)
    assert_nil reader.read(10, buffer)
    assert_equal '', buffer
    assert_raises(EOFError) { reader.readpartial(10) }
  end
end

# The transport against a local server that reads the request body a little at a time.
class TransportTest < Minitest::Test
  # Records the socket writes of the thread whose :recorded_writes is set (IO#write_nonblock, Net::BufferedIO#write).
  module WriteRecorder
    def write_nonblock(data, *args, **kwargs)
      Thread.current[:recorded_writes]&.push(data.b)
      super
    end

    def write(*data)
      Thread.current[:recorded_writes]&.push(*data.map(&:b))
      super
    end
  end
  [IO, BasicSocket, Net::BufferedIO].each { |writer| writer.prepend(WriteRecorder) }

  # A small body leaves in the headers' write: written after them, it would wait behind them as a second segment.
  def test_a_small_body_leaves_with_its_headers_in_one_write
    server = TCPServer.new('127.0.0.1', 0)
    answer = Thread.new do
      client = server.accept
      data = +''
      data << client.readpartial(65_536) until data.include?("\r\n\r\n") && data.end_with?('x' * 1024)
      client.write("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok")
      client.close
    end
    body = 'x'.b * 1024
    request = OssgenRuntime::HttpRequest.new(method_name: 'PUT', scheme: 'http', host: "127.0.0.1:#{server.addr[1]}",
                                             path: '/k', query: '', headers: [], body: [body].each,
                                             content_length: body.bytesize, bytes: body)
    writes = Thread.current[:recorded_writes] = []
    response = OssgenRuntime::NetHttpTransport.new.send_request(request, 5.0)
    Thread.current[:recorded_writes] = nil
    assert_equal 'ok', response.body
    assert_equal 1, writes.size, writes.map { |w| w[0, 40] }.inspect
    assert writes[0].start_with?('PUT /k HTTP/1.1'), writes[0][0, 300].inspect
    assert writes[0].end_with?("\r\n\r\n#{body}"), writes[0][0, 300].inspect
  ensure
    Thread.current[:recorded_writes] = nil
    server&.close
    answer&.join(5)
  end

  # Records the zero-timeout readiness probes (IO#wait_readable(0)) of the thread whose :recorded_probes is set.
  module ProbeRecorder
    def wait_readable(*args)
      Thread.current[:recorded_probes]&.push(args) if args == [0]
      super
    end
  end
  IO.prepend(ProbeRecorder)

  # A kept-alive connection is probed once before it carries a request (Net::HTTP's own probe is not repeated),
  # and a connection the server has closed is still replaced.
  def test_a_kept_connection_is_probed_once
    server = TCPServer.new('127.0.0.1', 0)
    answer = Thread.new do
      2.times do
        client = server.accept
        3.times do
          data = +''
          data << client.readpartial(65_536) until data.include?("\r\n\r\n")
          client.write("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok")
        rescue EOFError
          break
        end
        client.close
      end
    end
    transport = OssgenRuntime::NetHttpTransport.new
    request = OssgenRuntime::HttpRequest.new(method_name: 'GET', scheme: 'http', host: "127.0.0.1:#{server.addr[1]}",
                                             path: '/k', query: '', headers: [])
    probes = Thread.current[:recorded_probes] = []
    4.times { assert_equal 'ok', transport.send_request(request, 5.0).body }
    Thread.current[:recorded_probes] = nil
    # The first request opens the connection; the second and third reuse it (one probe each); the server closes
    # it after three, and the fourth request's probe finds that and opens a new one.
    assert_equal 3, probes.size
  ensure
    Thread.current[:recorded_probes] = nil
    server&.close
    answer&.kill
  end

  # The header block the wire request writes (its names' capitalized forms kept between requests) is byte for
  # byte Net::HTTP's own, for names kept and for names past the kept limit.
  def test_the_header_block_is_net_https_own
    names = ['x-oss-date', 'Authorization', 'content-md5', 'x-oss-meta-my-key', 'ETAG', 'x-a-b-c'] +
            Array.new(OssgenRuntime::WireRequest::CAPITALIZED_MAX + 10) { |i| "x-oss-meta-n#{i}-x" }
    2.times do
      request = OssgenRuntime::WireRequest.new('POST', true, '/b/k?append&position=0', nil)
      names.each_with_index { |name, i| request[name] = "v #{i}" }
      request.add_field('x-oss-meta-twice', 'one')
      request.add_field('x-oss-meta-twice', 'two')
      ours = OssgenRuntime::WireRequest::HeaderBlock.new
      request.send(:write_header, ours, '1.1', '/b/k?append&position=0')
      theirs = OssgenRuntime::WireRequest::HeaderBlock.new
      Net::HTTPGenericRequest.instance_method(:write_header).bind_call(request, theirs, '1.1', '/b/k?append&position=0')
      assert_equal theirs.text, ours.text
      assert_includes ours.text, "\r\nX-Oss-Meta-Twice: one, two\r\n"
    end
    assert_operator OssgenRuntime::WireRequest::CAPITALIZED.size, :<=, OssgenRuntime::WireRequest::CAPITALIZED_MAX
  end

  # The answer's headers are Net::HTTP's each_header pairs: lower-case names, a repeated header's values joined.
  def test_the_answer_headers_are_net_https_pairs
    server = TCPServer.new('127.0.0.1', 0)
    answer = Thread.new do
      client = server.accept
      data = +''
      data << client.readpartial(65_536) until data.include?("\r\n\r\n")
      client.write("HTTP/1.1 200 OK\r\nContent-Length: 2\r\nX-Oss-A: 1\r\nx-oss-a: 2\r\nX-Empty:\r\nX-B:  spaced \r\n\r\nok")
      client.close
    end
    request = OssgenRuntime::HttpRequest.new(method_name: 'GET', scheme: 'http', host: "127.0.0.1:#{server.addr[1]}",
                                             path: '/k', query: '', headers: [])
    response = OssgenRuntime::NetHttpTransport.new.send_request(request, 5.0)
    assert_equal({ 'content-length' => '2', 'x-oss-a' => '1, 2', 'x-empty' => '', 'x-b' => 'spaced' }, response.headers)
  ensure
    server&.close
    answer&.join(5)
  end

  # A server that reads the whole request and answers 200 with its body's CRC-64; returns [server, thread].
  def crc_server
    server = TCPServer.new('127.0.0.1', 0)
    thread = Thread.new do
      client = server.accept
      data = +''
      data << client.readpartial(65_536) until (split = data.index("\r\n\r\n"))
      length = data[/^content-length: *(\d+)/i, 1].to_i
      data << client.readpartial(1 << 20) while data.bytesize < split + 4 + length
      crc = OssgenRuntime::Crc64.checksum(data.byteslice(split + 4, length)).to_s
      client.write("HTTP/1.1 200 OK\r\nContent-Length: #{crc.bytesize}\r\n\r\n#{crc}")
      client.close
    end
    [server, thread]
  end

  # A body in memory, large (written in many pieces, each hashed after its write) or small (in the headers'
  # write), is fed to the request's digest once and in order: the caller's CRC-64 comes from it.
  def test_a_body_in_memory_is_hashed_as_it_is_written
    [5 * 1024 * 1024 + 3, 1000].each do |size|
      server, answer = crc_server
      body = Random.new(size).bytes(size)
      digest = OssgenRuntime::Crc64::Digest.new(77)
      request = OssgenRuntime::HttpRequest.new(method_name: 'PUT', scheme: 'http', host: "127.0.0.1:#{server.addr[1]}",
                                               path: '/k', query: '', headers: [], body: [body].each,
                                               content_length: size, bytes: body, body_digest: digest)
      writes = Thread.current[:recorded_writes] = []
      response = OssgenRuntime::NetHttpTransport.new.send_request(request, 30.0)
      Thread.current[:recorded_writes] = nil
      assert_equal OssgenRuntime::Crc64.checksum(body).to_s, response.body
      assert_equal [OssgenRuntime::Crc64.checksum(body, 77), size], [digest.value, digest.length], "#{size} bytes"
      assert_operator writes.size, :>, 2 if size > 64 * 1024 # headers, then the body in pieces
    ensure
      Thread.current[:recorded_writes] = nil
      server&.close
      answer&.join(5)
    end
  end

  # A body in memory is written as the socket takes it, the deadline checked before each write: a server that
  # reads a trickle (never long enough idle for a write timeout) cannot hold the call past its deadline.
  def test_a_trickling_reader_ends_at_the_deadline
    server = TCPServer.new('127.0.0.1', 0)
    reader = Thread.new do
      client = server.accept
      loop do
        client.readpartial(65_536)
        sleep 0.005
      end
    rescue IOError, SystemCallError
      nil
    end
    # About 13 MB/s: every wait for the socket is short, the whole body takes seconds.
    body = 'x'.b * (64 * 1024 * 1024)
    request = OssgenRuntime::HttpRequest.new(method_name: 'PUT', scheme: 'http', host: "127.0.0.1:#{server.addr[1]}",
                                             path: '/k', query: '', headers: [], body: [body].each,
                                             content_length: body.bytesize, bytes: body,
                                             deadline: Process.clock_gettime(Process::CLOCK_MONOTONIC) + 1.0)
    started = Process.clock_gettime(Process::CLOCK_MONOTONIC)
    assert_raises(OssgenRuntime::TransportTimeoutError) { OssgenRuntime::NetHttpTransport.new.send_request(request, 5.0) }
    assert_operator Process.clock_gettime(Process::CLOCK_MONOTONIC) - started, :<, 3.0
  ensure
    server&.close
    reader&.kill
  end
end

class EngineTest < Minitest::Test
  SPEC = OssgenRuntime::OPERATIONS.fetch(OssgenRuntime::Protocol::APPEND_OPERATION)

  # Answers an append as the service would (the object's CRC-64 after the body continued from +crc+), and
  # never feeds the request's body digest, as a transport other than the default one may not.
  class NonHashingTransport
    def initialize(crc)
      @crc = crc
    end

    def send_request(request, _timeout)
      body = request.bytes
      position = request.query[/position=(\d+)/, 1].to_i
      next_wire = SPEC.outputs.find { |m| m.attr == SPEC.append.next_position }.wire.downcase
      headers = { next_wire => (position + body.bytesize).to_s,
                  OssgenRuntime::Protocol::CRC_HEADER => OssgenRuntime::Crc64.checksum(body, @crc).to_s }
      OssgenRuntime::HttpResponse.new(status: 200, headers: headers, body: ''.b)
    end
  end

  def client(transport)
    OssgenRuntime::TestClient.new(endpoint: 'https://oss-cn-hangzhou.aliyuncs.com', access_key_id: 'ak',
                                  access_key_secret: 'sk', transport: transport, sleeper: ->(_seconds) {})
  end

  # Keeps the requests it is given and answers them as NonHashingTransport does.
  class RecordingTransport < NonHashingTransport
    attr_reader :requests

    def initialize(crc)
      super
      @requests = []
    end

    def send_request(request, timeout)
      @requests << request
      super
    end
  end

  # Headers go in the members' order whatever order the values come in (an appender's first-append options).
  def test_headers_go_in_the_members_order
    transport = RecordingTransport.new(0)
    values = { bucket: 'examplebucket', key: 'k', position: 0, body: 'x', content_type: 'text/plain',
               metadata: { 'b' => '2', 'a' => '1' }, cache_control: 'no-cache' }
    client(transport).__send__(:invoke, SPEC, values, previous_crc: 0)
    client(transport).__send__(:invoke, SPEC, values.slice(:bucket, :key, :position, :body, :cache_control, :content_type), previous_crc: 0)
    names = transport.requests.map { |request| request.headers.map(&:first).first(4) }
    assert_equal [%w[Cache-Control Content-Type x-oss-meta-a x-oss-meta-b], %w[Cache-Control Content-Type x-oss-date x-oss-content-sha256]], names
  end

  # The body's CRC-64 comes from the transport when it hashed the body as it wrote it, else the engine hashes it.
  def test_a_body_the_transport_did_not_hash_is_hashed_by_the_engine
    data = Random.new(7).bytes(3 * 1024 * 1024)
    values = { bucket: 'examplebucket', key: 'k', position: 10, body: data }
    result = client(NonHashingTransport.new(1234)).__send__(:invoke, SPEC, values, previous_crc: 1234)
    assert_equal OssgenRuntime::Crc64.checksum(data, 1234), result[:hash_crc64ecma]
    # The same answer for another object's CRC is caught.
    assert_raises(OssgenRuntime::IntegrityError) do
      client(NonHashingTransport.new(1234)).__send__(:invoke, SPEC, values, previous_crc: 99)
    end
  end
end
