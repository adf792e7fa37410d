using System.Collections.Generic;
using System.Linq;
using System.Threading;

namespace OssgenRuntime
{
    /// <summary>
    /// One input or output member and where it lives on the wire. Location is host, path, query, header,
    /// header-map or body; Wire the header name, query parameter or (header-map) prefix; Type string, int64,
    /// uint64, boolean, map or blob; FirstAppendOnly (append inputs) ignore or reject, what the service does
    /// with it on a later append. Attr is the property's name, the key of the values a call passes around.
    /// </summary>
    internal sealed class MemberSpec
    {
        /// <summary>The property's name, the key of the values a call passes around.</summary>
        public string Attr;
        /// <summary>The member's name in the model.</summary>
        public string Model;
        /// <summary>host, path, query, header, header-map or body.</summary>
        public string Location;
        /// <summary>The header name, query parameter or (header-map) prefix.</summary>
        public string Wire;
        /// <summary>string, int64, uint64, boolean, map or blob.</summary>
        public string Type;
        /// <summary>A string's format (null: any text).</summary>
        public string Format;
        /// <summary>The values the model allows (null: any).</summary>
        public string[] Enum;
        /// <summary>Whether a request without it is refused.</summary>
        public bool Required;
        /// <summary>An integer's least value (null: none).</summary>
        public long? Minimum;
        /// <summary>Append inputs: ignore or reject, what the service does with it on a later append (null: sent every time).</summary>
        public string FirstAppendOnly;
    }

    /// <summary>The append's position input and the next-position and CRC outputs, by attribute.</summary>
    internal sealed class AppendSpec
    {
        /// <summary>The position input's attribute.</summary>
        public string Position;
        /// <summary>The next-position output's attribute.</summary>
        public string NextPosition;
        /// <summary>The whole-object CRC-64 output's attribute.</summary>
        public string Crc;
    }

    /// <summary>How an operation maps onto HTTP, as data the client interprets; the generated Operations holds one per operation.</summary>
    internal sealed class OperationSpec
    {
        /// <summary>The operation's name in the model.</summary>
        public string Name;
        /// <summary>The HTTP method.</summary>
        public string Method;
        /// <summary>Query flags the operation always sends.</summary>
        public string[] Flags;
        /// <summary>The request's members.</summary>
        public MemberSpec[] Inputs;
        /// <summary>The result's members.</summary>
        public MemberSpec[] Outputs;
        /// <summary>The error codes the model lists for the operation.</summary>
        public string[] Errors;
        /// <summary>The append's members (null: not the append).</summary>
        public AppendSpec Append;

        /// <summary>The request's body member (null: none).</summary>
        public MemberSpec BodyInput
        {
            get { return BodyOf(Inputs); }
        }

        /// <summary>The result's body member (null: none).</summary>
        public MemberSpec BodyOutput
        {
            get { return BodyOf(Outputs); }
        }

        // A loop rather than LINQ's FirstOrDefault with a lambda: read on every call (issue #21).
        private static MemberSpec BodyOf(MemberSpec[] members)
        {
            foreach (MemberSpec m in members)
            {
                if (m.Location == "body") return m;
            }
            return null;
        }

        // Inputs' positions by attribute, built on first use (racing threads build equal ones).
        private Dictionary<string, int> inputIndex;

        /// <summary>
        /// values' entries by Inputs position (null: not set), in one pass over the values a call set: validation and the
        /// wire form read every input, and looking each of the append's 23 up by name cost ~70 dictionary lookups a call
        /// where a call sets four or five (issue #21).
        /// </summary>
        public object[] InputValues(Values values)
        {
            Dictionary<string, int> index = Volatile.Read(ref inputIndex);
            if (index == null)
            {
                index = new Dictionary<string, int>(AttrComparer.Instance);
                for (int i = 0; i < Inputs.Length; i++) index[Inputs[i].Attr] = i;
                Volatile.Write(ref inputIndex, index);
            }
            var byPosition = new object[Inputs.Length];
            foreach (var entry in values)
            {
                int i;
                if (index.TryGetValue(entry.Key, out i)) byPosition[i] = entry.Value;
            }
            return byPosition;
        }

        /// <summary>The same operation without its body input (a presigned URL does not carry the body).</summary>
        public OperationSpec WithoutBodyInput()
        {
            return new OperationSpec { Name = Name, Method = Method, Flags = Flags, Inputs = Inputs.Where(m => m.Location != "body").ToArray(), Outputs = Outputs, Errors = Errors, Append = Append };
        }
    }

    /// <summary>The extra field an error carries: its property, type, and the header or error-document element it comes from.</summary>
    internal sealed class ErrorFieldSpec
    {
        /// <summary>The exception's property.</summary>
        public string Attr;
        /// <summary>string, int64, uint64 or boolean.</summary>
        public string Type;
        /// <summary>The header it comes in (null: not a header).</summary>
        public string Header;
        /// <summary>The error document's element it comes in (null: none).</summary>
        public string Element;
    }

    /// <summary>
    /// Property names compared ordinally with a cheap hash: the default string hash (Marvin on Mono) costs more than the
    /// lookup around it, and a call makes some 80 of them (issue #21). The names are the model's, not an attacker's.
    /// </summary>
    internal sealed class AttrComparer : IEqualityComparer<string>
    {
        /// <summary>The one instance.</summary>
        public static readonly AttrComparer Instance = new AttrComparer();

        /// <inheritdoc />
        public bool Equals(string x, string y)
        {
            return string.Equals(x, y);
        }

        /// <inheritdoc />
        public int GetHashCode(string name)
        {
            uint hash = 2166136261;
            foreach (char c in name) hash = (hash ^ c) * 16777619;
            return (int)hash;
        }
    }

    /// <summary>The values of one call, by property name (absent: not set).</summary>
    internal sealed class Values : Dictionary<string, object>
    {
        /// <summary>No values yet.</summary>
        public Values() : base(AttrComparer.Instance)
        {
        }

        /// <summary>The value of attr (null: not set).</summary>
        public object Get(string attr)
        {
            object value;
            return attr != null && TryGetValue(attr, out value) ? value : null;
        }
    }
}
