using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using System.Text.RegularExpressions;

namespace OssgenRuntime
{
    /// <summary>The model's constraints, checked before anything is sent (the limits come from Protocol).</summary>
    internal static class Validate
    {
        private static readonly Regex ByteRange = new Regex("^bytes=([0-9]+-[0-9]*|-[0-9]+)\\z", RegexOptions.CultureInvariant);
        private static readonly Regex HttpDate = new Regex("^(Mon|Tue|Wed|Thu|Fri|Sat|Sun), [0-9]{2} (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) [0-9]{4} [0-9]{2}:[0-9]{2}:[0-9]{2} GMT\\z", RegexOptions.CultureInvariant);
        private static readonly Regex Base64 = new Regex("^[A-Za-z0-9+/]+={0,2}\\z", RegexOptions.CultureInvariant);
        private static readonly Regex MetadataName = new Regex(Anchored(Protocol.MetadataNamePattern), RegexOptions.CultureInvariant);
        private static readonly Regex TaggingChars = new Regex(Anchored(Protocol.TaggingCharPattern), RegexOptions.CultureInvariant);
        private static readonly UTF8Encoding Utf8 = new UTF8Encoding(false, true);

        /// <summary>The model's pattern anchored at both ends of the whole text ($ would also match before a final newline).</summary>
        private static string Anchored(string pattern)
        {
            string inner = pattern.StartsWith("^", StringComparison.Ordinal) ? pattern.Substring(1) : pattern;
            if (inner.EndsWith("$", StringComparison.Ordinal)) inner = inner.Substring(0, inner.Length - 1);
            return "^(?:" + inner + ")\\z";
        }

        private static Exception Fail(string message, MemberSpec member, string code = null)
        {
            return new RequestValidationException(message, code ?? Protocol.InvalidArgument, member == null ? null : member.Attr);
        }

        private static string Quote(string text)
        {
            return "\"" + text.Replace("\\", "\\\\").Replace("\"", "\\\"").Replace("\r", "\\r").Replace("\n", "\\n") + "\"";
        }

        /// <summary>Object keys: KeyMinBytes to KeyMaxBytes UTF-8 bytes, not starting with a forbidden prefix.</summary>
        public static void CheckKey(string key, MemberSpec member = null)
        {
            int size;
            try
            {
                size = Utf8.GetByteCount(key);
            }
            catch (ArgumentException)
            {
                throw Fail("the object key is not valid UTF-16 text (a lone surrogate)", member, Protocol.KeyError);
            }
            if (size < Protocol.KeyMinBytes || size > Protocol.KeyMaxBytes)
            {
                throw Fail("the object key must be " + Protocol.KeyMinBytes + " to " + Protocol.KeyMaxBytes + " UTF-8 bytes, not " + size, member, Protocol.KeyError);
            }
            foreach (string prefix in Protocol.KeyForbiddenPrefixes)
            {
                if (key.StartsWith(prefix, StringComparison.Ordinal)) throw Fail("the object key must not start with " + Quote(prefix), member, Protocol.KeyError);
            }
        }

        private static string Unescape(string text)
        {
            try
            {
                return Uri.UnescapeDataString(text);
            }
            catch (UriFormatException)
            {
                return text;
            }
        }

        private static int TextLength(string text)
        {
            // Characters as the service counts them: code points (a surrogate pair is one).
            return text.Length - text.Count(char.IsLowSurrogate);
        }

        /// <summary>Tags as k=v&amp;k2=v2: count, key and value lengths, allowed characters.</summary>
        public static void CheckTagging(string tagging, MemberSpec member = null)
        {
            var pairs = tagging.Split('&').Where(p => p.Length > 0).ToList();
            if (pairs.Count > Protocol.TaggingMaxTags) throw Fail("at most " + Protocol.TaggingMaxTags + " tags are allowed, not " + pairs.Count, member);
            foreach (string pair in pairs)
            {
                int eq = pair.IndexOf('=');
                string name = Unescape(eq < 0 ? pair : pair.Substring(0, eq));
                string value = eq < 0 ? "" : Unescape(pair.Substring(eq + 1));
                if (name.Length == 0 || TextLength(name) > Protocol.TaggingMaxKeyLength)
                {
                    throw Fail("tag keys must be 1 to " + Protocol.TaggingMaxKeyLength + " characters: " + Quote(name), member);
                }
                if (TextLength(value) > Protocol.TaggingMaxValueLength)
                {
                    throw Fail("tag values must be at most " + Protocol.TaggingMaxValueLength + " characters (tag " + Quote(name) + ")", member);
                }
                if (!TaggingChars.IsMatch(name) || !TaggingChars.IsMatch(value)) throw Fail("tag " + Quote(name) + " has characters tags may not contain", member);
            }
        }

        /// <summary>User metadata: names of the model's pattern; names and values within the total size.</summary>
        public static void CheckMetadata(IDictionary<string, string> metadata, MemberSpec member = null)
        {
            long total = 0;
            foreach (var entry in metadata)
            {
                if (entry.Key == null || entry.Value == null) throw Fail("metadata names and values must be strings", member);
                if (!MetadataName.IsMatch(entry.Key.ToLowerInvariant())) throw Fail("metadata name " + Quote(entry.Key) + " may contain only lower-case letters, digits and '-'", member);
                CheckHeaderValue(entry.Value, member);
                total += Encoding.UTF8.GetByteCount(entry.Key) + Encoding.UTF8.GetByteCount(entry.Value);
            }
            if (total > Protocol.MetadataMaxTotalBytes) throw Fail("user metadata is " + total + " bytes; at most " + Protocol.MetadataMaxTotalBytes + " are allowed", member);
        }

        private static void CheckHeaderValue(string value, MemberSpec member)
        {
            if (value.IndexOfAny(new[] { '\r', '\n', '\0' }) >= 0) throw Fail((member == null ? "a header" : member.Model) + " must not contain line breaks", member);
        }

        private static void CheckFormat(string value, MemberSpec member)
        {
            switch (member.Format)
            {
                case "base64-md5":
                    bool valid = Base64.IsMatch(value) && value.Length % 4 == 0 && Convert.FromBase64String(value).Length == 16;
                    if (!valid) throw Fail(member.Model + " must be the base64 of a 16-byte MD5 digest", member);
                    break;
                case "http-date":
                    if (!HttpDate.IsMatch(value)) throw Fail(member.Model + " must be an HTTP date such as 'Wed, 21 Oct 2026 07:28:00 GMT'", member);
                    break;
                case "byte-range":
                    if (!ByteRange.IsMatch(value)) throw Fail(member.Model + " must look like 'bytes=0-99'", member);
                    break;
                case "tagging":
                    CheckTagging(value, member);
                    break;
            }
        }

        /// <summary>Checks one input value against its member's type, enum, minimum and format.</summary>
        public static void CheckMember(MemberSpec member, object value)
        {
            if (value == null)
            {
                if (member.Required) throw Fail(member.Model + " is required", member);
                return;
            }
            switch (member.Type)
            {
                case "int64":
                case "uint64":
                    if (!(value is long) && !(value is ulong)) throw Fail(member.Model + " must be an integer", member);
                    if (member.Minimum != null && value is long && (long)value < member.Minimum.Value)
                    {
                        throw Fail(member.Model + " must be at least " + member.Minimum + ", not " + value, member);
                    }
                    break;
                case "boolean":
                    if (!(value is bool)) throw Fail(member.Model + " must be true or false", member);
                    break;
                case "map":
                    var map = value as IDictionary<string, string>;
                    if (map == null) throw Fail(member.Model + " must be a dictionary of strings", member);
                    CheckMetadata(map, member);
                    break;
                case "string":
                    var text = value as string;
                    if (text == null) throw Fail(member.Model + " must be a string", member);
                    CheckString(member, text);
                    break;
            }
        }

        private static void CheckString(MemberSpec member, string value)
        {
            if (member.Location == "path") CheckKey(value, member);
            else if (member.Location == "host")
            {
                if (!BucketName(value)) throw Fail("bucket name " + Quote(value) + " may contain only lower-case letters, digits and '-'", member, Protocol.InvalidBucket);
            }
            else CheckHeaderValue(value, member);
            if (member.Enum != null && Array.IndexOf(member.Enum, value) < 0)
            {
                throw Fail(member.Model + " must be one of " + string.Join(", ", member.Enum) + ", not " + Quote(value), member);
            }
            CheckFormat(value, member);
        }

        /// <summary>
        /// ^[a-z0-9][a-z0-9-]*[a-z0-9]\z as a loop (a Regex match costs about a microsecond on every request, issue #21):
        /// two or more of a-z 0-9 and '-', neither first nor last a '-'.
        /// </summary>
        internal static bool BucketName(string name)
        {
            if (name.Length < 2 || name[0] == '-' || name[name.Length - 1] == '-') return false;
            foreach (char c in name)
            {
                if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-')) return false;
            }
            return true;
        }

        private static bool Present(object value)
        {
            if (value == null || (value is bool && !(bool)value)) return false;
            var text = value as string;
            if (text != null) return text.Length > 0;
            var map = value as IDictionary<string, string>;
            return map == null || map.Count > 0;
        }

        /// <summary>Checks a whole request: every member, first-append-only rules and the object size limit.</summary>
        public static void CheckRequest(OperationSpec spec, Values values, long? bodySize)
        {
            CheckRequest(spec, spec.InputValues(values), bodySize);
        }

        /// <summary>CheckRequest with the inputs' values by position, as OperationSpec.InputValues gives them.</summary>
        public static void CheckRequest(OperationSpec spec, object[] inputs, long? bodySize)
        {
            MemberSpec[] members = spec.Inputs;
            long position = 0;
            for (int i = 0; i < members.Length; i++)
            {
                MemberSpec member = members[i];
                if (member.Location != "body") CheckMember(member, inputs[i]);
                else if (member.Required && inputs[i] == null) throw Fail(member.Model + " is required", member);
                if (spec.Append != null && member.Attr == spec.Append.Position && inputs[i] is long) position = (long)inputs[i];
            }
            if (position > 0)
            {
                for (int i = 0; i < members.Length; i++)
                {
                    if (members[i].FirstAppendOnly == "reject" && Present(inputs[i]))
                    {
                        throw Fail(members[i].Model + " can be set only on the first append (position 0); this append is at " + position, members[i]);
                    }
                }
            }
            if (bodySize == null) return;
            long total = bodySize.Value + position;
            if (total > Protocol.ObjectMaxBytes) throw Fail("the object would be " + total + " bytes; at most " + Protocol.ObjectMaxBytes + " are allowed", null, Protocol.ObjectSizeError);
        }
    }
}
