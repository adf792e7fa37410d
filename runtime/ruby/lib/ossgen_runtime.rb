# frozen_string_literal: true

# The static runtime as it lives here, loaded with stand-ins for the generated files (protocol, operations,
# models, service_errors), for its own tests. The emitter copies each runtime file into the gem with its
# module renamed; this loader and the stand-ins are not copied.
require 'net/http'
require 'openssl'
require 'pathname'
require 'stringio'
require 'uri'
require 'zlib'

%w[protocol spec errors service_errors crc64 body signer transport error_xml validate operations models engine
   appender].each { |name| require_relative "ossgen_runtime/#{name}" }

module OssgenRuntime
  # A client as the generated one is: the engine and one method per operation used here.
  class TestClient
    include Engine

    def initialize(**settings)
      setup(**settings)
    end
  end
end
