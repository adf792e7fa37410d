# frozen_string_literal: true

# Benchmark driver: the generated Ruby gem vs a raw Net::HTTP request. Prints one JSON line.
#
#   crc   FILE REPEATS                     CRC-64 with the gem's Crc64 (liblzma through Fiddle, else its table)
#   big   client|raw URL KEY TOTAL CHUNK   TOTAL bytes appended in CHUNK-byte appends
#   small client|raw URL KEY COUNT SIZE    COUNT sequential appends of SIZE bytes
#   file  client|raw URL KEY PATH          the whole file appended as one streamed append
#
# Run with -I out/ruby/lib (bench/run.ts does).
require 'json'
require 'base64'
require 'oss_append'

BUCKET = 'examplebucket'

def now
  Process.clock_gettime(Process::CLOCK_MONOTONIC)
end

def emit(result)
  puts JSON.generate(result)
  $stdout.flush
end

# Deterministic pseudo-random bytes.
def pattern(size)
  Random.new(1).bytes(size)
end

# V1-signed appends over one keep-alive connection: the floor any Ruby client pays.
class Raw
  def initialize(url, key)
    uri = URI.parse(url)
    @http = Net::HTTP.new(uri.host, uri.port)
    @http.read_timeout = 600
    @http.start
    @key = key
  end

  def append(position, body, length)
    date = Time.now.utc.strftime('%a, %d %b %Y %H:%M:%S GMT')
    resource = "/#{BUCKET}/#{@key}?append&position=#{position}"
    signature = [OpenSSL::HMAC.digest('SHA1', 'sk', "POST\n\napplication/octet-stream\n#{date}\n#{resource}")].pack('m0')
    request = Net::HTTP::Post.new(resource, 'Date' => date, 'Content-Type' => 'application/octet-stream',
                                            'Authorization' => "OSS ak:#{signature}")
    if body.is_a?(String)
      request.body = body
    else
      request.body_stream = body
      request.content_length = length
    end
    response = @http.request(request)
    raise "raw append: status #{response.code}" unless response.code == '200'
  end
end

def appender(url, key)
  client = OssAppend::OssClient.new(endpoint: url, access_key_id: 'ak', access_key_secret: 'sk', timeout: 600)
  OssAppend::Appender.new(client, BUCKET, key).open
end

def append_many(variant, url, key, count, size)
  chunk = pattern(size)
  case variant
  when 'client'
    a = appender(url, key)
    start = now
    count.times { a.append(chunk) }
  when 'raw'
    raw = Raw.new(url, key)
    start = now
    count.times { |i| raw.append(i * size, chunk, size) }
  else abort "unknown variant #{variant}"
  end
  (now - start) * 1000
end

def append_file(variant, url, key, path)
  case variant
  when 'client'
    a = appender(url, key)
    start = now
    a.append(Pathname.new(path))
  when 'raw'
    raw = Raw.new(url, key)
    start = now
    File.open(path, 'rb') { |f| raw.append(0, f, File.size(path)) }
  else abort "unknown variant #{variant}"
  end
  (now - start) * 1000
end

mode, *args = ARGV
case mode
when 'crc'
  data = File.binread(args[0])
  value = 0
  runs = Array.new(Integer(args[1])) do
    start = now
    value = OssAppend::Crc64.checksum(data)
    (now - start) * 1000
  end
  emit(ms: runs, bytes: data.bytesize, crc: value.to_s, implementation: OssAppend::Crc64::IMPLEMENTATION)
when 'big'
  total = Integer(args[3])
  chunk = Integer(args[4])
  count = -(-total / chunk)
  emit(ms: append_many(args[0], args[1], args[2], count, chunk), bytes: count * chunk)
when 'small'
  emit(ms: append_many(args[0], args[1], args[2], Integer(args[3]), Integer(args[4])), ops: Integer(args[3]))
when 'file'
  emit(ms: append_file(args[0], args[1], args[2], args[3]), bytes: File.size(args[3]))
else
  abort 'usage: driver.rb crc|big|small|file ...'
end
