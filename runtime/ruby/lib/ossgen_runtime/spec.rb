# frozen_string_literal: true

module OssgenRuntime
  # How an operation maps onto HTTP, as data the client interprets; the generated OPERATIONS holds one
  # per operation of the model.
  module Spec
    # One input or output member and where it lives on the wire. +location+ is host, path, query,
    # header, header-map or body; +wire+ the header name, query parameter or (header-map) prefix;
    # +type+ string, int64, uint64, boolean, map or blob; +first_append_only+ (append inputs) ignore or
    # reject, what the service does with it on a later append.
    Member = Struct.new(:attr, :model, :location, :wire, :type, :format, :enum, :required, :minimum,
                        :first_append_only, keyword_init: true)

    # The append's position input and the next-position and CRC outputs, by attribute.
    Append = Struct.new(:position, :next_position, :crc, keyword_init: true)

    # One operation: its HTTP method, sub-resource flags, members and modelled error codes.
    Operation = Struct.new(:name, :method_name, :flags, :inputs, :outputs, :errors, :append, keyword_init: true) do
      def body_input
        inputs.find { |m| m.location == 'body' }
      end

      def body_output
        outputs.find { |m| m.location == 'body' }
      end
    end
  end
end
