using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace OssgenRuntime
{
    /// <summary>
    /// The service's error document (the model's protocol.errorBody): a small XML element whose children
    /// carry the code, message and request id. Parsed by hand in one forward pass, never by an XML library,
    /// so a hostile body can cost neither quadratic time nor entity expansion.
    /// </summary>
    internal static class ErrorXml
    {
        private static readonly Regex Reference = new Regex("&(#[xX][0-9a-fA-F]{1,8}|#[0-9]{1,10}|[A-Za-z]{2,4});", RegexOptions.CultureInvariant);
        private static readonly Regex TagName = new Regex("^[A-Za-z_][\\w.:-]*", RegexOptions.CultureInvariant);

        private static bool Legal(long point)
        {
            return point == 0x9 || point == 0xA || point == 0xD || (point >= 0x20 && point <= 0xD7FF) || (point >= 0xE000 && point <= 0xFFFD) || (point >= 0x10000 && point <= 0x10FFFF);
        }

        /// <summary>Decodes character references and the five predefined entities; one that names no character stays as written.</summary>
        public static string Decode(string text)
        {
            if (text.IndexOf('&') < 0) return text;
            return Reference.Replace(text, m =>
            {
                string entity = m.Groups[1].Value;
                if (entity[0] == '#')
                {
                    long point;
                    bool ok = entity.Length > 1 && (entity[1] == 'x' || entity[1] == 'X')
                        ? long.TryParse(entity.Substring(2), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out point)
                        : long.TryParse(entity.Substring(1), NumberStyles.None, CultureInfo.InvariantCulture, out point);
                    return ok && Legal(point) ? char.ConvertFromUtf32((int)point) : m.Value;
                }
                switch (entity)
                {
                    case "lt": return "<";
                    case "gt": return ">";
                    case "amp": return "&";
                    case "quot": return "\"";
                    case "apos": return "'";
                    default: return m.Value;
                }
            });
        }

        /// <summary>
        /// The child elements of an error document (root Protocol.ErrorRoot), decoded; empty when the text is
        /// not one. Each tag is found from its '&gt;' back to the nearest '&lt;' after the previous tag, so every
        /// character is looked at a bounded number of times. Malformed markup never throws; it yields fewer fields.
        /// </summary>
        public static Dictionary<string, string> Parse(string xml)
        {
            var found = new Dictionary<string, string>();
            bool inside = false;
            string child = null;
            int childStart = 0;
            int position = 0;
            while (true)
            {
                int finish = xml.IndexOf('>', position);
                if (finish < 0) return found;
                int start = finish > position ? xml.LastIndexOf('<', finish - 1, finish - position) : -1;
                position = finish + 1;
                if (start < 0) continue;
                string tag = xml.Substring(start + 1, finish - start - 1);
                if (tag.StartsWith("?", StringComparison.Ordinal) || tag.StartsWith("!", StringComparison.Ordinal)) continue;
                bool closing = tag.StartsWith("/", StringComparison.Ordinal);
                Match nameMatch = TagName.Match(closing ? tag.Substring(1) : tag);
                if (!nameMatch.Success) continue;
                string name = nameMatch.Value;
                bool selfClosing = tag.EndsWith("/", StringComparison.Ordinal);
                if (!inside)
                {
                    string local = name.Substring(name.LastIndexOf(':') + 1);
                    if (closing || local != Protocol.ErrorRoot || selfClosing) return found;
                    inside = true;
                }
                else if (child == null)
                {
                    if (closing) return found;
                    if (selfClosing) found[name] = "";
                    else
                    {
                        child = name;
                        childStart = finish + 1;
                    }
                }
                else if (closing && name == child)
                {
                    found[name] = Decode(xml.Substring(childStart, start - childStart));
                    child = null;
                }
            }
        }

        /// <summary>
        /// The error document's elements (from the body, else from the base64 body-less header) and whether the
        /// answer had no body.
        /// </summary>
        public static Dictionary<string, string> Document(WireResponse response, out bool bodyless)
        {
            byte[] body = response.Body ?? new byte[0];
            string text = new UTF8Encoding(false, false).GetString(body, 0, Math.Min(body.Length, HttpClientTransport.MaxErrorBodyBytes));
            bodyless = text.Trim().Length == 0;
            var found = bodyless ? new Dictionary<string, string>() : Parse(text);
            string encoded = Protocol.ErrorBodylessHeader.Length == 0 ? null : response.Header(Protocol.ErrorBodylessHeader);
            if (!found.ContainsKey(Protocol.ErrorCodeElement) && encoded != null)
            {
                try
                {
                    string trimmed = encoded.Length > HttpClientTransport.MaxErrorBodyBytes ? encoded.Substring(0, HttpClientTransport.MaxErrorBodyBytes) : encoded;
                    found = Parse(new UTF8Encoding(false, false).GetString(Convert.FromBase64String(trimmed.Trim())));
                }
                catch (FormatException)
                {
                    // Not base64: the answer says nothing more.
                }
            }
            return found;
        }
    }
}
