using System;
using System.Collections.Generic;
using System.Text;
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
        }

        [Test]
        public void DatesAreInvariantAndUtc()
        {
            var moment = new DateTime(2026, 10, 21, 7, 28, 0, DateTimeKind.Utc);
            Assert.AreEqual("20261021T072800Z", Signer.V4Stamp(moment));
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
            Validate.CheckMember(bucket, "examplebucket");
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
        public void ExceptionsNeverShowCredentials()
        {
            var e = Assert.Throws<ConfigurationException>(() => new TestClient(new ClientOptions { Endpoint = "http://127.0.0.1:1", AccessKeyId = "id", AccessKeySecret = "s3cr3t value" }));
            StringAssert.DoesNotContain("s3cr3t", e.Message);
            var client = new TestClient(new ClientOptions { Endpoint = "http://127.0.0.1:1", AccessKeyId = "the-id", AccessKeySecret = "the-secret" });
            StringAssert.DoesNotContain("the-secret", client.ToString());
        }

        private sealed class TestClient : ClientCore
        {
            public TestClient(ClientOptions options) : base(options)
            {
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
