# frozen_string_literal: true

module OssgenRuntime
  # One request exactly as it goes on the wire. +query+ is encoded, without the '?'; +body+ an Enumerator
  # of String blocks (nil: none) with +content_length+ (nil with a body: chunked transfer encoding);
  # +response_sink+ (anything with <<) receives a 2xx body in blocks instead of the response holding it;
  # +deadline+ a monotonic clock value by which the whole exchange must be over; +reads_body+ false when
  # the operation returns no content (a 2xx body is then read like an error body: bounded).
  HttpRequest = Struct.new(:method_name, :scheme, :host, :path, :query, :headers, :body, :content_length,
                           :response_sink, :deadline, :reads_body, keyword_init: true) do
    def target
      query.to_s.empty? ? path : "#{path}?#{query}"
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
      left = [@idle, *[@deadline, @answer_deadline].compact.map { |deadline| deadline - now }].min
      raise Timeout::Error, 'the time limit passed' if left <= 0

      left
    end

    # Re-arms the socket's read timeout with the time left before every read.
    def watch(buffered_io)
      limits = self
      buffered_io.define_singleton_method(:rbuf_fill) do
        self.read_timeout = limits.remaining
        super()
      rescue EOFError
        limits.eof_seen = true
        raise
      end
    end
  end

  # A Net::HTTP request of any method, with the headers exactly as given: Net::HTTP would otherwise add a
  # form Content-Type to a body without one (and that header is signed).
  class WireRequest < Net::HTTPGenericRequest
    def initialize(method_name, has_body, target, headers)
      super(method_name, has_body, method_name != 'HEAD', target, headers)
    end

    private

    def supply_default_content_type; end
  end

  # The default transport: one Net::HTTP connection per request over the standard library, bodies
  # streamed, redirects never followed, no retry of its own. +timeout+ limits the connection, every idle
  # wait and the whole answer's arrival; +request.deadline+ ends the exchange at that moment.
  class NetHttpTransport
    MAX_ERROR_BODY_BYTES = 64 * 1024

    def send_request(request, timeout)
      started = false
      host, port = split_host(request.host, request.scheme)
      http = Net::HTTP.new(host, port)
      http.use_ssl = request.scheme == 'https'
      http.max_retries = 0
      left = time_left(request.deadline, timeout)
      http.open_timeout = left
      http.read_timeout = left
      http.write_timeout = left
      http.start
      started = true
      limits = ReadLimits.new(timeout, request.deadline)
      # Net::HTTP keeps its buffered socket here; its reads are the ones to bound.
      limits.watch(http.instance_variable_get(:@socket))
      exchange(http, request, timeout, limits)
    rescue Timeout::Error # Net::OpenTimeout, ReadTimeout and WriteTimeout included
      raise TransportTimeoutError.new("#{where(request)}: no answer in time", outcome_unknown: started)
    rescue IOError, SystemCallError, SocketError, OpenSSL::SSL::SSLError, Net::HTTPBadResponse,
           Net::HTTPHeaderSyntaxError, Zlib::Error => e
      raise TransportError.new("#{where(request)} failed: #{e.class}", outcome_unknown: started)
    ensure
      http&.finish if http&.started?
    end

    private

    def exchange(http, request, timeout, limits)
      wire = WireRequest.new(request.method_name, !request.body.nil?, request.target, nil)
      wire['Host'] = request.host
      # No compression: the CRC-64 describes the stored bytes.
      wire['Accept-Encoding'] = 'identity'
      request.headers.each { |name, value| wire[name] = value }
      check = -> { time_left(request.deadline, timeout) }
      if request.body
        if request.content_length
          wire.content_length = request.content_length
        else
          wire['Transfer-Encoding'] = 'chunked'
        end
        wire.body_stream = BlockReader.new(request.body, check)
      elsif %w[POST PUT].include?(request.method_name)
        wire.content_length = 0
      end
      receive(http, wire, request, check, limits)
    end

    def receive(http, wire, request, check, limits)
      catch(:enough) do
        http.request(wire) do |response|
          # The stream ended inside the headers: nothing the client can trust (the request may have been applied).
          raise EOFError, 'the answer was cut short' if limits.eof_seen

          status = response.code.to_i
          headers = {}
          response.each_header { |name, value| headers[name.downcase] = value }
          success = status >= 200 && status < 300 && request.reads_body
          # A success body streams under the idle limit (and the call's deadline) only.
          if success
            limits.answer_deadline = nil
            limits.streaming = true
          end
          body = read_body(response, success ? nil : MAX_ERROR_BODY_BYTES, success ? request.response_sink : nil, check)
          throw :enough, HttpResponse.new(status: status, headers: headers, body: body)
        end
      end
    end

    # Reads at most +limit+ bytes (nil: all) into a String, or everything into +sink+. At the limit the read
    # stops: the caller leaves the block by throw, and the connection is closed, not drained.
    def read_body(response, limit, sink, check)
      body = +''
      catch(:limit) do
        response.read_body do |block|
          check.call
          if sink
            sink << block
          else
            body << block
            throw :limit if limit && body.bytesize >= limit
          end
        end
      end
      limit ? body.byteslice(0, limit) : body
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
