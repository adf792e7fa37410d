# frozen_string_literal: true

# Reliability driver for the generated Ruby gem (run with -I out/ruby/lib by test/reliability/*.test.ts).
# Usage:
#
#   soak.rb soak URL KEY DATA SIZES   append DATA cut at SIZES through an Appender
#   soak.rb integrity URL KEY         one append whose answer carries a wrong CRC header
#   soak.rb print-client URL KEY      print the client as a careless log line would
#   soak.rb append-once URL KEY FILE  one AppendObject at position 0 with FILE's bytes (previous CRC 0)
#   soak.rb appender URL KEY FILE...  an Appender: open, then append each FILE's bytes in order
#   soak.rb head URL KEY              one HeadObject
#
# Credentials come from OSS_ACCESS_KEY_ID / OSS_ACCESS_KEY_SECRET / OSS_SESSION_TOKEN, read by the client
# itself. append-once, appender and head use OSSGEN_TIMEOUT_MS (default 1000) and OSSGEN_MAX_ATTEMPTS
# (default 3), and print {"ok":true,"next":N,"crc":"DECIMAL"} or
# {"ok":false,"kind":K,"class":...,"code":...,"status":N,"message":...}, exiting 0 either way.
# Prints one JSON line. The gem's module is OSSGEN_RUBY_MODULE (default OssAppend), its file OSSGEN_RUBY_GEM.
require 'json'
require ENV.fetch('OSSGEN_RUBY_GEM', 'oss_append')

SDK = Object.const_get(ENV.fetch('OSSGEN_RUBY_MODULE', 'OssAppend'))
CLIENT = SDK.const_get(ENV.fetch('OSSGEN_RUBY_CLIENT', 'OssClient'))
BUCKET = 'examplebucket'
SHORT_SLEEP = ->(seconds) { sleep([seconds, 0.01].min) }

def open_appender(client, key)
  # Under faults even the probe can fail after its own retries: try a few times.
  last = nil
  10.times do
    return SDK::Appender.new(client, BUCKET, key, max_attempts: 6).open
  rescue StandardError => e
    last = e
  end
  raise last
end

# Never prints a credential, even if an untyped error quoted one.
def scrub(text)
  %w[OSS_ACCESS_KEY_ID OSS_ACCESS_KEY_SECRET OSS_SESSION_TOKEN].each do |name|
    value = ENV.fetch(name, '')
    [value, value.strip].uniq.each { |v| text = text.gsub(v, '[redacted]') if v.length >= 4 }
  end
  text
end

def classify(error)
  kind = case error
         when SDK::ServiceError then 'service'
         when SDK::TransportError then error.timed_out? ? 'timeout' : 'network'
         when SDK::ProtocolError then 'protocol'
         when SDK::IntegrityError then 'integrity'
         when SDK::RequestValidationError, SDK::ConfigurationError then 'validation'
         else 'untyped'
         end
  service = error.is_a?(SDK::ServiceError)
  result = { ok: false, kind: kind, class: error.class.name.split('::').last, code: service ? error.code : '',
             status: service ? error.status : 0, message: scrub(error.message) }
  if service && error.code == SDK::Protocol::POSITION_ERROR_CODE
    position = error.public_send(SDK::Protocol::POSITION_ERROR_FIELD)
    result[:nextAppendPosition] = position unless position.nil?
  end
  result
end

def one_call(mode, url, key, files)
  timeout = Integer(ENV.fetch('OSSGEN_TIMEOUT_MS', '1000')) / 1000.0
  attempts = Integer(ENV.fetch('OSSGEN_MAX_ATTEMPTS', '3'))
  client = CLIENT.new(endpoint: url, timeout: timeout, max_attempts: attempts, sleeper: SHORT_SLEEP)
  if mode == 'head'
    head = client.head_object(bucket: BUCKET, key: key)
    length = head.next_append_position || head.content_length
    return { ok: true, next: length, crc: head.hash_crc64ecma&.to_s }
  end
  bodies = files.map { |path| File.binread(path) }
  if mode == 'append-once'
    result = client.append_object(bucket: BUCKET, key: key, position: 0, body: bodies[0], previous_crc: 0)
    return { ok: true, next: result.next_append_position, crc: result.hash_crc64ecma.to_s }
  end
  appender = SDK::Appender.new(client, BUCKET, key, sleeper: SHORT_SLEEP).open
  bodies.each { |body| appender.append(body) }
  { ok: true, next: appender.position, crc: appender.crc.to_s }
rescue StandardError => e
  classify(e)
end

def soak(client, key, data, sizes)
  appender = open_appender(client, key)
  opens = 1
  errors = 0
  integrity = 0
  landed_after_error = 0
  offset = 0
  sizes.each do |size|
    chunk = data.byteslice(offset, size)
    loop do
      before = appender.position
      begin
        appender.append(chunk)
        break
      rescue StandardError => e
        errors += 1
        integrity += 1 if e.is_a?(SDK::IntegrityError)
      end
      appender = open_appender(client, key)
      opens += 1
      if appender.position == before + size
        landed_after_error += 1
        break
      end
      abort "object is #{appender.position} bytes, neither #{before} nor #{before + size}" if appender.position != before
    end
    offset += size
  end
  { lang: 'ruby', chunks: sizes.size, bytes: offset, position: appender.position, crc: appender.crc.to_s, errors: errors,
    integrityErrors: integrity, landedAfterError: landed_after_error, opens: opens }
end

mode, url, key, *rest = ARGV
if %w[append-once appender head].include?(mode)
  puts JSON.generate(one_call(mode, url, key, rest))
  exit 0
end
client = CLIENT.new(endpoint: url, timeout: 0.8, max_attempts: 6)
case mode
when 'print-client'
  require 'pp'
  puts [client.inspect, client.to_s, "#{client}", client.pretty_inspect].join(' ')
when 'integrity'
  appender = open_appender(client, key)
  result = begin
    appender.append('integrity check')
    { integrityError: false, error: 'accepted' }
  rescue SDK::IntegrityError => e
    { integrityError: true, error: e.message }
  rescue StandardError => e
    { integrityError: false, error: e.inspect }
  end
  puts JSON.generate({ lang: 'ruby' }.merge(result))
else
  puts JSON.generate(soak(client, key, File.binread(rest[0]), File.read(rest[1]).split.map { |s| Integer(s) }))
end
