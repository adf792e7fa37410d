# frozen_string_literal: true

module OssgenRuntime
  # One request exactly as it goes on the wire. +query+ is encoded, without the '?'; +body+ an Enumerator
  # of String blocks (nil: none) with +content_length+ (nil with a body: chunked transfer encoding);
  # +bytes+ the same body as one String when it is in memory (a transport may write it whole instead of
  # pulling +body+); +body_digest+ (with +bytes+) a Crc64::Digest for the transport to feed +bytes+ to, once and
  # in order, as it writes them: the caller hashes them itself unless all were fed;
  # +response_sink+ (anything with <<) receives a 2xx body in blocks instead of the response holding it;
  # +deadline+ a monotonic clock value by which the whole exchange must be over; +reads_body+ false when
  # the operation returns no content (a 2xx body is then read like an error body: bounded).
  HttpRequest = Struct.new(:method_name, :scheme, :host, :path, :query, :headers, :body, :content_length,
                           :response_sink, :deadline, :reads_body, :bytes, :body_digest, keyword_init: true) do
    def target
      query.to_s.empty? ? path : "#{path}?#{query}"
    end

    # An operation's request without keyword arguments (new(**) makes a Hash of them a request).
    def self.of(method_name, scheme, host, path, query, headers, body, content_length)
      request = allocate
      request.method_name = method_name
      request.scheme = scheme
      request.host = host
      request.path = path
      request.query = query
      request.headers = headers
      request.body = body
      request.content_length = content_length
      request.reads_body = true
      request
    end

    def header(name)
      wanted = name.downcase
      headers.each { |key, value| return value if key.downcase == wanted }
      nil
    end
  end

  # A response with lower-cased header names and the body (at most MAX_ERROR_BODY_BYTES of an error body).
  HttpResponse = Struct.new(:status, :headers, :body, keyword_init: true)

  # Reads an Enumerator of String blocks as an IO, for Net::HTTP's body_stream (IO.copy_stream reads it).
  class BlockReader
    def initialize(blocks, deadline_check)
      @blocks = blocks
      @pending = +''
      @deadline_check = deadline_check
    end

    # IO#read's contract: nil at the end (+outbuf+ emptied), at most +length+ bytes otherwise.
    def read(length = nil, outbuf = nil)
      @deadline_check.call
      while @pending.empty?
        begin
          @pending = @blocks.next.b
        rescue StopIteration
          outbuf&.clear
          return length.nil? ? +'' : nil
        end
      end
      length ||= @pending.bytesize
      chunk = @pending.byteslice(0, length)
      @pending = @pending.byteslice(length, @pending.bytesize - length) || +''
      outbuf ? outbuf.replace(chunk) : chunk
    end

    # IO#readpartial's contract: EOFError at the end.
    def readpartial(length, outbuf = nil)
      read(length, outbuf) || raise(EOFError, 'end of the body')
    end
  end

  # The time left for the next socket read: the idle limit, capped by the call's deadline and, once the request
  # is sent, by the answer's deadline (headers and an error body must arrive in full within the timeout: a
  # server dripping one byte at a time does not keep a call alive). Also notes an end of the stream met while
  # the headers were still being read (Net::HTTP takes that for the end of the headers).
  class ReadLimits
    attr_accessor :answer_deadline, :streaming, :eof_seen

    def initialize(idle, deadline)
      @idle = idle
      @deadline = deadline
      @answer_deadline = nil
      @streaming = false
      @eof_seen = false
    end

    def remaining
      now = Process.clock_gettime(Process::CLOCK_MONOTONIC)
      # The first read comes after the request is written (no pipelining): the answer's clock starts then.
      @answer_deadline ||= now + @idle unless @streaming
      # Plain comparisons: this runs before every socket read, where a few arrays a call added up.
      left = @idle
      left = @deadline - now if @deadline && @deadline - now < left
      left = @answer_deadline - now if @answer_deadline && @answer_deadline - now < left
      raise Timeout::Error, 'the time limit passed' if left <= 0

      left
    end

    # Re-arms the socket's read timeout with the time left before every read. A kept-alive socket serves many
    # requests: its read hook is defined once and reads the limits of the request it serves now.
    def watch(buffered_io)
      first = !buffered_io.instance_variable_defined?(:@ossgen_limits)
      buffered_io.instance_variable_set(:@ossgen_limits, self)
      return unless first

      buffered_io.define_singleton_method(:rbuf_fill) do
        self.read_timeout = @ossgen_limits.remaining
        super()
      rescue EOFError
        @ossgen_limits.eof_seen = true
        raise
      end
    end
  end

  # A Net::HTTP request of any method, with the headers exactly as given: Net::HTTP would otherwise add a
  # form Content-Type to a body without one (and that header is signed).
  class WireRequest < Net::HTTPGenericRequest
    # Called before each write of a body in memory: raises when the time is up.
    attr_accessor :before_slice
    # Fed the body in memory as it is written (a Crc64::Digest), or nil.
    attr_accessor :body_digest

    def initialize(method_name, has_body, target, headers)
      super(method_name, has_body, method_name != 'HEAD', target, headers)
    end

    # Header names as Net::HTTP writes them (each '-'-separated word capitalized), by their lower-case form.
    CAPITALIZED = {} # rubocop:disable Style/MutableConstant -- filled as names are met, bounded below
    CAPITALIZED_MAX = 256

    # The wire form of a lower-case header name, as Net::HTTP's capitalize gives it; kept (up to
    # CAPITALIZED_MAX names: metadata names are the caller's) so a request does not split, capitalize and
    # join every name again.
    def self.capitalized(name)
      CAPITALIZED[name] || begin
        text = name.split('-').map(&:capitalize).join('-').freeze
        CAPITALIZED[name] = text if CAPITALIZED.size < CAPITALIZED_MAX
        text
      end
    end

    private

    def supply_default_content_type; end

    # Net::HTTP's write_header with the same bytes: the request line, then each header as
    # "Capitalized-Name: values joined by ', '", each name's capitalized form kept between requests.
    def write_header(sock, ver, path)
      reqline = "#{@method} #{path} HTTP/#{ver}"
      raise ArgumentError, 'A Request-Line must not contain CR or LF' if reqline.match?(/[\r\n]/)

      buf = String.new(reqline, capacity: 512) << "\r\n"
      @header.each do |name, values|
        buf << WireRequest.capitalized(name) << ': ' << (values.size == 1 ? values[0] : values.join(', ')) << "\r\n"
      end
      buf << "\r\n"
      sock.write buf
    end

    # A body up to this size leaves in the same write as the headers.
    COALESCE_BYTES = 64 * 1024

    # What write_header writes to: keeps the header block instead of sending it.
    class HeaderBlock
      attr_reader :text

      def write(text)
        @text = text
      end
    end

    # Net::HTTP's own writes the headers, then the String in one call, bounded only by the write timeout of each
    # wait; this one writes a small body in the headers' write (one write, one segment: not two, the second
    # waiting behind the first), and what the socket takes at a time, the deadline checked before each write.
    # What is left of a large body is always the String's tail, which byteslice shares (a slice that stops short
    # of the end is a copy in Ruby). A large body is hashed piece by piece as the socket takes it, each piece
    # just after its write, while the server reads it: one pass on this thread, not a second thread competing
    # with the server for a core.
    def send_request_with_body(sock, ver, path, body)
      self.content_length = body.bytesize
      delete 'Transfer-Encoding'
      digest = body_digest
      if body.bytesize <= COALESCE_BYTES
        digest&.update(body)
        digest = nil
        head = HeaderBlock.new
        write_header head, ver, path
        rest = String.new(head.text, encoding: Encoding::BINARY, capacity: head.text.bytesize + body.bytesize) << body
      else
        write_header sock, ver, path
        rest = body
      end
      io = sock.io
      until rest.empty?
        before_slice&.call
        case (written = io.write_nonblock(rest, exception: false))
        when :wait_writable then io.wait_writable(sock.write_timeout) || raise(Net::WriteTimeout, io)
        when :wait_readable then io.wait_readable(sock.write_timeout) || raise(Net::WriteTimeout, io)
        else
          digest&.update_head(rest, written)
          rest = rest.byteslice(written, rest.bytesize - written)
        end
      end
    end
  end

  # The default transport over the standard library's Net::HTTP: bodies streamed (a body in memory written
  # from its String), redirects never followed, no retry of its own. +timeout+ limits the connection, every
  # idle wait and the whole answer's arrival; +request.deadline+ ends the exchange at that moment.
  #
  # Connections are kept alive between requests (a new TCP connection per request cost more than a small
  # append): one idle connection per host is kept, handed to one request at a time (threads included), and
  # used again only after an answer read to its end that did not ask to close. Before reuse a connection the
  # server has closed (readable at rest: end of stream) or one idle longer than IDLE_SECONDS is replaced by
  # a new one, so a server's idle timeout costs a reconnect, not a failed request.
  class NetHttpTransport
    MAX_ERROR_BODY_BYTES = 64 * 1024
    # Idle connections older than this are not used again (servers close idle ones after a few seconds).
    IDLE_SECONDS = 2.0

    def initialize
      @idle = {}
      @lock = Mutex.new
      # [scheme, host, port] by scheme and the request's host (with its port), made once (frozen, shared).
      @endpoints = {}
    end

    def send_request(request, timeout)
      started = false
      reusable = false
      key = endpoint(request.scheme, request.host)
      _, host, port = key
      left = time_left(request.deadline, timeout)
      http = checkout(key)
      unless http
        http = Net::HTTP.new(host, port)
        http.use_ssl = request.scheme == 'https'
        http.max_retries = 0
        # Net::HTTP never reconnects on its own in a request: this transport decides (see checkout).
        http.keep_alive_timeout = Float::INFINITY
        http.open_timeout = left
        http.start
      end
      http.read_timeout = left
      http.write_timeout = left
      started = true
      limits = ReadLimits.new(timeout, request.deadline)
      # Net::HTTP keeps its buffered socket here; its reads are the ones to bound.
      limits.watch(http.instance_variable_get(:@socket))
      response, reusable = exchange(http, request, timeout, limits)
      response
    rescue Timeout::Error # Net::OpenTimeout, ReadTimeout and WriteTimeout included
      raise TransportTimeoutError.new("#{where(request)}: no answer in time", outcome_unknown: started)
    rescue IOError, SystemCallError, SocketError, OpenSSL::SSL::SSLError, Net::HTTPBadResponse,
           Net::HTTPHeaderSyntaxError, Zlib::Error => e
      raise TransportError.new("#{where(request)} failed: #{e.class}", outcome_unknown: started)
    ensure
      if reusable && http&.started?
        checkin(key, http)
      elsif http&.started?
        http.finish
      end
    end

    private

    # The connection key of a request's scheme and host: split once per host, not per request.
    def endpoint(scheme, host)
      by_host = @endpoints[scheme] || @lock.synchronize { @endpoints[scheme] ||= {} }
      by_host[host] || @lock.synchronize do
        by_host[host] ||= [scheme, *split_host(host, scheme)].map(&:freeze).freeze
      end
    end

    # An idle connection to +key+ that can carry a request, or nil.
    def checkout(key)
      http, at = @lock.synchronize { @idle.delete(key) }
      return nil unless http

      if Process.clock_gettime(Process::CLOCK_MONOTONIC) - at < IDLE_SECONDS && open_at_rest?(http)
        # Net::HTTP would probe the socket again before the request (a second poll: its begin_transport's
        # keep-alive check): this probe has just been made, and with no last exchange noted it makes none.
        http.instance_variable_set(:@last_communicated, nil)
        return http
      end

      http.finish if http.started?
      nil
    rescue IOError, SystemCallError
      nil
    end

    def checkin(key, http)
      spare = @lock.synchronize do
        previous = @idle[key]
        @idle[key] = [http, Process.clock_gettime(Process::CLOCK_MONOTONIC)]
        previous
      end
      spare&.first&.finish if spare&.first&.started?
    rescue IOError, SystemCallError
      nil
    end

    # A connection at rest has nothing to read: readable means the server closed it (or sent what nobody
    # asked for), and either way it cannot carry another request.
    def open_at_rest?(http)
      socket = http.instance_variable_get(:@socket)
      return false if socket.nil? || socket.closed?

      socket.io.to_io.wait_readable(0).nil?
    end

    def exchange(http, request, timeout, limits)
      wire = WireRequest.new(request.method_name, !request.body.nil?, request.target, nil)
      wire['Host'] = request.host
      # No compression: the CRC-64 describes the stored bytes.
      wire['Accept-Encoding'] = 'identity'
      request.headers.each { |name, value| wire[name] = value }
      check = -> { time_left(request.deadline, timeout) }
      if request.bytes
        wire.before_slice = check
        wire.body_digest = request.body_digest
        wire.body = request.bytes
      elsif request.body
        if request.content_length
          wire.content_length = request.content_length
        else
          wire['Transfer-Encoding'] = 'chunked'
        end
        wire.body_stream = BlockReader.new(request.body, check)
      elsif request.method_name == 'POST' || request.method_name == 'PUT'
        wire.content_length = 0
      end
      receive(http, wire, request, check, limits)
    end

    # The answer, and whether the connection can carry another request: only when the answer was read to its
    # end and Net::HTTP kept the connection open (no Connection: close, a known length or chunked end).
    def receive(http, wire, request, check, limits)
      answer = nil
      whole = false
      catch(:enough) do
        http.request(wire) do |response|
          # The stream ended inside the headers: nothing the client can trust (the request may have been applied).
          raise EOFError, 'the answer was cut short' if limits.eof_seen

          status = response.code.to_i
          # Net::HTTP keeps the names lower-cased already (add_field downcases each) and each one's values in a list:
          # each_header's pairs, without a block call a header.
          headers = response.instance_variable_get(:@header).transform_values { |values| values.size == 1 ? values[0] : values.join(', ') }
          success = status >= 200 && status < 300 && request.reads_body
          # A success body streams under the idle limit (and the call's deadline) only.
          if success
            limits.answer_deadline = nil
            limits.streaming = true
          end
          body, whole = read_body(response, success ? nil : MAX_ERROR_BODY_BYTES, success ? request.response_sink : nil, check)
          answer = HttpResponse.new(status: status, headers: headers, body: body)
          # Cut short at the limit: leave without Net::HTTP reading the rest (the connection is closed).
          throw :enough unless whole
        end
      end
      [answer, whole && !limits.eof_seen && http.started? && !http.instance_variable_get(:@socket).closed?]
    end

    # Reads at most +limit+ bytes (nil: all) into a String, or everything into +sink+, and whether the body was
    # read to its end. At the limit the read stops: the caller leaves the block by throw, and the connection is
    # closed, not drained.
    def read_body(response, limit, sink, check)
      body = +''
      whole = false
      catch(:limit) do
        response.read_body do |block|
          check.call
          if sink
            sink << block
          else
            body << block
            throw :limit if limit && body.bytesize > limit
          end
        end
        whole = true
      end
      [limit ? body.byteslice(0, limit) : body, whole]
    end

    def time_left(deadline, timeout)
      return timeout if deadline.nil?

      left = [timeout, deadline - Process.clock_gettime(Process::CLOCK_MONOTONIC)].min
      raise Timeout::Error, 'the time limit passed' if left <= 0

      left
    end

    def split_host(host, scheme)
      default = scheme == 'https' ? 443 : 80
      if host.start_with?('[')
        close = host.index(']')
        port = host[(close + 1)..]
        [host[1...close], port.start_with?(':') ? port[1..].to_i : default]
      elsif host.include?(':')
        name, port = host.split(':', 2)
        [name, port.to_i]
      else
        [host, default]
      end
    end

    def where(request)
      "#{request.method_name} #{request.host}#{request.path}"
    end
  end
end
