using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Security.Cryptography;
using System.Text;

namespace OssgenRuntime
{
    /// <summary>What a signature covers: the method, the bucket and key, and the query parameters (value null: a flag).</summary>
    internal sealed class SigningRequest
    {
        /// <summary>The HTTP method.</summary>
        public string Method;
        /// <summary>The bucket (empty: none).</summary>
        public string Bucket;
        /// <summary>The object key (empty: none).</summary>
        public string Key;
        /// <summary>The query parameters, not encoded (value null: a flag).</summary>
        public List<KeyValuePair<string, string>> Query;
        /// <summary>EncodeQuery(Query) when the caller has it already (null: encoded when signing).</summary>
        public string EncodedQuery;

        /// <summary>The same request with other query parameters.</summary>
        public SigningRequest WithQuery(List<KeyValuePair<string, string>> query)
        {
            return new SigningRequest { Method = Method, Bucket = Bucket, Key = Key, Query = query };
        }
    }

    /// <summary>
    /// The V4 signing key last derived by one client: it depends on the secret (the client's, fixed), the region and the
    /// day only, so deriving it (four HMAC-SHA256s) once a day instead of once a request is enough. Thread-safe.
    /// </summary>
    internal sealed class V4KeyCache
    {
        private readonly object gate = new object();
        private string day;
        private string region;
        private byte[] key;

        /// <summary>The signing key of secret for day (yyyyMMdd) and region, derived when either changed.</summary>
        public byte[] Get(string secret, string day, string region)
        {
            lock (gate)
            {
                if (key == null || this.day != day || this.region != region)
                {
                    key = Signer.V4SigningKey(secret, day, region);
                    this.day = day;
                    this.region = region;
                }
                return key;
            }
        }
    }

    /// <summary>Request signing: OSS signature V4 (the default) and V1, and presigned URLs, per docs/wire-contract.md.</summary>
    internal static class Signer
    {
        private static readonly UTF8Encoding Utf8 = new UTF8Encoding(false);

        /// <summary>Percent-encodes the UTF-8 bytes of text, keeping only A-Z a-z 0-9 - _ . ~ (and / when asked).</summary>
        public static string UriEncode(string text, bool keepSlash)
        {
            if (text == null) return "";
            // Most names and values need no escape: they are returned as they are, without encoding a copy.
            int i = 0;
            while (i < text.Length && KeptAsIs(text[i], keepSlash)) i++;
            if (i == text.Length) return text;
            var sb = new StringBuilder(text.Length + 16);
            foreach (byte b in Utf8.GetBytes(text))
            {
                if (KeptAsIs((char)b, keepSlash)) sb.Append((char)b);
                else sb.Append('%').Append(UpperHex[b >> 4]).Append(UpperHex[b & 15]);
            }
            return sb.ToString();
        }

        private const string UpperHex = "0123456789ABCDEF";
        private const string LowerHex = "0123456789abcdef";

        private static bool KeptAsIs(char c, bool keepSlash)
        {
            return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.' || c == '~' || (keepSlash && c == '/');
        }

        /// <summary>The query string: sorted by encoded name (ordinal), flags (value null) written without '='.</summary>
        public static string EncodeQuery(IEnumerable<KeyValuePair<string, string>> parameters)
        {
            var encoded = new List<KeyValuePair<string, string>>();
            foreach (var p in parameters) encoded.Add(new KeyValuePair<string, string>(UriEncode(p.Key, false), p.Value == null ? null : UriEncode(p.Value, false)));
            // A stable sort by name (repeated names keep their order), without LINQ's per-call machinery.
            var order = new int[encoded.Count];
            for (int i = 0; i < order.Length; i++) order[i] = i;
            Array.Sort(order, (a, b) =>
            {
                int byName = string.CompareOrdinal(encoded[a].Key, encoded[b].Key);
                return byName != 0 ? byName : a.CompareTo(b);
            });
            var sb = new StringBuilder();
            foreach (int i in order)
            {
                if (i != order[0]) sb.Append('&');
                sb.Append(encoded[i].Key);
                if (encoded[i].Value != null) sb.Append('=').Append(encoded[i].Value);
            }
            return sb.ToString();
        }

        /// <summary>Whether V4 signs a header of this lower-case name by itself (without additionalHeaders).</summary>
        public static bool SignedV4(string lowerName)
        {
            return lowerName.StartsWith(Protocol.SignedHeaderPrefix, StringComparison.Ordinal) || Protocol.SignedHeaders.Contains(lowerName);
        }

        private static byte[] HmacSha256(byte[] key, string text)
        {
            using (var mac = new HMACSHA256(key)) return mac.ComputeHash(Utf8.GetBytes(text));
        }

        private static string Hex(byte[] bytes)
        {
            // A table, not byte.ToString("x2"): that parses its format and allocates a string per byte (issue #21).
            var chars = new char[bytes.Length * 2];
            for (int i = 0; i < bytes.Length; i++)
            {
                chars[2 * i] = LowerHex[bytes[i] >> 4];
                chars[2 * i + 1] = LowerHex[bytes[i] & 15];
            }
            return new string(chars);
        }

        private static string Scope(string day, string region)
        {
            return day + "/" + region + "/" + Protocol.V4Product + "/" + Protocol.V4ScopeTerminator;
        }

        /// <summary>The V4 signing key: HMAC-SHA256 of the day with the prefixed secret, then of the region, the product and the terminator.</summary>
        public static byte[] V4SigningKey(string secret, string day, string region)
        {
            byte[] key = HmacSha256(Utf8.GetBytes(Protocol.V4SigningKeyPrefix + secret), day);
            foreach (string part in new[] { region, Protocol.V4Product, Protocol.V4ScopeTerminator }) key = HmacSha256(key, part);
            return key;
        }

        /// <summary>
        /// The hex V4 signature of a canonical request; extra names more headers to sign (lower case, sorted,
        /// present in headers). keys (null: derive the key now) holds the signing key across requests.
        /// </summary>
        public static string V4Signature(SigningRequest request, IList<KeyValuePair<string, string>> headers, string secret, string region, string stamp, string payloadHash, IList<string> extra, V4KeyCache keys = null)
        {
            string day = stamp.Substring(0, 8);
            var signed = new List<KeyValuePair<string, string>>(headers.Count);
            foreach (var h in headers)
            {
                // Lower-cased only when it has capitals, and extra searched only when it has names: ToLowerInvariant and an
                // array's IList.Contains cost microseconds a request on Mono (issue #21).
                string name = HeaderNameComparer.Lower(h.Key);
                if (SignedV4(name) || (extra.Count > 0 && extra.Contains(name))) signed.Add(new KeyValuePair<string, string>(name, (h.Value ?? "").Trim()));
            }
            // By name, then value: pairs that compare equal are equal, so the unstable sort orders them as a stable one would.
            signed.Sort((a, b) =>
            {
                int byName = string.CompareOrdinal(a.Key, b.Key);
                return byName != 0 ? byName : string.CompareOrdinal(a.Value, b.Value);
            });
            // The canonical request and then the string to sign are written as UTF-8 into this thread's buffer and hashed
            // from there: built as strings, joined, then encoded, they allocated ~3 KB a signature (issue #21). The pieces
            // meet only at ASCII separators, so the bytes are those of the joined text.
            byte[] text = signingText ?? new byte[1024];
            int at = 0;
            Put(ref text, ref at, request.Method);
            Put(ref text, ref at, '\n');
            Put(ref text, ref at, UriEncode("/" + request.Bucket + "/" + request.Key, true));
            Put(ref text, ref at, '\n');
            Put(ref text, ref at, request.EncodedQuery ?? EncodeQuery(request.Query));
            Put(ref text, ref at, '\n');
            foreach (var h in signed)
            {
                Put(ref text, ref at, h.Key);
                Put(ref text, ref at, ':');
                Put(ref text, ref at, h.Value);
                Put(ref text, ref at, '\n');
            }
            Put(ref text, ref at, '\n');
            if (extra.Count > 0) Put(ref text, ref at, string.Join(";", extra));
            Put(ref text, ref at, '\n');
            Put(ref text, ref at, payloadHash);
            Sha256 sha = ThreadSha256();
            byte[] digest = signingDigest ?? (signingDigest = new byte[32]);
            sha.Hash(text, at, digest);
            at = 0;
            Put(ref text, ref at, Protocol.V4Algorithm);
            Put(ref text, ref at, '\n');
            Put(ref text, ref at, stamp);
            Put(ref text, ref at, '\n');
            Put(ref text, ref at, Scope(day, region));
            Put(ref text, ref at, '\n');
            if (text.Length - at < 64) Array.Resize(ref text, at + 64);
            for (int i = 0; i < 32; i++)
            {
                text[at++] = (byte)LowerHex[digest[i] >> 4];
                text[at++] = (byte)LowerHex[digest[i] & 15];
            }
            signingText = text;
            byte[] key = keys != null ? keys.Get(secret, day, region) : V4SigningKey(secret, day, region);
            sha.Mac(SigningMacKey(key), text, at, digest);
            return Hex(digest);
        }

        // This thread's buffer for the UTF-8 text V4 hashes, and for the digests (see V4Signature).
        [ThreadStatic] private static byte[] signingText;
        [ThreadStatic] private static byte[] signingDigest;

        /// <summary>Writes piece's UTF-8 bytes at at, growing text when it may not hold them.</summary>
        private static void Put(ref byte[] text, ref int at, string piece)
        {
            int most = Utf8.GetMaxByteCount(piece.Length);
            if (text.Length - at < most) Array.Resize(ref text, Math.Max(text.Length * 2, at + most));
            at += Utf8.GetBytes(piece, 0, piece.Length, text, at);
        }

        /// <summary>Writes an ASCII separator at at.</summary>
        private static void Put(ref byte[] text, ref int at, char separator)
        {
            if (at == text.Length) Array.Resize(ref text, text.Length * 2);
            text[at++] = (byte)separator;
        }

        // This thread's SHA-256 and the HMAC key state of the last signing key it used (see Sha256: Mono's SHA256Managed
        // and HMACSHA256 cost about 18 us per request, issue #21). Nothing awaits between getting one and using it, so
        // it stays on its thread.
        [ThreadStatic] private static Sha256 sha256;
        [ThreadStatic] private static Sha256.HmacKey signingMac;
        [ThreadStatic] private static byte[] signingMacKey;

        private static Sha256 ThreadSha256()
        {
            return sha256 ?? (sha256 = new Sha256());
        }

        /// <summary>This thread's HMAC state for key (the same array as last time: V4KeyCache's, until the day changes).</summary>
        private static Sha256.HmacKey SigningMacKey(byte[] key)
        {
            if (signingMac == null || !ReferenceEquals(signingMacKey, key))
            {
                signingMac = new Sha256.HmacKey(key);
                signingMacKey = key;
            }
            return signingMac;
        }

        // This thread's last V4 timestamp and the second it names: requests within one second share the string, as
        // formatting a DateTime with a custom pattern costs microseconds on every request (issue #21).
        [ThreadStatic] private static string lastStamp;
        [ThreadStatic] private static long lastStampSecond;

        /// <summary>The V4 timestamp of now (UTC, yyyyMMdd'T'HHmmss'Z').</summary>
        public static string V4Stamp(DateTime now)
        {
            DateTime utc = now.ToUniversalTime();
            long second = utc.Ticks / TimeSpan.TicksPerSecond;
            if (lastStamp == null || second != lastStampSecond)
            {
                lastStamp = utc.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);
                lastStampSecond = second;
            }
            return lastStamp;
        }

        /// <summary>Returns headers plus the V4 date, payload-hash and Authorization headers.</summary>
        public static List<KeyValuePair<string, string>> SignV4(SigningRequest request, IList<KeyValuePair<string, string>> headers, string accessKeyId, string secret, string region, DateTime now, V4KeyCache keys = null)
        {
            string stamp = V4Stamp(now);
            var all = new List<KeyValuePair<string, string>>(headers)
            {
                new KeyValuePair<string, string>(Protocol.V4DateHeader, stamp),
                new KeyValuePair<string, string>(Protocol.V4PayloadHashHeader, Protocol.V4PayloadHash),
            };
            string signature = V4Signature(request, all, secret, region, stamp, Protocol.V4PayloadHash, new string[0], keys);
            string credential = accessKeyId + "/" + Scope(stamp.Substring(0, 8), region);
            all.Add(new KeyValuePair<string, string>("Authorization", Protocol.V4Algorithm + " Credential=" + credential + ",Signature=" + signature));
            return all;
        }

        /// <summary>The base64 V1 signature: dateLine on the Date line, the signed query parameters in the resource.</summary>
        public static string V1Signature(SigningRequest request, IList<KeyValuePair<string, string>> headers, string secret, string dateLine, ICollection<string> signedSubresources)
        {
            var lowered = new Dictionary<string, string>();
            foreach (var h in headers) lowered[h.Key.ToLowerInvariant()] = (h.Value ?? "").Trim();
            var ossHeaders = new StringBuilder();
            foreach (string name in lowered.Keys.Where(n => n.StartsWith(Protocol.SignedHeaderPrefix, StringComparison.Ordinal)).OrderBy(n => n, StringComparer.Ordinal))
            {
                ossHeaders.Append(name).Append(':').Append(lowered[name]).Append('\n');
            }
            var subresources = request.Query.Where(p => signedSubresources.Contains(p.Key))
                .OrderBy(p => p.Key, StringComparer.Ordinal).ThenBy(p => p.Value ?? "", StringComparer.Ordinal).ToList();
            string resource = "/" + request.Bucket + "/" + request.Key;
            if (subresources.Count > 0) resource += "?" + string.Join("&", subresources.Select(p => p.Value == null ? p.Key : p.Key + "=" + p.Value));
            string md5, type;
            lowered.TryGetValue("content-md5", out md5);
            lowered.TryGetValue("content-type", out type);
            string text = request.Method + "\n" + (md5 ?? "") + "\n" + (type ?? "") + "\n" + dateLine + "\n" + ossHeaders + resource;
            using (var mac = new HMACSHA1(Utf8.GetBytes(secret))) return Convert.ToBase64String(mac.ComputeHash(Utf8.GetBytes(text)));
        }

        /// <summary>now as an HTTP date (RFC 1123, GMT), V1's Date header.</summary>
        public static string HttpDate(DateTime now)
        {
            return now.ToUniversalTime().ToString("ddd, dd MMM yyyy HH:mm:ss 'GMT'", CultureInfo.InvariantCulture);
        }

        /// <summary>Returns headers plus the V1 Date and Authorization headers.</summary>
        public static List<KeyValuePair<string, string>> SignV1(SigningRequest request, IList<KeyValuePair<string, string>> headers, string accessKeyId, string secret, DateTime now)
        {
            string date = HttpDate(now);
            string signature = V1Signature(request, headers, secret, date, Protocol.SignedSubresources);
            return new List<KeyValuePair<string, string>>(headers)
            {
                new KeyValuePair<string, string>(Protocol.V1DateHeader, date),
                new KeyValuePair<string, string>("Authorization", Protocol.V1Algorithm + " " + accessKeyId + ":" + signature),
            };
        }

        private static KeyValuePair<string, string> Pair(string name, string value)
        {
            return new KeyValuePair<string, string>(name, value);
        }

        /// <summary>
        /// The query parameters that presign a request with V4 (added to its own query): every query parameter
        /// but the signature is signed, with the presigned payload hash. additional names more headers to sign:
        /// ones headers sends that are not signed by default, and host (the URL's host).
        /// </summary>
        public static List<KeyValuePair<string, string>> PresignV4(SigningRequest request, IList<KeyValuePair<string, string>> headers, string accessKeyId, string secret, string token, string region, DateTime now, long expiresSeconds, IEnumerable<string> additional, string host)
        {
            string stamp = V4Stamp(now);
            var added = new List<KeyValuePair<string, string>>
            {
                Pair(Protocol.V4PresignAlgorithm, Protocol.V4Algorithm),
                Pair(Protocol.V4PresignCredential, accessKeyId + "/" + Scope(stamp.Substring(0, 8), region)),
                Pair(Protocol.V4PresignDate, stamp),
                Pair(Protocol.V4PresignExpires, expiresSeconds.ToString(CultureInfo.InvariantCulture)),
            };
            var signedHeaders = new List<KeyValuePair<string, string>>(headers);
            var extra = new List<string>();
            var sent = new HashSet<string>(headers.Select(h => h.Key.ToLowerInvariant()));
            if (Protocol.V4PresignAdditionalHeaders.Length > 0 && additional != null)
            {
                foreach (string raw in additional)
                {
                    string name = (raw ?? "").Trim().ToLowerInvariant();
                    if (name.Length == 0 || extra.Contains(name) || SignedV4(name)) continue;
                    if (name == "host" && host.Length > 0) signedHeaders.Add(Pair(name, host));
                    else if (!sent.Contains(name)) continue;
                    extra.Add(name);
                }
            }
            extra.Sort(StringComparer.Ordinal);
            if (extra.Count > 0) added.Add(Pair(Protocol.V4PresignAdditionalHeaders, string.Join(";", extra)));
            if (token != null && Protocol.V4PresignSession.Length > 0) added.Add(Pair(Protocol.V4PresignSession, token));
            var query = new List<KeyValuePair<string, string>>(request.Query);
            query.AddRange(added);
            string signature = V4Signature(request.WithQuery(query), signedHeaders, secret, region, stamp, Protocol.V4PresignPayloadHash, extra);
            added.Add(Pair(Protocol.V4PresignSignature, signature));
            return added;
        }

        /// <summary>
        /// The query parameters that presign a request with V1: Expires (Unix seconds) signed on the Date line,
        /// the security token a signed sub-resource.
        /// </summary>
        public static List<KeyValuePair<string, string>> PresignV1(SigningRequest request, IList<KeyValuePair<string, string>> headers, string accessKeyId, string secret, string token, DateTime now, long expiresSeconds)
        {
            long unix = (long)(now.ToUniversalTime() - new DateTime(1970, 1, 1, 0, 0, 0, DateTimeKind.Utc)).TotalSeconds;
            string expires = (unix + expiresSeconds).ToString(CultureInfo.InvariantCulture);
            var session = new List<KeyValuePair<string, string>>();
            if (token != null && Protocol.V1PresignSession.Length > 0) session.Add(Pair(Protocol.V1PresignSession, token));
            var signed = new List<string>(Protocol.SignedSubresources) { Protocol.V1PresignSession };
            var query = new List<KeyValuePair<string, string>>(request.Query);
            query.AddRange(session);
            string signature = V1Signature(request.WithQuery(query), headers, secret, expires, signed);
            var added = new List<KeyValuePair<string, string>> { Pair(Protocol.V1PresignAccessKeyId, accessKeyId), Pair(Protocol.V1PresignExpires, expires) };
            added.AddRange(session);
            added.Add(Pair(Protocol.V1PresignSignature, signature));
            return added;
        }
    }
}
