using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using System.Threading;
using System.Threading.Tasks;

namespace OssgenRuntime
{
    /// <summary>The signature scheme a client signs its requests and presigned URLs with.</summary>
    public enum SignatureVersion
    {
        /// <summary>Signature V4 (OSS4-HMAC-SHA256): signs with the region; the default.</summary>
        V4,

        /// <summary>Signature V1 (HMAC-SHA1), for endpoints or tools that do not take V4.</summary>
        V1,
    }

    /// <summary>
    /// How a client is built. Credentials come from AccessKeyId/AccessKeySecret/SecurityToken, else from the
    /// model's environment variables (README.md names them). Each must be printable ASCII without spaces
    /// or line breaks (a trailing newline is refused with ConfigurationException, which names the setting but
    /// never shows the value); they are never logged nor put in messages, and ToString() leaves them out.
    /// Timeout (per attempt) limits the connection, every idle wait and the answer's arrival; OperationTimeout
    /// (default none) bounds a whole call, retries and backoff included. Clock, Transport and Sleeper are for tests.
    /// </summary>
    public sealed class ClientOptions
    {
        /// <summary>The service's URL (default: the model's endpoint for Region).</summary>
        public string Endpoint { get; set; }

        /// <summary>The region (default: the model's); V4 signs with it.</summary>
        public string Region { get; set; }

        /// <summary>The access key ID (default: from the environment).</summary>
        public string AccessKeyId { get; set; }

        /// <summary>The access key secret (default: from the environment). Never logged nor shown.</summary>
        public string AccessKeySecret { get; set; }

        /// <summary>A temporary credential's security token (default: from the environment; empty for none).</summary>
        public string SecurityToken { get; set; }

        /// <summary>The signature scheme (default: the model's).</summary>
        public SignatureVersion? SignatureVersion { get; set; }

        /// <summary>Per attempt: the connection, every idle wait and the arrival of an answer (default: the model's).</summary>
        public TimeSpan? Timeout { get; set; }

        /// <summary>Bounds a whole call, retries and backoff included (default: none).</summary>
        public TimeSpan? OperationTimeout { get; set; }

        /// <summary>How often one request is sent at most (default: the model's).</summary>
        public int? MaxAttempts { get; set; }

        /// <summary>For tests: sends the requests instead of the client's own HttpClient (the caller disposes it).</summary>
        public ITransport Transport { get; set; }

        /// <summary>For tests: the time requests are signed with (default: DateTime.UtcNow).</summary>
        public Func<DateTime> Clock { get; set; }

        /// <summary>For tests: waits out a backoff delay (default: Task.Delay).</summary>
        public Func<TimeSpan, CancellationToken, Task> Sleeper { get; set; }

        /// <summary>The endpoint, the region and the signature version; never the credentials.</summary>
        public override string ToString()
        {
            return "ClientOptions(endpoint=" + Endpoint + ", region=" + Region + ", signatureVersion=" + SignatureVersion + ")";
        }
    }

    /// <summary>Per-call settings besides the request's members.</summary>
    internal sealed class CallOptions
    {
        /// <summary>An append: the object's CRC-64 before it (0 for a new object), to check the returned one.</summary>
        public ulong? PreviousCrc;
        /// <summary>A read: where the content goes, in blocks, instead of the result's body.</summary>
        public Stream Sink;
        /// <summary>Bounds the whole call, retries and backoff included (null: the client's).</summary>
        public TimeSpan? OperationTimeout;
        internal int? MaxAttempts;
        internal Func<TimeSpan, CancellationToken, Task> Sleeper;
    }

    /// <summary>A request anyone can send until Expiration: Method to Url with Headers and no Authorization.</summary>
    public sealed class PresignedRequest
    {
        /// <summary>The HTTP method to send.</summary>
        public string Method { get; internal set; }

        /// <summary>The presigned URL: the signature is in its query.</summary>
        public string Url { get; internal set; }

        /// <summary>When the URL stops being accepted (UTC).</summary>
        public DateTime Expiration { get; internal set; }

        /// <summary>The headers to send; the signed ones among them must be sent with exactly these values.</summary>
        public Dictionary<string, string> Headers { get; internal set; }
    }

    /// <summary>One call's deadline (OperationTimeout) and whether an attempt may have been applied.</summary>
    internal sealed class Call
    {
        private readonly string name;

        public Call(string name, TimeSpan? limit)
        {
            this.name = name;
            Limit = limit;
            Deadline = limit == null ? (double?)null : Monotonic.Now() + limit.Value.TotalSeconds;
        }

        public TimeSpan? Limit { get; private set; }
        public double? Deadline { get; private set; }
        public bool MaybeApplied;

        /// <summary>Time left (infinite without a deadline); throws TransportTimeoutException when none is.</summary>
        public TimeSpan TimeLeft()
        {
            if (Deadline == null) return TimeSpan.MaxValue;
            double left = Deadline.Value - Monotonic.Now();
            if (left <= 0) throw new TransportTimeoutException(name + ": the operation timeout of " + Limit.Value.TotalSeconds.ToString(CultureInfo.InvariantCulture) + " s passed", MaybeApplied);
            return TimeSpan.FromSeconds(left);
        }

        /// <summary>What a nested call gets as its operation timeout: the time left, or null without a deadline.</summary>
        public TimeSpan? Remaining()
        {
            return Deadline == null ? (TimeSpan?)null : TimeLeft();
        }

        public bool Expired
        {
            get { return Deadline != null && Monotonic.Now() >= Deadline.Value; }
        }
    }

    /// <summary>Where a chunk whose append outcome was unknown stands.</summary>
    internal sealed class Found
    {
        public bool Landed;
        public long ObjectLength;
        public ulong? Expected;
        public bool Verified;
    }

    /// <summary>The object could not be read to settle an unknown outcome (internal: never reaches a caller).</summary>
    internal sealed class ProbeFailedException : Exception
    {
        public ProbeFailedException(SdkException error) : base(error.Message, error)
        {
            Error = error;
        }

        public SdkException Error { get; private set; }
    }

    /// <summary>Passes a download through to the caller's sink (if any), keeping its CRC-64 and size.</summary>
    internal sealed class CrcSink : Stream
    {
        private readonly Stream sink;

        public CrcSink(Stream sink)
        {
            this.sink = sink;
            Crc = new Crc64Digest();
        }

        public Crc64Digest Crc { get; private set; }
        public long Written { get; private set; }

        public override bool CanRead { get { return false; } }
        public override bool CanSeek { get { return false; } }
        public override bool CanWrite { get { return true; } }
        public override long Length { get { return Written; } }
        public override long Position { get { return Written; } set { throw new NotSupportedException(); } }

        public override void Write(byte[] buffer, int offset, int count)
        {
            Crc.Update(buffer, offset, count);
            Written += count;
            if (sink != null) sink.Write(buffer, offset, count);
        }

        public override async Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
        {
            Crc.Update(buffer, offset, count);
            Written += count;
            if (sink != null) await sink.WriteAsync(buffer, offset, count, cancellationToken).ConfigureAwait(false);
        }

        public override void Flush() { if (sink != null) sink.Flush(); }
        public override int Read(byte[] buffer, int offset, int count) { throw new NotSupportedException(); }
        public override long Seek(long offset, SeekOrigin origin) { throw new NotSupportedException(); }
        public override void SetLength(long value) { throw new NotSupportedException(); }
    }

    /// <summary>
    /// The machinery every operation of the generated client goes through: settings and credentials,
    /// validation, the wire form of a request, signing, retries with backoff, a call's deadline, CRC-64 checks,
    /// typed errors, and the safe append (an append whose outcome is unknown is settled by reading the object,
    /// never by blindly sending it again). The generated client derives from it and adds one method per
    /// operation; the model's values come from Protocol, Operations and ServiceErrors.
    /// Dispose it when done: it owns an HttpClient (unless ClientOptions.Transport is given).
    /// </summary>
    public abstract class ClientCore : IDisposable
    {
        private static readonly Random Jitter = new Random();
        private readonly string scheme;
        private readonly string endpointHost;
        private readonly bool pathStyle;
        private readonly string accessKeyId;
        private readonly string accessKeySecret;
        private readonly string securityToken;
        private readonly Func<DateTime> clock;
        private readonly ITransport transport;
        // The HttpClient this client made (null when ClientOptions.Transport is the caller's): Dispose closes it.
        private readonly HttpClientTransport ownTransport;
        private int disposed;
        private readonly Func<TimeSpan, CancellationToken, Task> sleeper;
        private readonly V4KeyCache v4Keys = new V4KeyCache();

        /// <summary>Builds the client from options (null: all defaults); throws ConfigurationException on a setting that cannot be used.</summary>
        protected ClientCore(ClientOptions options)
        {
            if (options == null) options = new ClientOptions();
            Region = string.IsNullOrEmpty(options.Region) ? Protocol.DefaultRegion : options.Region;
            Endpoint = string.IsNullOrEmpty(options.Endpoint) ? Protocol.EndpointTemplate.Replace("{region}", Region) : options.Endpoint;
            Uri uri;
            // Not shown: an endpoint may carry a user name and password.
            if (!Uri.TryCreate(Endpoint, UriKind.Absolute, out uri) || (uri.Scheme != "http" && uri.Scheme != "https") || uri.Host.Length == 0)
            {
                throw new ConfigurationException("endpoint must be an http(s) URL with a host name");
            }
            scheme = uri.Scheme;
            bool explicitPort = Regex.IsMatch(Endpoint, "^https?://[^/]*:[0-9]+");
            endpointHost = explicitPort || !uri.IsDefaultPort ? uri.Host + ":" + uri.Port : uri.Host;
            pathStyle = PathStyle(uri);
            string envId = Environment.GetEnvironmentVariable(Protocol.EnvAccessKeyId);
            string envSecret = Environment.GetEnvironmentVariable(Protocol.EnvAccessKeySecret);
            string keyId = options.AccessKeyId ?? envId;
            string secret = options.AccessKeySecret ?? envSecret;
            if (string.IsNullOrEmpty(keyId) || string.IsNullOrEmpty(secret))
            {
                throw new ConfigurationException("no credentials: set AccessKeyId and AccessKeySecret, or " + Protocol.EnvAccessKeyId + " and " + Protocol.EnvAccessKeySecret);
            }
            accessKeyId = Credential(keyId, options.AccessKeyId == null ? Protocol.EnvAccessKeyId : "AccessKeyId");
            accessKeySecret = Credential(secret, options.AccessKeySecret == null ? Protocol.EnvAccessKeySecret : "AccessKeySecret");
            string token = options.SecurityToken ?? Environment.GetEnvironmentVariable(Protocol.EnvSecurityToken);
            securityToken = string.IsNullOrEmpty(token) ? null : Credential(token, options.SecurityToken == null ? Protocol.EnvSecurityToken : "SecurityToken");
            SignatureVersion = options.SignatureVersion ?? Protocol.DefaultSignatureVersion;
            CheckSignatureVersion(SignatureVersion, "SignatureVersion");
            Timeout = options.Timeout ?? TimeSpan.FromSeconds(Protocol.DefaultTimeoutSeconds);
            if (Timeout <= TimeSpan.Zero) throw new ConfigurationException("Timeout must be positive");
            CheckOperationTimeout(options.OperationTimeout);
            OperationTimeout = options.OperationTimeout;
            MaxAttempts = Math.Max(1, options.MaxAttempts ?? Protocol.MaxAttempts);
            clock = options.Clock ?? (() => DateTime.UtcNow);
            // One HttpClient per client, not one per process: Dispose can then close it, with its connections and
            // timers, which Mono needs gone before the process exits (see HttpClientTransport.FinishesWithin).
            if (options.Transport == null) ownTransport = new HttpClientTransport();
            transport = options.Transport ?? ownTransport;
            sleeper = options.Sleeper ?? ((delay, token2) => Task.Delay(delay, token2));
        }

        /// <summary>
        /// Closes the client's HttpClient and its connections (a Transport given in ClientOptions is left to its
        /// owner). A call made after it throws ObjectDisposedException; disposing twice does nothing.
        /// </summary>
        public void Dispose()
        {
            Dispose(true);
            GC.SuppressFinalize(this);
        }

        /// <summary>Closes the client's own HttpClient once (disposing: false from a finalizer, which has nothing to close).</summary>
        protected virtual void Dispose(bool disposing)
        {
            if (Interlocked.Exchange(ref disposed, 1) != 0) return;
            if (disposing && ownTransport != null) ownTransport.Dispose();
        }

        /// <summary>The longest validity of a URL presigned with V4 (V1 has no limit of its own).</summary>
        public static readonly TimeSpan MaxPresignExpiryV4 = TimeSpan.FromSeconds(Protocol.V4PresignMaxExpiresSeconds);

        /// <summary>The service's URL the client sends to.</summary>
        public string Endpoint { get; private set; }

        /// <summary>The region V4 signs with.</summary>
        public string Region { get; private set; }

        /// <summary>The scheme requests are signed with (presigned URLs: unless the call names another).</summary>
        public SignatureVersion SignatureVersion { get; private set; }

        /// <summary>Per attempt: the connection, every idle wait and the arrival of an answer.</summary>
        public TimeSpan Timeout { get; private set; }

        /// <summary>Bounds a whole call, retries and backoff included (null: none).</summary>
        public TimeSpan? OperationTimeout { get; private set; }

        /// <summary>How often one request is sent at most.</summary>
        public int MaxAttempts { get; private set; }

        /// <summary>Never shows the credentials.</summary>
        public override string ToString()
        {
            return GetType().Name + "(endpoint=" + Endpoint + ", region=" + Region + ", signatureVersion=" + SignatureVersion + ")";
        }

        // An enum holds any int: (SignatureVersion)7 is refused here rather than signed as V1.
        private static void CheckSignatureVersion(SignatureVersion version, string setting)
        {
            if (version != SignatureVersion.V4 && version != SignatureVersion.V1) throw new ConfigurationException(setting + " must be SignatureVersion.V4 or SignatureVersion.V1");
        }

        private static bool PathStyle(Uri uri)
        {
            if (uri.Host == "localhost") return Protocol.PathStyleForLocalhost;
            bool ip = uri.HostNameType == UriHostNameType.IPv4 || uri.HostNameType == UriHostNameType.IPv6;
            return ip && Protocol.PathStyleForIp;
        }

        /// <summary>Credentials are header material: printable ASCII without spaces (0x21-0x7E), nothing else.</summary>
        private static string Credential(string value, string setting)
        {
            if (value.Length > 0 && value.All(c => c >= 0x21 && c <= 0x7E)) return value;
            // The value is never shown, not even in part: it is a secret.
            throw new ConfigurationException(setting + " must be printable ASCII without spaces, line breaks or control characters (check for a trailing newline); its value is not shown");
        }

        private static void CheckOperationTimeout(TimeSpan? limit)
        {
            if (limit != null && limit.Value <= TimeSpan.Zero) throw new ConfigurationException("OperationTimeout must be positive or null");
        }

        // -- one operation -------------------------------------------------------------------------------

        /// <summary>For the generated client: validates, sends (with retries) and decodes one call of spec.</summary>
        internal async Task<Values> InvokeAsync(OperationSpec spec, Values values, CallOptions options, CancellationToken cancellationToken)
        {
            if (Volatile.Read(ref disposed) != 0) throw new ObjectDisposedException(GetType().Name);
            if (options == null) options = new CallOptions();
            TimeSpan? limit = options.OperationTimeout ?? OperationTimeout;
            CheckOperationTimeout(limit);
            var call = new Call(spec.Name, limit);
            MemberSpec bodyMember = spec.BodyInput;
            RequestBody body = bodyMember == null ? null : values.Get(bodyMember.Attr) as RequestBody;
            object[] inputs = spec.InputValues(values);
            Validate.CheckRequest(spec, inputs, body == null ? null : body.Size);
            Parts parts = WireParts(spec, inputs);
            if (securityToken != null) parts.Headers.Add(new KeyValuePair<string, string>(Protocol.SecurityTokenHeader, securityToken));
            int attempts = Math.Max(1, options.MaxAttempts ?? MaxAttempts);
            var pause = options.Sleeper ?? sleeper;
            Func<Crc64Digest, long[], Stream, Task<WireResponse>> exchange = async (crc, counter, download) =>
            {
                // A cancelled call sends nothing more (a transport that ignores the token included).
                cancellationToken.ThrowIfCancellationRequested();
                TimeSpan timeLeft = call.TimeLeft();
                WireRequest http = Build(spec, parts, body, crc, counter);
                http.Deadline = call.Deadline;
                http.ReadsBody = spec.BodyOutput != null;
                http.ResponseSink = download;
                try
                {
                    return await transport.SendAsync(http, timeLeft < Timeout ? timeLeft : Timeout, cancellationToken).ConfigureAwait(false);
                }
                catch (TransportException e)
                {
                    call.MaybeApplied |= e.OutcomeUnknown;
                    throw;
                }
                finally
                {
                    if (http.Body != null) http.Body.Dispose();
                }
            };
            if (spec.Append != null) return await AppendCall(spec, values, body, options.PreviousCrc, call, attempts, exchange, pause, cancellationToken).ConfigureAwait(false);
            return await PlainCall(spec, parts, body, options.Sink, call, attempts, exchange, pause, cancellationToken).ConfigureAwait(false);
        }

        private async Task<Values> PlainCall(OperationSpec spec, Parts parts, RequestBody body, Stream sink, Call call, int attempts, Func<Crc64Digest, long[], Stream, Task<WireResponse>> exchange, Func<TimeSpan, CancellationToken, Task> pause, CancellationToken cancellationToken)
        {
            MemberSpec bodyOut = spec.BodyOutput;
            // A stream that cannot be re-read is sent once.
            if (body != null && !body.Replayable) attempts = 1;
            for (int attempt = 1; ; attempt++)
            {
                var crc = new Crc64Digest();
                CrcSink download = sink == null ? null : new CrcSink(sink);
                WireResponse response;
                try
                {
                    response = await exchange(crc, new long[1], download).ConfigureAwait(false);
                }
                catch (TransportException)
                {
                    // Bytes already written to a caller's sink cannot be taken back: no retry then.
                    if (attempt >= attempts || (download != null && download.Written > 0)) throw;
                    await Backoff(attempt, null, call, pause, cancellationToken).ConfigureAwait(false);
                    continue;
                }
                if (Protocol.RetryableStatuses.Contains(response.Status) && attempt < attempts)
                {
                    call.MaybeApplied = true;
                    await Backoff(attempt, response.Header("retry-after"), call, pause, cancellationToken).ConfigureAwait(false);
                    continue;
                }
                if (response.Status >= 300) throw ServiceError(response); // a 3xx included: redirects are never followed
                return await FinishPlain(spec, response, body, bodyOut, download, crc, parts.Ranged, cancellationToken).ConfigureAwait(false);
            }
        }

        private static async Task<Values> FinishPlain(OperationSpec spec, WireResponse response, RequestBody body, MemberSpec bodyOut, CrcSink download, Crc64Digest crc, bool ranged, CancellationToken cancellationToken)
        {
            Values result = ReadOutputs(spec, response);
            if (bodyOut != null && download != null)
            {
                // A transport that does not stream (a test double) hands the whole body back.
                if (response.Body.Length > 0) await download.WriteAsync(response.Body, 0, response.Body.Length, cancellationToken).ConfigureAwait(false);
                result[bodyOut.Attr] = new byte[0];
            }
            object returned = result.Get(Protocol.CrcAttr);
            if (returned is ulong)
            {
                if (body != null) CheckCrc(crc.Value, (ulong)returned, "after this request");
                // The CRC header describes the whole object, so only a full read can be checked.
                if (bodyOut != null && !ranged && response.Status == 200)
                {
                    ulong downloaded = download != null ? download.Crc.Value : Crc64.Checksum(response.Body);
                    CheckCrc(downloaded, (ulong)returned, "of the downloaded content");
                }
            }
            return result;
        }

        /// <summary>An append, resent only when its chunk is known not to have landed (wire contract, appender step 3).</summary>
        private async Task<Values> AppendCall(OperationSpec spec, Values values, RequestBody body, ulong? previousCrc, Call call, int attempts, Func<Crc64Digest, long[], Stream, Task<WireResponse>> exchange, Func<TimeSpan, CancellationToken, Task> pause, CancellationToken cancellationToken)
        {
            long position = (long)values.Get(spec.Append.Position);
            if (previousCrc == null && position == 0) previousCrc = 0; // before the first append the CRC is known: 0
            bool replayable = body.Replayable && body.Size != null;
            SdkException unknown = null;
            for (int attempt = 1; ; attempt++)
            {
                var crc = new Crc64Digest(previousCrc ?? 0);
                var sent = new long[1];
                SdkException error;
                try
                {
                    WireResponse response = await exchange(crc, sent, null).ConfigureAwait(false);
                    if (response.Status >= 300) throw ServiceError(response);
                    Values result = ReadOutputs(spec, response);
                    CheckAppendAnswer(spec, result, position, sent[0], previousCrc == null ? (ulong?)null : crc.Value);
                    return result;
                }
                catch (ServiceException e)
                {
                    bool resentRefused = unknown != null && e.Code == Protocol.PositionErrorCode;
                    bool retryable = Protocol.RetryableStatuses.Contains(e.Status);
                    if (!retryable && !resentRefused) throw;
                    if (retryable)
                    {
                        if (unknown == null) unknown = e;
                        call.MaybeApplied = true;
                    }
                    error = e;
                }
                catch (TransportException e)
                {
                    if (unknown == null && e.OutcomeUnknown) unknown = e;
                    error = e;
                }
                if (!replayable) throw error; // a stream that cannot be re-read is not resent
                if (unknown != null)
                {
                    Found found;
                    try
                    {
                        ulong? before = previousCrc;
                        found = await LocateAsync(values, position, body.Size.Value, () => CrcsOf(body, before), call, cancellationToken).ConfigureAwait(false);
                    }
                    catch (ProbeFailedException)
                    {
                        if (call.Expired)
                        {
                            call.MaybeApplied = true;
                            call.TimeLeft(); // throws the timeout
                        }
                        throw unknown;
                    }
                    if (found.Landed)
                    {
                        var landed = new Values();
                        landed[spec.Append.NextPosition] = position + body.Size.Value;
                        if (found.Expected != null) landed[spec.Append.Crc] = found.Expected.Value;
                        return landed;
                    }
                    if (found.ObjectLength != position) throw PositionError((string)values.Get(Protocol.AppendKey), found, position, body.Size.Value);
                }
                if (attempt >= attempts) throw unknown ?? error;
                await Backoff(attempt, null, call, pause, cancellationToken).ConfigureAwait(false);
            }
        }

        /// <summary>The body's own CRC-64 and the object's CRC-64 after it (from previousCrc; null when unknown), one pass.</summary>
        internal static KeyValuePair<ulong, ulong?> CrcsOf(RequestBody body, ulong? previousCrc)
        {
            var alone = new Crc64Digest();
            var after = new Crc64Digest(previousCrc ?? 0);
            body.Digest(alone, after);
            return new KeyValuePair<ulong, ulong?>(alone.Value, previousCrc == null ? (ulong?)null : after.Value);
        }

        /// <summary>
        /// Is a chunk of size bytes, appended at position, in the object? (Wire contract, appender step 3.) crcs
        /// gives the chunk's own CRC-64 and the object's expected CRC-64 after it (null when unknown).
        /// </summary>
        internal async Task<Found> LocateAsync(Values values, long position, long size, Func<KeyValuePair<ulong, ulong?>> crcs, Call call, CancellationToken cancellationToken)
        {
            try
            {
                var state = await ProbeAsync((string)values.Get(Protocol.AppendBucket), (string)values.Get(Protocol.AppendKey), call.Remaining(), cancellationToken).ConfigureAwait(false);
                long length = state.Key;
                if (size == 0 && length >= position) return new Found { Landed = true, ObjectLength = length, Verified = true };
                if (length == position) return new Found { Landed = false, ObjectLength = length, Verified = true };
                // Appends are atomic: a shorter object does not hold the chunk.
                if (length < position + size) return new Found { Landed = false, ObjectLength = length, Verified = false };
                var both = crcs();
                if (length == position + size && both.Value != null && state.Value == both.Value)
                {
                    return new Found { Landed = true, ObjectLength = length, Expected = both.Value, Verified = true };
                }
                // The object has grown past the chunk (or its CRC is unknown): read the range back and compare.
                ulong read = await RangeCrcAsync((string)values.Get(Protocol.AppendBucket), (string)values.Get(Protocol.AppendKey), position, size, call, cancellationToken).ConfigureAwait(false);
                return new Found { Landed = read == both.Key, ObjectLength = length, Expected = both.Value, Verified = true };
            }
            catch (SdkException e)
            {
                throw new ProbeFailedException(e);
            }
        }

        /// <summary>The object's length and CRC-64 (a missing object: 0 and 0), from the probe (HEAD); refuses one that is not appendable.</summary>
        internal async Task<KeyValuePair<long, ulong?>> ProbeAsync(string bucket, string key, TimeSpan? operationTimeout, CancellationToken cancellationToken, bool typedRefusal = false)
        {
            var values = new Values();
            values[Protocol.ProbeBucket] = bucket;
            values[Protocol.ProbeKey] = key;
            Values head;
            try
            {
                head = await InvokeAsync(Operations.ByName[Protocol.ProbeOperation], values, new CallOptions { OperationTimeout = operationTimeout }, cancellationToken).ConfigureAwait(false);
            }
            catch (ServiceException e) when (e.Code == Protocol.MissingCode)
            {
                return new KeyValuePair<long, ulong?>(0, 0);
            }
            var objectType = head.Get(Protocol.ProbeObjectType) as string;
            if (objectType != null && objectType != Protocol.Appendable)
            {
                string message = "\"" + key + "\" is a " + objectType + " object, which cannot be appended to";
                if (!typedRefusal) throw new ProtocolException("the object is now a " + objectType + " object");
                throw ServiceErrors.Create(Protocol.NotAppendableCode, message, ServiceErrors.StatusOf(Protocol.NotAppendableCode), head.Get(Protocol.ProbeRequestId) as string, null, null, new Values());
            }
            object length = head.Get(Protocol.ProbeNextPosition) ?? head.Get(Protocol.ProbeLength);
            return new KeyValuePair<long, ulong?>(length == null ? 0 : Convert.ToInt64(length, CultureInfo.InvariantCulture), head.Get(Protocol.ProbeCrc) as ulong?);
        }

        /// <summary>CRC-64 (from 0) of the object's bytes [position, position + size), read with a ranged read.</summary>
        private async Task<ulong> RangeCrcAsync(string bucket, string key, long position, long size, Call call, CancellationToken cancellationToken)
        {
            if (Protocol.ReadOperation.Length == 0) throw new ProtocolException("the model has no ranged read to read an append back");
            var sink = new CrcSink(null);
            var values = new Values();
            values[Protocol.ReadBucket] = bucket;
            values[Protocol.ReadKey] = key;
            values[Protocol.ReadRange] = "bytes=" + position + "-" + (position + size - 1);
            // Strict range behaviour: a range the object no longer covers is an error, never the whole object.
            if (Protocol.RangeStrict.Length > 0) values[Protocol.ReadRangeBehavior] = Protocol.RangeStrict;
            await InvokeAsync(Operations.ByName[Protocol.ReadOperation], values, new CallOptions { Sink = sink, OperationTimeout = call.Remaining() }, cancellationToken).ConfigureAwait(false);
            if (sink.Written != size) throw new ProtocolException("the read-back returned " + sink.Written + " bytes, not " + size);
            return sink.Crc.Value;
        }

        internal static ServiceException PositionError(string key, Found found, long position, long size)
        {
            string message = found.Verified
                ? "this chunk is not in \"" + key + "\": the object is " + found.ObjectLength + " bytes and the bytes at " + position + " were read back and are not this chunk (verified absent); another writer appended first"
                : "another writer changed \"" + key + "\": its length is " + found.ObjectLength + ", expected " + position + " or " + (position + size);
            var fields = new Values();
            fields[Protocol.PositionErrorField] = found.ObjectLength;
            return ServiceErrors.Create(Protocol.PositionErrorCode, message, ServiceErrors.StatusOf(Protocol.PositionErrorCode), null, null, null, fields);
        }

        /// <summary>Backs off before a retry, never past the call's deadline.</summary>
        private static async Task Backoff(int attempt, string retryAfter, Call call, Func<TimeSpan, CancellationToken, Task> pause, CancellationToken cancellationToken)
        {
            double delay;
            long seconds;
            if (Protocol.HonorRetryAfter && retryAfter != null && Regex.IsMatch(retryAfter, "^[0-9]{1,9}$") && long.TryParse(retryAfter, out seconds))
            {
                delay = Math.Min(seconds, Protocol.MaxDelaySeconds);
            }
            else
            {
                double jitter;
                lock (Jitter) jitter = Jitter.NextDouble();
                delay = Math.Min(Protocol.MaxDelaySeconds, Protocol.BaseDelaySeconds * Math.Pow(2, attempt - 1)) * (0.5 + jitter / 2);
            }
            if (call.Deadline != null) delay = Math.Min(delay, Math.Max(0, call.Deadline.Value - Monotonic.Now()));
            await pause(TimeSpan.FromSeconds(delay), cancellationToken).ConfigureAwait(false);
        }

        // -- the wire ------------------------------------------------------------------------------------

        private sealed class Parts
        {
            public string Bucket = "";
            public string Key = "";
            public List<KeyValuePair<string, string>> Query = new List<KeyValuePair<string, string>>();
            public List<KeyValuePair<string, string>> Headers = new List<KeyValuePair<string, string>>();
            public bool Ranged;
        }

        private static string WireValue(object value)
        {
            if (value is bool) return (bool)value ? "true" : "false";
            return Convert.ToString(value, CultureInfo.InvariantCulture);
        }

        /// <summary>A request's bucket, key, query, headers, and whether it asks for a byte range.</summary>
        private static Parts WireParts(OperationSpec spec, object[] inputs)
        {
            var parts = new Parts();
            foreach (string flag in spec.Flags) parts.Query.Add(new KeyValuePair<string, string>(flag, null));
            for (int i = 0; i < spec.Inputs.Length; i++)
            {
                MemberSpec member = spec.Inputs[i];
                object value = inputs[i];
                if (value == null) continue;
                switch (member.Location)
                {
                    case "host": parts.Bucket = WireValue(value); break;
                    case "path": parts.Key = WireValue(value); break;
                    case "query": parts.Query.Add(new KeyValuePair<string, string>(member.Wire, WireValue(value))); break;
                    case "header":
                        parts.Headers.Add(new KeyValuePair<string, string>(member.Wire, WireValue(value)));
                        parts.Ranged |= member.Format == "byte-range";
                        break;
                    case "header-map":
                        foreach (var entry in ((IDictionary<string, string>)value).OrderBy(e => e.Key, StringComparer.Ordinal))
                        {
                            parts.Headers.Add(new KeyValuePair<string, string>(member.Wire + entry.Key.ToLowerInvariant(), entry.Value));
                        }
                        break;
                }
            }
            return parts;
        }

        private void HostAndPath(string bucket, string key, out string host, out string path)
        {
            if (pathStyle)
            {
                host = endpointHost;
                path = Signer.UriEncode("/" + bucket + "/" + key, true);
            }
            else
            {
                host = bucket + "." + endpointHost;
                path = Signer.UriEncode("/" + key, true);
            }
        }

        private WireRequest Build(OperationSpec spec, Parts parts, RequestBody body, Crc64Digest crc, long[] counter)
        {
            string host, path;
            HostAndPath(parts.Bucket, parts.Key, out host, out path);
            // The query is encoded once, for the signature and the request line alike.
            string query = Signer.EncodeQuery(parts.Query);
            var signing = new SigningRequest { Method = spec.Method, Bucket = parts.Bucket, Key = parts.Key, Query = parts.Query, EncodedQuery = query };
            DateTime now = clock();
            List<KeyValuePair<string, string>> headers = SignatureVersion == SignatureVersion.V4
                ? Signer.SignV4(signing, parts.Headers, accessKeyId, accessKeySecret, Region, now, v4Keys)
                : Signer.SignV1(signing, parts.Headers, accessKeyId, accessKeySecret, now);
            return new WireRequest
            {
                Method = spec.Method,
                Scheme = scheme,
                Host = host,
                Path = path,
                Query = query,
                Headers = headers,
                Body = body == null ? null : new TrackingStream(body.Open(), crc, counter, () => { }),
                ContentLength = body == null ? null : body.Size,
            };
        }

        // -- answers -------------------------------------------------------------------------------------

        /// <summary>
        /// A header's value as its member's type. Integers are plain non-negative decimals within 64 bits:
        /// anything else is a FormatException, never 0.
        /// </summary>
        internal static object ConvertValue(string type, string text)
        {
            if (type == "int64" || type == "uint64")
            {
                string digits = text.Trim();
                if (!PlainDecimal(digits)) throw new FormatException("not a decimal integer");
                // Summed here rather than by ulong.TryParse (its number-format machinery costs more than the answer's other
                // checks, on every append, issue #21): at most 20 digits, so one overflow check per digit is enough.
                ulong u = 0;
                foreach (char c in digits)
                {
                    ulong next = u * 10 + (ulong)(c - '0');
                    if (u > ulong.MaxValue / 10 || next < u * 10) throw new FormatException("out of range");
                    u = next;
                }
                if (type == "int64")
                {
                    if (u > long.MaxValue) throw new FormatException("out of range");
                    return (long)u;
                }
                return u;
            }
            if (type == "boolean") return string.Equals(text, "true", StringComparison.OrdinalIgnoreCase);
            return text;
        }

        /// <summary>1 to 20 ASCII digits and nothing else (a loop: Regex.IsMatch costs microseconds on every answer).</summary>
        private static bool PlainDecimal(string text)
        {
            if (text.Length < 1 || text.Length > 20) return false;
            foreach (char c in text)
            {
                if (c < '0' || c > '9') return false;
            }
            return true;
        }

        private static string Shown(string text)
        {
            return "\"" + (text.Length <= 40 ? text : text.Substring(0, 40) + "...") + "\"";
        }

        private static Values ReadOutputs(OperationSpec spec, WireResponse response)
        {
            var result = new Values();
            foreach (MemberSpec member in spec.Outputs)
            {
                switch (member.Location)
                {
                    case "body":
                        result[member.Attr] = response.Body;
                        break;
                    case "header-map":
                        string prefix = member.Wire.ToLowerInvariant();
                        var map = new SortedDictionary<string, string>(StringComparer.Ordinal);
                        foreach (var h in response.Headers)
                        {
                            if (h.Key.StartsWith(prefix, StringComparison.Ordinal)) map[h.Key.Substring(prefix.Length)] = h.Value;
                        }
                        result[member.Attr] = new Dictionary<string, string>(map);
                        break;
                    case "header":
                        string text = response.Header(member.Wire);
                        if (text == null)
                        {
                            if (member.Required) throw new ProtocolException(spec.Name + ": the answer lacks the " + member.Wire + " header");
                            continue;
                        }
                        try
                        {
                            result[member.Attr] = ConvertValue(member.Type, text);
                        }
                        catch (FormatException)
                        {
                            throw new ProtocolException(spec.Name + ": the " + member.Wire + " header is not a " + member.Type + ": " + Shown(text));
                        }
                        break;
                }
            }
            return result;
        }

        private static void CheckCrc(ulong expected, ulong actual, string what)
        {
            if (expected == actual) return;
            throw new IntegrityException("CRC-64 mismatch " + what + ": computed " + expected + ", the service returned " + actual, expected, actual);
        }

        /// <summary>An append's 2xx is believed only as far as it is consistent (else ProtocolException; it may have been applied).</summary>
        private static void CheckAppendAnswer(OperationSpec spec, Values result, long position, long sent, ulong? expectedCrc)
        {
            object next = result.Get(spec.Append.NextPosition);
            if (!(next is long)) throw new ProtocolException(spec.Name + ": the answer has no next position");
            if ((long)next != position + sent)
            {
                throw new ProtocolException(spec.Name + ": the answer's next position is " + next + ", not " + position + " + " + sent + " bytes sent = " + (position + sent) + "; the append may have been applied");
            }
            object returned = result.Get(spec.Append.Crc);
            if (!(returned is ulong)) throw new ProtocolException(spec.Name + ": the answer lacks the " + Protocol.CrcHeader + " header; the append may have been applied");
            if (expectedCrc != null) CheckCrc(expectedCrc.Value, (ulong)returned, "after this request");
        }

        private static ServiceException ServiceError(WireResponse response)
        {
            bool bodyless;
            Dictionary<string, string> document = ErrorXml.Document(response, out bodyless);
            string code;
            if (!document.TryGetValue(Protocol.ErrorCodeElement, out code))
            {
                // The status names a code only for a body-less answer, and only when one modelled error has it.
                string byStatus;
                code = bodyless && Protocol.CodeByStatus.TryGetValue(response.Status, out byStatus) ? byStatus : "";
            }
            var extra = new Values();
            ErrorFieldSpec[] fields;
            if (ServiceErrors.Fields.TryGetValue(code, out fields))
            {
                foreach (ErrorFieldSpec field in fields)
                {
                    string text = null;
                    if (field.Header != null) text = response.Header(field.Header);
                    else if (field.Element != null) document.TryGetValue(field.Element, out text);
                    if (text == null) continue;
                    try
                    {
                        extra[field.Attr] = ConvertValue(field.Type, text);
                    }
                    catch (FormatException)
                    {
                        // A field that does not parse is left out, never read as 0.
                    }
                }
            }
            string message, requestId, hostId, ec;
            if (!document.TryGetValue(Protocol.ErrorMessageElement, out message)) message = FallbackMessage(response, code, bodyless);
            if (!document.TryGetValue(Protocol.ErrorRequestIdElement, out requestId)) requestId = response.Header(Protocol.RequestIdHeader);
            document.TryGetValue(Protocol.ErrorHostIdElement, out hostId);
            if (!document.TryGetValue(Protocol.ErrorEcElement, out ec)) ec = Protocol.ErrorCodeHeader.Length == 0 ? null : response.Header(Protocol.ErrorCodeHeader);
            return ServiceErrors.Create(code, message, response.Status, requestId, hostId, ec, extra);
        }

        private static string FallbackMessage(WireResponse response, string code, bool bodyless)
        {
            if (response.Status >= 300 && response.Status < 400) return "a redirect, which is never followed";
            if (code.Length > 0) return ServiceErrors.MessageOf(code);
            if (bodyless) return "no error body";
            return "the body is not an <" + Protocol.ErrorRoot + "> document";
        }

        // -- presigned URLs ------------------------------------------------------------------------------

        /// <summary>For the generated client: a presigned request for one call of spec.</summary>
        internal PresignedRequest Presign(OperationSpec spec, Values values, TimeSpan expiresIn, SignatureVersion? signatureVersion, IEnumerable<string> additionalHeaders)
        {
            SignatureVersion version = signatureVersion ?? SignatureVersion;
            CheckSignatureVersion(version, "signatureVersion");
            long? limit = version == SignatureVersion.V4 ? Protocol.V4PresignMaxExpiresSeconds : (long?)null;
            // The signature carries whole seconds: a fraction would be cut off silently, so it is refused.
            if (expiresIn.Ticks % TimeSpan.TicksPerSecond != 0 || expiresIn < TimeSpan.FromSeconds(1) || (limit != null && expiresIn.TotalSeconds > limit.Value))
            {
                throw new RequestValidationException("expiresIn must be a whole number of seconds from 1" + (limit != null ? " to " + limit : ""), Protocol.InvalidArgument, "expiresIn");
            }
            long expiresSeconds = expiresIn.Ticks / TimeSpan.TicksPerSecond;
            // The body does not travel with the URL: it is neither checked nor signed.
            Validate.CheckRequest(spec.WithoutBodyInput(), values, null);
            Parts parts = WireParts(spec, spec.InputValues(values));
            DateTime now = clock();
            string host, path;
            HostAndPath(parts.Bucket, parts.Key, out host, out path);
            var signing = new SigningRequest { Method = spec.Method, Bucket = parts.Bucket, Key = parts.Key, Query = parts.Query };
            List<KeyValuePair<string, string>> added = version == SignatureVersion.V4
                ? Signer.PresignV4(signing, parts.Headers, accessKeyId, accessKeySecret, securityToken, Region, now, expiresSeconds, additionalHeaders, host)
                : Signer.PresignV1(signing, parts.Headers, accessKeyId, accessKeySecret, securityToken, now, expiresSeconds);
            var query = new List<KeyValuePair<string, string>>(parts.Query);
            query.AddRange(added);
            var headers = new Dictionary<string, string>();
            foreach (var h in parts.Headers) headers[h.Key] = h.Value;
            long unix = (long)(now.ToUniversalTime() - new DateTime(1970, 1, 1, 0, 0, 0, DateTimeKind.Utc)).TotalSeconds;
            return new PresignedRequest
            {
                Method = spec.Method,
                Url = scheme + "://" + host + path + "?" + Signer.EncodeQuery(query),
                Expiration = new DateTime(1970, 1, 1, 0, 0, 0, DateTimeKind.Utc).AddSeconds(unix + expiresSeconds),
                Headers = headers,
            };
        }
    }
}
