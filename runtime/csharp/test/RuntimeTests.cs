using System;
using System.Collections;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Sockets;
using System.Reflection;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using NUnit.Framework;

namespace OssgenRuntime.Tests
{
    /// <summary>The runtime's own tests, where it lives (with the generated model files beside it).</summary>
    [TestFixture]
    public class RuntimeTests
    {
        private static byte[] Utf8(string text)
        {
            return new UTF8Encoding(false).GetBytes(text);
        }

        [Test]
        public void Crc64MatchesTheModelsCheckValue()
        {
            Assert.AreEqual(Protocol.Crc64Check, Crc64.Checksum(Utf8("123456789")));
            Assert.AreEqual(Protocol.Crc64Check, Crc64.ManagedUpdate(0, Utf8("123456789"), 0, 9));
        }

        [Test]
        public void Crc64TakesLiblzmaHereAndItAgreesWithTheTable()
        {
            // The machines this runs on have liblzma.so.5 (xz's library; dpkg itself needs it).
            Assert.AreEqual("liblzma", Crc64.Implementation);
            var data = new byte[70001];
            new Random(5).NextBytes(data);
            Assert.AreEqual(Crc64.ManagedUpdate(0, data, 0, data.Length), Liblzma.Update(0, data, 0, data.Length));
            Assert.AreEqual(Crc64.ManagedUpdate(987654321, data, 3, 65536), Crc64.Update(987654321, data, 3, 65536));
        }

        [Test]
        public void Sha256AndItsHmacAgreeWithTheFrameworksAtEveryLength()
        {
            // Every padding case (lengths around 55, 56, 64 and 119, 120, 128 bytes) and keys shorter than, equal to and
            // longer than a block; one Sha256 reused throughout, as Signer reuses its thread's.
            var random = new Random(7);
            var sha = new Sha256();
            using (var reference = System.Security.Cryptography.SHA256.Create())
            {
                for (int length = 0; length <= 300; length++)
                {
                    var data = new byte[length];
                    random.NextBytes(data);
                    CollectionAssert.AreEqual(reference.ComputeHash(data), sha.Hash(data), "SHA-256 of " + length + " bytes");
                    if (length % 7 != 0) continue;
                    foreach (int keyLength in new[] { 0, 1, 32, 63, 64, 65, 100 })
                    {
                        var key = new byte[keyLength];
                        random.NextBytes(key);
                        using (var mac = new System.Security.Cryptography.HMACSHA256(key))
                        {
                            CollectionAssert.AreEqual(mac.ComputeHash(data), sha.Mac(new Sha256.HmacKey(key), data), "HMAC-SHA256 of " + length + " bytes, key of " + keyLength);
                        }
                    }
                }
            }
            // Bytes fed in pieces hash as the whole.
            var whole = new byte[1000];
            random.NextBytes(whole);
            sha.Reset();
            for (int offset = 0; offset < whole.Length;)
            {
                int piece = Math.Min(whole.Length - offset, 1 + random.Next(150));
                sha.Update(whole, offset, piece);
                offset += piece;
            }
            var digest = new byte[32];
            sha.Finish(digest, 0);
            using (var reference = System.Security.Cryptography.SHA256.Create()) CollectionAssert.AreEqual(reference.ComputeHash(whole), digest);
        }

        [Test]
        public void Sha256TakesLibcryptoHereAndItAgreesWithTheRoundsInCSharp()
        {
            // The machines this runs on have libcrypto.so.3 (OpenSSL 3; curl and ssh need it). Hash and Mac of the
            // default instance (OpenSSL's) against an instance that always takes the rounds in C#, with one context
            // reused throughout and an HMAC key reused across inputs, as Signer reuses its thread's.
            Assert.AreEqual("libcrypto", Sha256.Implementation);
            var random = new Random(11);
            var native = new Sha256();
            var managed = Sha256.Managed();
            var nativeDigest = new byte[32];
            var managedDigest = new byte[32];
            foreach (int keyLength in new[] { 0, 32, 64, 65, 100 })
            {
                var key = new byte[keyLength];
                random.NextBytes(key);
                var hmacKey = new Sha256.HmacKey(key);
                for (int length = 0; length <= 300; length += keyLength == 32 ? 1 : 13)
                {
                    var data = new byte[length + 5];
                    random.NextBytes(data);
                    native.Hash(data, length, nativeDigest);
                    managed.Hash(data, length, managedDigest);
                    CollectionAssert.AreEqual(managedDigest, nativeDigest, "SHA-256 of " + length + " bytes");
                    native.Mac(hmacKey, data, length, nativeDigest);
                    managed.Mac(hmacKey, data, length, managedDigest);
                    CollectionAssert.AreEqual(managedDigest, nativeDigest, "HMAC-SHA256 of " + length + " bytes, key of " + keyLength);
                }
            }
            Assert.Throws<ArgumentOutOfRangeException>(() => native.Hash(new byte[10], 11, nativeDigest));
        }

        [Test]
        public void UriEncodingKeepsOnlyUnreservedBytes()
        {
            Assert.AreEqual("a%20b%2Fc~-_.%E6%97%A5", Signer.UriEncode("a b/c~-_.\u65e5", false));
            Assert.AreEqual("/a%2Bb/c", Signer.UriEncode("/a+b/c", true));
        }

        [Test]
        public void QueriesSortByEncodedNameAndWriteFlagsBare()
        {
            var query = new List<KeyValuePair<string, string>>
            {
                new KeyValuePair<string, string>("position", "10"),
                new KeyValuePair<string, string>("append", null),
                new KeyValuePair<string, string>("a b", "c d"),
            };
            Assert.AreEqual("a%20b=c%20d&append&position=10", Signer.EncodeQuery(query));
            // A repeated name keeps its values in the order given (the sort is stable).
            var repeated = new List<KeyValuePair<string, string>>
            {
                new KeyValuePair<string, string>("b", "2"),
                new KeyValuePair<string, string>("a", null),
                new KeyValuePair<string, string>("b", "1"),
                new KeyValuePair<string, string>("", "e"),
            };
            Assert.AreEqual("=e&a&b=2&b=1", Signer.EncodeQuery(repeated));
        }

        [Test]
        public void DatesAreInvariantAndUtc()
        {
            var moment = new DateTime(2026, 10, 21, 7, 28, 0, DateTimeKind.Utc);
            Assert.AreEqual("20261021T072800Z", Signer.V4Stamp(moment));
            // The stamp is kept per second: the same second gives it again, the next second (or an earlier one) a new one.
            Assert.AreEqual("20261021T072800Z", Signer.V4Stamp(moment.AddMilliseconds(999)));
            Assert.AreEqual("20261021T072801Z", Signer.V4Stamp(moment.AddSeconds(1)));
            Assert.AreEqual("20261021T072759Z", Signer.V4Stamp(moment.AddMilliseconds(-1)));
            Assert.AreEqual("Wed, 21 Oct 2026 07:28:00 GMT", Signer.HttpDate(moment));
        }

        [Test]
        public void TheErrorDocumentIsReadInOnePassAndDecoded()
        {
            string xml = "<?xml version=\"1.0\"?><" + Protocol.ErrorRoot + "><" + Protocol.ErrorCodeElement + ">A&amp;B&#x41;</" + Protocol.ErrorCodeElement + "><Empty/></" + Protocol.ErrorRoot + ">";
            var found = ErrorXml.Parse(xml);
            Assert.AreEqual("A&BA", found[Protocol.ErrorCodeElement]);
            Assert.AreEqual("", found["Empty"]);
            Assert.AreEqual(0, ErrorXml.Parse("<Other><Code>x</Code></Other>").Count);
            Assert.AreEqual(0, ErrorXml.Parse(new string('<', 100000)).Count);
        }

        [Test]
        public void ValidationRefusesBadKeysAndBuckets()
        {
            var e = Assert.Throws<RequestValidationException>(() => Validate.CheckKey(""));
            Assert.AreEqual(Protocol.KeyError, e.Code);
            var bucket = new MemberSpec { Attr = "Bucket", Model = "bucket", Location = "host", Type = "string", Required = true };
            var refused = Assert.Throws<RequestValidationException>(() => Validate.CheckMember(bucket, "Not_A_Bucket"));
            Assert.AreEqual(Protocol.InvalidBucket, refused.Code);
            Assert.AreEqual("Bucket", refused.Member);
            // Patterns hold for the whole text: .NET's `$` alone would also accept a final newline.
            var trailing = Assert.Throws<RequestValidationException>(() => Validate.CheckMember(bucket, "examplebucket\n"));
            Assert.AreEqual(Protocol.InvalidBucket, trailing.Code);
            Validate.CheckMember(bucket, "examplebucket");
        }

        [Test]
        public void BucketNamesAreCheckedAsTheModelsPatternChecksThem()
        {
            // Validate checks bucket names with a loop: it must accept exactly what the pattern accepts.
            var pattern = new System.Text.RegularExpressions.Regex("^[a-z0-9][a-z0-9-]*[a-z0-9]\\z", System.Text.RegularExpressions.RegexOptions.CultureInvariant);
            foreach (string name in new[] { "", "a", "ab", "a-b", "0-9", "a--b", "-ab", "ab-", "-", "--", "aB", "a_b", "a.b", "a b", "ab\n", "\u00e9t\u00e9", "examplebucket" })
            {
                Assert.AreEqual(pattern.IsMatch(name), Validate.BucketName(name), "bucket name \"" + name + "\"");
            }
            const string alphabet = "ab09-_.Z\n\u00e9";
            var random = new Random(11);
            for (int i = 0; i < 20000; i++)
            {
                var chars = new char[random.Next(0, 6)];
                for (int j = 0; j < chars.Length; j++) chars[j] = alphabet[random.Next(alphabet.Length)];
                string name = new string(chars);
                Assert.AreEqual(pattern.IsMatch(name), Validate.BucketName(name), "bucket name \"" + name + "\"");
            }
        }

        [Test]
        public void IntegerHeadersArePlainDecimalsWithin64Bits()
        {
            Assert.AreEqual(0L, ClientCore.ConvertValue("int64", "0"));
            Assert.AreEqual(1048576L, ClientCore.ConvertValue("int64", " 1048576 "));
            Assert.AreEqual(long.MaxValue, ClientCore.ConvertValue("int64", "9223372036854775807"));
            Assert.AreEqual(ulong.MaxValue, ClientCore.ConvertValue("uint64", "18446744073709551615"));
            Assert.AreEqual(5UL, ClientCore.ConvertValue("uint64", "00000000000000000005"));
            Assert.AreEqual(1234567890UL, ClientCore.ConvertValue("uint64", "1234567890"));
            foreach (string type in new[] { "int64", "uint64" })
            {
                foreach (string text in new[] { "", " ", "+1", "-1", "1.0", "1e3", "0x10", "1 2", "1,000", "\u0663", "\uff11", "1\u0000", "18446744073709551616", "18446744073709551619", "18446744073709551620", "99999999999999999999", "000000000000000000001" })
                {
                    Assert.Throws<FormatException>(() => ClientCore.ConvertValue(type, text), type + " \"" + text + "\"");
                }
            }
            Assert.Throws<FormatException>(() => ClientCore.ConvertValue("int64", "9223372036854775808"));
        }

        [Test]
        public void FinishesWithinTellsWhetherATaskEndedBeforeTheWait()
        {
            Assert.IsTrue(HttpClientTransport.FinishesWithin(Task.FromResult(1), TimeSpan.Zero).Result, "already over");
            var never = new TaskCompletionSource<int>();
            Assert.IsFalse(HttpClientTransport.FinishesWithin(never.Task, TimeSpan.FromMilliseconds(30)).Result, "never ends");
            Assert.IsFalse(HttpClientTransport.FinishesWithin(never.Task, TimeSpan.Zero).Result, "no time to end");
            var later = new TaskCompletionSource<int>();
            Task<bool> within = HttpClientTransport.FinishesWithin(later.Task, TimeSpan.FromMinutes(5));
            Assert.IsFalse(within.IsCompleted);
            later.SetResult(1);
            Assert.IsTrue(within.Result, "ends before the wait");
            var failed = new TaskCompletionSource<int>();
            Task<bool> failing = HttpClientTransport.FinishesWithin(failed.Task, TimeSpan.FromMinutes(5));
            failed.SetException(new IOException("reset"));
            Assert.IsTrue(failing.Result, "a failure is an end too");
        }

        [Test]
        public void AnswerHeadersAreFoundInAnyCaseAndKeptByLowerCaseName()
        {
            var received = new Dictionary<string, string>
            {
                { "X-Oss-Request-Id", "r1" }, { "x-oss-next-append-position", "7" }, { "ETag", "\"e\"" }, { "X-\u00dcber", "u" },
            };
            var response = new WireResponse(200, received, null);
            CollectionAssert.AreEquivalent(new[] { "x-oss-request-id", "x-oss-next-append-position", "etag", "x-\u00fcber" }, response.Headers.Keys);
            foreach (string name in new[] { "x-oss-request-id", "X-OSS-REQUEST-ID", "X-Oss-Request-Id", "x-OsS-rEqUeSt-Id" }) Assert.AreEqual("r1", response.Header(name), name);
            Assert.AreEqual("7", response.Header("X-Oss-Next-Append-Position"));
            Assert.AreEqual("\"e\"", response.Header("etag"));
            Assert.AreEqual("u", response.Header("X-\u00dcBER"));
            Assert.IsNull(response.Header("x-oss-request-i"));
            Assert.IsNull(response.Header("x-oss-request-idd"));
            Assert.AreEqual("x-oss-meta-a", HeaderNameComparer.Lower("X-Oss-Meta-A"));
            const string lower = "x-oss-hash-crc64ecma";
            Assert.AreSame(lower, HeaderNameComparer.Lower(lower));
            // Equal names hash alike: an ASCII name is hashed on its own, so no character outside ASCII may equal one inside
            // it under OrdinalIgnoreCase on this runtime (then an ASCII and a non-ASCII name are never equal).
            var ascii = new string[128];
            for (int a = 0; a < 128; a++) ascii[a] = ((char)a).ToString();
            for (int c = 0x80; c <= 0xFFFF; c++)
            {
                string other = ((char)c).ToString();
                for (int a = 0; a < 128; a++)
                {
                    if (string.Equals(other, ascii[a], StringComparison.OrdinalIgnoreCase)) Assert.Fail("U+" + c.ToString("X4") + " equals " + a + " under OrdinalIgnoreCase");
                }
            }
            foreach (var pair in new[] { new[] { "Content-Length", "CONTENT-length" }, new[] { "\u00c9t\u00e9", "\u00e9T\u00c9" }, new[] { "a", "A" } })
            {
                Assert.IsTrue(HeaderNameComparer.Instance.Equals(pair[0], pair[1]));
                Assert.AreEqual(HeaderNameComparer.Instance.GetHashCode(pair[0]), HeaderNameComparer.Instance.GetHashCode(pair[1]), pair[0]);
            }
        }

        [Test]
        public void TheTransportsAnswerHeadersAreReadFromHttpClientsCollectionsByName()
        {
            var answer = new System.Net.Http.HttpResponseMessage(HttpStatusCode.OK) { Content = new System.Net.Http.ByteArrayContent(new byte[0]) };
            answer.Headers.TryAddWithoutValidation("X-Oss-Next-Append-Position", "1024");
            answer.Headers.TryAddWithoutValidation("X-Oss-Hash-Crc64ecma", "42");
            answer.Headers.TryAddWithoutValidation("X-Oss-Meta-Twice", new[] { "a", "b" });
            answer.Headers.TryAddWithoutValidation("ETag", "\"e\"");
            answer.Content.Headers.TryAddWithoutValidation("Content-Type", "application/xml");
            var response = WireResponse.FromHttp(200, answer.Headers, answer.Content.Headers, new byte[0]);
            answer.Dispose();
            // By name in any case, from the answer's headers or its content's, before and after Headers is built.
            for (int round = 0; round < 2; round++)
            {
                Assert.AreEqual("1024", response.Header("x-oss-next-append-position"));
                Assert.AreEqual("42", response.Header("X-OSS-HASH-CRC64ECMA"));
                Assert.AreEqual("a, b", response.Header("x-oss-meta-twice"));
                Assert.AreEqual("\"e\"", response.Header("etag"));
                Assert.AreEqual("application/xml", response.Header("content-type"));
                Assert.IsNull(response.Header("x-oss-version-id"));
                Assert.IsNull(response.Header("not a name"));
                CollectionAssert.AreEquivalent(new[] { "x-oss-next-append-position", "x-oss-hash-crc64ecma", "x-oss-meta-twice", "etag", "content-type" }, response.Headers.Keys);
            }
            Assert.AreEqual("a, b", response.Headers["X-Oss-Meta-Twice"]);
            var bare = WireResponse.FromHttp(204, new System.Net.Http.HttpResponseMessage().Headers, null, new byte[0]);
            Assert.IsNull(bare.Header("content-type"));
            Assert.AreEqual(0, bare.Headers.Count);
        }

        [Test]
        public void ACallsValuesAreFoundByTheirInputsPositions()
        {
            OperationSpec spec = Operations.ByName[Protocol.AppendOperation];
            var values = new Values();
            values[Protocol.AppendKey] = "k";
            values[Protocol.AppendBucket] = "examplebucket";
            values[spec.Append.Position] = 5L;
            values["NotAnInput"] = "ignored";
            values[Protocol.AppendBody] = null;
            for (int round = 0; round < 2; round++)
            {
                object[] inputs = spec.InputValues(values);
                Assert.AreEqual(spec.Inputs.Length, inputs.Length);
                for (int i = 0; i < spec.Inputs.Length; i++) Assert.AreEqual(values.Get(spec.Inputs[i].Attr), inputs[i], spec.Inputs[i].Attr);
                CollectionAssert.AreEquivalent(new object[] { "examplebucket", "k", 5L }, inputs.Where(v => v != null).ToArray());
            }
            // Validation reads the same positions: the position makes a first-append-only member refused.
            values[Protocol.AppendBody] = (RequestBody)"x";
            foreach (MemberSpec member in spec.Inputs.Where(m => m.FirstAppendOnly == "reject" && m.Type == "string").Take(1))
            {
                values[member.Attr] = "a=b";
                Assert.Throws<RequestValidationException>(() => Validate.CheckRequest(spec, values, 1));
                values[spec.Append.Position] = 0L;
                Validate.CheckRequest(spec, values, 1);
            }
        }

        [Test]
        public void OnlyAWholeDotOrDotDotPathSegmentIsRefusedBeforeSending()
        {
            foreach (string path in new[] { "/b/.", "/b/..", "/b/./k", "/b/k/../j", "/.", "/b//..", "/b/k/./" })
            {
                Assert.Throws<RequestValidationException>(() => HttpClientTransport.CheckSendable(new WireRequest { Path = path }), path);
            }
            foreach (string path in new[] { "/", "", "/b/k", "/b/.k", "/b/k.", "/b/...", "/b/a..b", "/b/.../k", "/b/..k/", "/b/k..", "/.b" })
            {
                HttpClientTransport.CheckSendable(new WireRequest { Path = path });
            }
        }

        [Test]
        public void ARequestBodyKnowsItsSizeAndWhetherItCanBeReadAgain()
        {
            RequestBody bytes = Utf8("12345");
            Assert.AreEqual(5, bytes.Size);
            Assert.IsTrue(bytes.Replayable);
            var digest = new Crc64Digest();
            bytes.Digest(digest);
            bytes.Digest(digest);
            Assert.AreEqual(Crc64.Checksum(Utf8("1234512345")), digest.Value);
            var oneShot = RequestBody.FromStream(new NonSeekable(Utf8("abc")));
            Assert.IsNull(oneShot.Size);
            Assert.IsFalse(oneShot.Replayable);
            oneShot.Digest(new Crc64Digest());
            Assert.Throws<InvalidOperationException>(() => oneShot.Open());
        }

        [Test]
        public void TheV4SigningKeyIsDerivedAgainForANewDayOrRegion()
        {
            var keys = new V4KeyCache();
            Assert.AreEqual(Signer.V4SigningKey("secret", "20261201", "cn-hangzhou"), keys.Get("secret", "20261201", "cn-hangzhou"));
            Assert.AreSame(keys.Get("secret", "20261201", "cn-hangzhou"), keys.Get("secret", "20261201", "cn-hangzhou"));
            Assert.AreEqual(Signer.V4SigningKey("secret", "20261202", "cn-hangzhou"), keys.Get("secret", "20261202", "cn-hangzhou"));
            Assert.AreEqual(Signer.V4SigningKey("secret", "20261202", "cn-beijing"), keys.Get("secret", "20261202", "cn-beijing"));
            Assert.AreNotEqual(Signer.V4SigningKey("secret", "20261201", "cn-hangzhou"), Signer.V4SigningKey("secret", "20261202", "cn-hangzhou"));
        }

        [Test]
        public void ABodyIsWrittenWholeOnceWithItsCrcAndCountFromMemoryOrAStream()
        {
            var data = new byte[1000003];
            new Random(9).NextBytes(data);
            using (var transport = new HttpClientTransport())
            {
                foreach (bool inMemory in new[] { true, false })
                {
                    var crc = new Crc64Digest(12345);
                    var counter = new long[1];
                    Stream inner = inMemory ? RequestBody.FromBytes(data).Open() : new NonSeekable(data);
                    var content = new BodyContent(new TrackingStream(inner, crc, counter, () => { }), data.Length, new long[1], transport, TimeSpan.FromSeconds(60));
                    var sent = new MemoryStream();
                    content.CopyToAsync(sent).GetAwaiter().GetResult();
                    Assert.AreEqual(data, sent.ToArray(), inMemory ? "from memory" : "from a stream");
                    Assert.AreEqual(Crc64.Update(12345, data, 0, data.Length), crc.Value);
                    Assert.AreEqual(data.Length, counter[0]);
                    // A resend by the handler is refused rather than sent empty or twice.
                    Assert.Throws<InvalidOperationException>(() => content.CopyToAsync(new MemoryStream()).GetAwaiter().GetResult());
                }
                // Quick writes (a MemoryStream) grew the blocks; they never pass the largest.
                Assert.That(transport.WriteBlock, Is.GreaterThan(RequestBody.BlockSize).And.LessThanOrEqualTo(BodyContent.MaxBlock));
            }
        }

        [Test]
        public void WriteBlocksGrowOnlyWhileWritesAreQuickAndShrinkWhenSlow()
        {
            using (var transport = new HttpClientTransport())
            {
                var limit = TimeSpan.FromSeconds(32);
                transport.Learn(RequestBody.BlockSize, 0.5, limit);
                Assert.AreEqual(RequestBody.BlockSize * 2, transport.WriteBlock);
                for (int i = 0; i < 20; i++) transport.Learn(transport.WriteBlock, 0.5, limit);
                Assert.AreEqual(BodyContent.MaxBlock, transport.WriteBlock);
                transport.Learn(transport.WriteBlock, 2.0, limit); // between 1/32 and 1/8 of the limit: kept
                Assert.AreEqual(BodyContent.MaxBlock, transport.WriteBlock);
                transport.Learn(transport.WriteBlock, 5.0, limit);
                Assert.AreEqual(BodyContent.MaxBlock / 2, transport.WriteBlock);
                for (int i = 0; i < 20; i++) transport.Learn(transport.WriteBlock, 30.0, limit);
                Assert.AreEqual(RequestBody.BlockSize, transport.WriteBlock);
            }
        }

        [Test]
        public void ExceptionsNeverShowCredentials()
        {
            var e = Assert.Throws<ConfigurationException>(() => new TestClient(new ClientOptions { Endpoint = "http://127.0.0.1:1", AccessKeyId = "id", AccessKeySecret = "s3cr3t value" }));
            StringAssert.DoesNotContain("s3cr3t", e.Message);
            var client = new TestClient(new ClientOptions { Endpoint = "http://127.0.0.1:1", AccessKeyId = "the-id", AccessKeySecret = "the-secret" });
            StringAssert.DoesNotContain("the-secret", client.ToString());
        }

        /// <summary>
        /// Timers Mono's scheduler still has to fire (neither fired nor disposed). Mono 6.8 can crash at exit when live
        /// timers are being sorted as it aborts the scheduler thread (mono/mono#15418), so a call must leave none
        /// behind once its client is disposed. Mono's own fields: the runtime is built and tested on Mono.
        /// </summary>
        private static int LiveTimers()
        {
            const BindingFlags Any = BindingFlags.NonPublic | BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static;
            Type scheduler = typeof(Timer).GetNestedType("Scheduler", BindingFlags.NonPublic);
            Assert.IsNotNull(scheduler, "not Mono's System.Threading.Timer");
            object instance = scheduler.GetField("instance", Any).GetValue(null);
            if (instance == null) return 0;
            var list = (IEnumerable)scheduler.GetField("list", Any).GetValue(instance);
            FieldInfo nextRun = typeof(Timer).GetField("next_run", Any);
            FieldInfo disposed = typeof(Timer).GetField("disposed", Any);
            int live = 0;
            lock (instance)
            {
                foreach (Timer timer in list)
                {
                    if (!(bool)disposed.GetValue(timer) && (long)nextRun.GetValue(timer) != long.MaxValue) live++;
                }
            }
            return live;
        }

        /// <summary>A loopback server that answers every request with 404 and an error document, then closes.</summary>
        private static int ServeNotFound(TcpListener listener, int requests)
        {
            listener.Start();
            Task.Run(() =>
            {
                for (int i = 0; i < requests; i++)
                {
                    using (TcpClient connection = listener.AcceptTcpClient())
                    {
                        var stream = connection.GetStream();
                        var head = new StringBuilder();
                        var one = new byte[1];
                        while (!head.ToString().EndsWith("\r\n\r\n", StringComparison.Ordinal) && stream.Read(one, 0, 1) == 1) head.Append((char)one[0]);
                        string body = "<?xml version=\"1.0\"?><" + Protocol.ErrorRoot + "><" + Protocol.ErrorCodeElement + ">" + Protocol.MissingCode + "</" + Protocol.ErrorCodeElement + "></" + Protocol.ErrorRoot + ">";
                        bool isHead = head.ToString().StartsWith("HEAD", StringComparison.Ordinal);
                        byte[] answer = Encoding.ASCII.GetBytes("HTTP/1.1 404 Not Found\r\nContent-Type: application/xml\r\nContent-Length: " + body.Length + "\r\nConnection: close\r\n\r\n" + (isHead ? "" : body));
                        stream.Write(answer, 0, answer.Length);
                    }
                }
            });
            return ((IPEndPoint)listener.LocalEndpoint).Port;
        }

        /// <summary>The transport ends an exchange whose answer never comes at the idle limit, and goes on working.</summary>
        [Test, Timeout(60000)]
        public void AnAnswerThatNeverComesEndsAtTheIdleLimit()
        {
            var silent = new TcpListener(IPAddress.Loopback, 0);
            silent.Start();
            var held = new List<TcpClient>();
            Task.Run(() =>
            {
                // Reads nothing and answers nothing: the connection stays open and quiet.
                try { while (true) lock (held) held.Add(silent.AcceptTcpClient()); } catch (SocketException) { } catch (ObjectDisposedException) { } catch (InvalidOperationException) { }
            });
            try
            {
                using (var transport = new HttpClientTransport())
                {
                    for (int i = 0; i < 2; i++)
                    {
                        var request = new WireRequest { Method = "PUT", Scheme = "http", Host = "127.0.0.1:" + ((IPEndPoint)silent.LocalEndpoint).Port, Path = "/b/k", Query = "", Body = new MemoryStream(new byte[10]), ContentLength = 10 };
                        var watch = System.Diagnostics.Stopwatch.StartNew();
                        var e = Assert.Catch<TransportTimeoutException>(() => transport.SendAsync(request, TimeSpan.FromMilliseconds(300), CancellationToken.None).GetAwaiter().GetResult());
                        StringAssert.Contains("no answer in time", e.Message);
                        Assert.Less(watch.Elapsed.TotalSeconds, 10, "the idle limit was not kept");
                    }
                }
            }
            finally
            {
                silent.Stop();
                lock (held) foreach (TcpClient c in held) c.Close();
            }
        }

        /// <summary>Signatures reuse this thread's HMAC while the signing key stays the same array: a new day's key must re-key it.</summary>
        [Test]
        public void EachV4SignatureUsesItsOwnDaysKey()
        {
            var keys = new V4KeyCache();
            var request = new SigningRequest { Method = "POST", Bucket = "examplebucket", Key = "k", Query = new List<KeyValuePair<string, string>>() };
            var headers = new List<KeyValuePair<string, string>> { new KeyValuePair<string, string>("x-oss-date", "x") };
            foreach (string stamp in new[] { "20261201T000000Z", "20261202T000000Z", "20261201T000000Z" })
            {
                foreach (string region in new[] { "cn-hangzhou", "cn-beijing" })
                {
                    string reused = Signer.V4Signature(request, headers, "secret", region, stamp, "UNSIGNED-PAYLOAD", new string[0], keys);
                    // The same signature from a thread that never signed before (nothing of this thread's reused).
                    string fresh = null;
                    var alone = new Thread(() => fresh = Signer.V4Signature(request, headers, "secret", region, stamp, "UNSIGNED-PAYLOAD", new string[0]));
                    alone.Start();
                    alone.Join();
                    Assert.AreEqual(fresh, reused, stamp + " " + region);
                }
            }
        }

        [Test]
        public void CallsLeaveNoTimerRunningOnceTheClientIsDisposed()
        {
            var listener = new TcpListener(IPAddress.Loopback, 0);
            try
            {
                int port = ServeNotFound(listener, 4);
                int before = LiveTimers();
                var client = new TestClient(new ClientOptions { Endpoint = "http://127.0.0.1:" + port, AccessKeyId = "id", AccessKeySecret = "secret", Timeout = TimeSpan.FromSeconds(30), MaxAttempts = 1 });
                for (int i = 0; i < 2; i++)
                {
                    // The probe (HEAD: no body) and the ranged read (GET: an error body read under the timeout).
                    Assert.Catch<ServiceException>(() => client.Call(Protocol.ProbeOperation, Protocol.ProbeBucket, Protocol.ProbeKey));
                    Assert.Catch<ServiceException>(() => client.Call(Protocol.ReadOperation, Protocol.ReadBucket, Protocol.ReadKey));
                }
                client.Dispose();
                client.Dispose();
                Assert.LessOrEqual(LiveTimers(), before, "timers still due after the calls ended and the client was disposed");
                Assert.Throws<ObjectDisposedException>(() => client.Call(Protocol.ProbeOperation, Protocol.ProbeBucket, Protocol.ProbeKey));
            }
            finally
            {
                listener.Stop();
            }
        }

        private sealed class TestClient : ClientCore
        {
            public TestClient(ClientOptions options) : base(options)
            {
            }

            /// <summary>Calls operation on examplebucket/k and waits for it (its error unwrapped).</summary>
            public void Call(string operation, string bucketAttr, string keyAttr)
            {
                var values = new Values();
                values[bucketAttr] = "examplebucket";
                values[keyAttr] = "k";
                InvokeAsync(Operations.ByName[operation], values, null, CancellationToken.None).GetAwaiter().GetResult();
            }
        }

        private sealed class NonSeekable : System.IO.MemoryStream
        {
            public NonSeekable(byte[] data) : base(data)
            {
            }

            public override bool CanSeek
            {
                get { return false; }
            }
        }
    }
}
