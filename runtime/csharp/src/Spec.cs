using System.Collections.Generic;
using System.Linq;

namespace OssgenRuntime
{
    /// <summary>
    /// One input or output member and where it lives on the wire. Location is host, path, query, header,
    /// header-map or body; Wire the header name, query parameter or (header-map) prefix; Type string, int64,
    /// uint64, boolean, map or blob; FirstAppendOnly (append inputs) ignore or reject, what the service does
    /// with it on a later append. Attr is the property's name, the key of the values a call passes around.
    /// </summary>
    public sealed class MemberSpec
    {
        public string Attr;
        public string Model;
        public string Location;
        public string Wire;
        public string Type;
        public string Format;
        public string[] Enum;
        public bool Required;
        public long? Minimum;
        public string FirstAppendOnly;
    }

    /// <summary>The append's position input and the next-position and CRC outputs, by attribute.</summary>
    public sealed class AppendSpec
    {
        public string Position;
        public string NextPosition;
        public string Crc;
    }

    /// <summary>How an operation maps onto HTTP, as data the client interprets; the generated Operations holds one per operation.</summary>
    public sealed class OperationSpec
    {
        public string Name;
        public string Method;
        public string[] Flags;
        public MemberSpec[] Inputs;
        public MemberSpec[] Outputs;
        public string[] Errors;
        public AppendSpec Append;

        public MemberSpec BodyInput
        {
            get { return Inputs.FirstOrDefault(m => m.Location == "body"); }
        }

        public MemberSpec BodyOutput
        {
            get { return Outputs.FirstOrDefault(m => m.Location == "body"); }
        }

        public OperationSpec WithoutBodyInput()
        {
            return new OperationSpec { Name = Name, Method = Method, Flags = Flags, Inputs = Inputs.Where(m => m.Location != "body").ToArray(), Outputs = Outputs, Errors = Errors, Append = Append };
        }
    }

    /// <summary>The extra field an error carries: its property, type, and the header or error-document element it comes from.</summary>
    public sealed class ErrorFieldSpec
    {
        public string Attr;
        public string Type;
        public string Header;
        public string Element;
    }

    /// <summary>The values of one call, by property name (absent: not set).</summary>
    public sealed class Values : Dictionary<string, object>
    {
        public object Get(string attr)
        {
            object value;
            return attr != null && TryGetValue(attr, out value) ? value : null;
        }
    }
}
