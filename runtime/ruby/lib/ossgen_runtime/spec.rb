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
        index[1]
      end

      def body_output
        index[2]
      end

      # The required inputs, in order.
      def required_inputs
        index[3]
      end

      # The input of an attribute, or nil.
      def input(attr)
        position = index[4][attr]
        position && inputs[position]
      end

      # Where the input of an attribute is in +inputs+, or nil.
      def input_position(attr)
        index[4][attr]
      end

      # The lower-case header name of each output (nil for an output not in a header), as answers hold them.
      def output_header_names
        index[8]
      end

      # The sub-resource flags as query pairs (value nil), frozen: a request's query starts from a copy.
      def flag_query
        index[5]
      end

      private

      # What a request looks up in its operation, found once and found again only when the members are replaced
      # (a copy with other inputs).
      def index
        known = @index
        return known if known && known[0].equal?(inputs) && known[6].equal?(outputs) && known[7].equal?(flags)

        @index = [inputs, inputs.find { |m| m.location == 'body' }, outputs.find { |m| m.location == 'body' },
                  inputs.select(&:required).freeze, inputs.each_with_index.to_h { |m, i| [m.attr, i] }.freeze,
                  flags.map { |flag| [flag, nil].freeze }.freeze, outputs, flags,
                  outputs.map { |m| m.location == 'header' ? m.wire.downcase.freeze : nil }.freeze].freeze
      end
    end
  end
end
