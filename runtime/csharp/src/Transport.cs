using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Net;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Threading;
using System.Threading.Tasks;

namespace OssgenRuntime
{
    /// <summary>Monotonic seconds, for deadlines (never the wall clock, which can jump).</summary>
    public static class Monotonic
    {
        private static readonly Stopwatch Watch = Stopwatch.StartNew();

        /// <summary>Seconds since an arbitrary start, monotonic.</summary>
        public static double Now()
        {
            return Watch.Elapsed.TotalSeconds;
        }
    }

    /// <summary>
    /// One request exactly as it goes on the wire. Query is encoded, without the '?'; Body a stream (null: none)
    /// with ContentLength (null with a body: chunked transfer encoding); ResponseSink receives a 2xx body in
    /// blocks instead of the response holding it; Deadline a Monotonic value by which the whole exchange must
    /// be over; ReadsBody false when the operation returns no content (a 2xx body is then read like an error
    /// body: bounded).
    /// </summary>
    public sealed class WireRequest
    {
        /// <summary>The HTTP method.</summary>
        public string Method;
        /// <summary>http or https.</summary>
        public string Scheme;
        /// <summary>The Host header's value (with a port when not the default).</summary>
        public string Host;
        /// <summary>The encoded path, from '/'.</summary>
        public string Path;
        /// <summary>The encoded query, without the '?' (empty: none).</summary>
        public string Query;
        /// <summary>The headers, signed ones included, in the order sent.</summary>
        public List<KeyValuePair<string, string>> Headers = new List<KeyValuePair<string, string>>();
        /// <summary>The body (null: none).</summary>
        public Stream Body;
        /// <summary>The body's length (null: sent chunked).</summary>
        public long? ContentLength;
        /// <summary>Where a 2xx body goes in blocks (null: into WireResponse.Body).</summary>
        public Stream ResponseSink;
        /// <summary>The Monotonic time the call must be over by (null: none).</summary>
        public double? Deadline;
        /// <summary>False when the operation returns no content: a 2xx body is then read like an error body, bounded.</summary>
        public bool ReadsBody = true;

        /// <summary>The path and the query, as on the request line.</summary>
        public string Target
        {
            get { return string.IsNullOrEmpty(Query) ? Path : Path + "?" + Query; }
        }

        /// <summary>The value of a header (case-insensitive; null: absent).</summary>
        public string Header(string name)
        {
            foreach (var h in Headers)
            {
                if (string.Equals(h.Key, name, StringComparison.OrdinalIgnoreCase)) return h.Value;
            }
            return null;
        }
    }

    /// <summary>
    /// Header names compared as StringComparer.OrdinalIgnoreCase does, hashed without its cost: on Mono its hash makes an
    /// upper-case copy of the name and hashes that (issue #21: an answer's headers are stored and looked up ~12 times per
    /// append). An ASCII name (every HTTP header name is one) is hashed over its ASCII-upper-cased characters; any other
    /// through OrdinalIgnoreCase's own hash. Both stay consistent with Equals because no non-ASCII character equals an
    /// ASCII one under OrdinalIgnoreCase: then an ASCII name and a non-ASCII one are never equal (RuntimeTests checks
    /// every character on the runtime it runs on).
    /// </summary>
    internal sealed class HeaderNameComparer : IEqualityComparer<string>
    {
        /// <summary>The one instance.</summary>
        public static readonly HeaderNameComparer Instance = new HeaderNameComparer();

        /// <inheritdoc />
        public bool Equals(string x, string y)
        {
            return string.Equals(x, y, StringComparison.OrdinalIgnoreCase);
        }

        /// <inheritdoc />
        public int GetHashCode(string name)
        {
            if (name == null) throw new ArgumentNullException("name");
            uint hash = 2166136261;
            foreach (char c in name)
            {
                if (c >= 0x80) return StringComparer.OrdinalIgnoreCase.GetHashCode(name);
                hash = (hash ^ (c >= 'a' && c <= 'z' ? (uint)(c - 32) : c)) * 16777619;
            }
            return (int)hash;
        }

        /// <summary>name in lower case: the same string when it already is (HttpClient gives names as received: most have capitals).</summary>
        public static string Lower(string name)
        {
            foreach (char c in name)
            {
                if ((c >= 'A' && c <= 'Z') || c >= 0x80) return name.ToLowerInvariant();
            }
            return name;
        }
    }

    /// <summary>A response with lower-cased header names and the body (at most MaxErrorBodyBytes of an error body).</summary>
    public sealed class WireResponse
    {
        private Dictionary<string, string> headers;
        // The default transport's answers: the headers as HttpClient holds them, copied into Headers only when that is read.
        private readonly HttpHeaders answerHeaders;
        private readonly HttpHeaders answerContentHeaders;

        /// <summary>An answer; header names are lower-cased.</summary>
        public WireResponse(int status, IDictionary<string, string> headers, byte[] body)
        {
            Status = status;
            this.headers = new Dictionary<string, string>(HeaderNameComparer.Instance);
            if (headers != null)
            {
                foreach (var h in headers) this.headers[HeaderNameComparer.Lower(h.Key)] = h.Value;
            }
            Body = body ?? new byte[0];
        }

        /// <summary>An answer whose headers stay in HttpClient's collections (contentHeaders may be null).</summary>
        private WireResponse(int status, HttpHeaders answerHeaders, HttpHeaders answerContentHeaders, byte[] body)
        {
            Status = status;
            this.answerHeaders = answerHeaders;
            this.answerContentHeaders = answerContentHeaders;
            Body = body;
        }

        /// <summary>
        /// The default transport's answers. Their headers are not copied up front: enumerating HttpHeaders parses every
        /// known header (Date into a DateTimeOffset and back to text) and each name was lower-cased into a dictionary,
        /// while an append reads only its few output headers (issue #21). Header() asks the collections by name;
        /// Headers is built from them on first use, as it was before.
        /// </summary>
        internal static WireResponse FromHttp(int status, HttpHeaders answerHeaders, HttpHeaders answerContentHeaders, byte[] body)
        {
            return new WireResponse(status, answerHeaders, answerContentHeaders, body);
        }

        /// <summary>The HTTP status.</summary>
        public int Status { get; private set; }

        /// <summary>The headers by lower-case name.</summary>
        public Dictionary<string, string> Headers
        {
            get
            {
                if (headers == null)
                {
                    var all = new Dictionary<string, string>(HeaderNameComparer.Instance);
                    foreach (var h in answerHeaders) all[HeaderNameComparer.Lower(h.Key)] = Joined(h.Value);
                    if (answerContentHeaders != null)
                    {
                        foreach (var h in answerContentHeaders) all[HeaderNameComparer.Lower(h.Key)] = Joined(h.Value);
                    }
                    headers = all;
                }
                return headers;
            }
        }

        /// <summary>The body (empty when streamed to WireRequest.ResponseSink or absent).</summary>
        public byte[] Body { get; private set; }

        /// <summary>The value of a header (case-insensitive; null: absent).</summary>
        public string Header(string name)
        {
            string value;
            if (headers != null || answerHeaders == null) return headers.TryGetValue(name, out value) ? value : null;
            IEnumerable<string> values;
            // A name that is not the collection's kind (Content-Type asked of the answer's headers) or not a token is absent there.
            if (answerHeaders.TryGetValues(name, out values)) return Joined(values);
            if (answerContentHeaders != null && answerContentHeaders.TryGetValues(name, out values)) return Joined(values);
            return null;
        }

        /// <summary>A header's values as one, comma-separated (a single value as it is: string.Join on an IEnumerable allocates).</summary>
        internal static string Joined(IEnumerable<string> values)
        {
            var array = values as string[];
            if (array != null && array.Length == 1) return array[0];
            return string.Join(", ", values);
        }
    }

    /// <summary>Sends one request. timeout limits the connection, every idle wait and the answer's arrival.</summary>
    public interface ITransport
    {
        /// <summary>Sends request; timeout limits the connection, every idle wait and the answer's arrival. Throws TransportException when no answer came.</summary>
        Task<WireResponse> SendAsync(WireRequest request, TimeSpan timeout, CancellationToken cancellationToken);
    }

    /// <summary>
    /// The default transport: System.Net.Http's HttpClient (one per transport, connections reused), bodies
    /// streamed both ways, redirects never followed, no compression (the CRC-64 describes the stored bytes),
    /// no retry of its own. An idle limit (no byte sent or received for timeout) and the request's deadline
    /// end the exchange; an error answer must arrive in full within timeout of the request being sent.
    /// </summary>
    public sealed class HttpClientTransport : ITransport, IDisposable
    {
        /// <summary>The most of an error body that is read (the rest is dropped).</summary>
        public const int MaxErrorBodyBytes = 64 * 1024;

        private readonly HttpClient client;
        // The size request bodies are written in, learned from how long the last blocks took (see BodyContent).
        private int writeBlock = RequestBody.BlockSize;

        /// <summary>The size to write the next block of a request body in.</summary>
        internal int WriteBlock
        {
            get { return Volatile.Read(ref writeBlock); }
        }

        /// <summary>
        /// A full block of size bytes took seconds to write: double the size while a block takes under 1/32 of the idle
        /// limit, halve it when one takes over 1/8, so that every write ends well within the limit.
        /// </summary>
        internal void Learn(int size, double seconds, TimeSpan timeout)
        {
            if (seconds < timeout.TotalSeconds / 32)
            {
                if (size < BodyContent.MaxBlock) Volatile.Write(ref writeBlock, Math.Min(BodyContent.MaxBlock, size * 2));
            }
            else if (seconds > timeout.TotalSeconds / 8 && size > RequestBody.BlockSize)
            {
                Volatile.Write(ref writeBlock, Math.Max(RequestBody.BlockSize, size / 2));
            }
        }

        /// <summary>A transport over its own handler: no redirects, no cookies, no decompression.</summary>
        public HttpClientTransport() : this(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = false, AutomaticDecompression = DecompressionMethods.None })
        {
        }

        /// <summary>A transport over a handler of the caller's (proxies, certificates); it must not follow redirects.</summary>
        public HttpClientTransport(HttpMessageHandler handler)
        {
            client = new HttpClient(handler, true) { Timeout = System.Threading.Timeout.InfiniteTimeSpan };
        }

        /// <summary>Closes the HttpClient and its connections.</summary>
        public void Dispose()
        {
            client.Dispose();
        }

        private static string Where(WireRequest request)
        {
            return request.Method + " " + request.Host + request.Path;
        }

        private static TimeSpan Left(double? deadline, TimeSpan timeout, double since)
        {
            double left = timeout.TotalSeconds - (Monotonic.Now() - since);
            if (deadline != null) left = Math.Min(left, deadline.Value - Monotonic.Now());
            return left <= 0 ? TimeSpan.Zero : TimeSpan.FromSeconds(left);
        }

        /// <summary>
        /// System.Uri removes "." and ".." path segments (RFC 3986), percent-encoded ones included (Mono decodes %2E
        /// first), so an object key holding one cannot be sent through HttpClient as it is: the request would name
        /// another object (and fail its signature). Refused before anything is sent, rather than sent wrong.
        /// </summary>
        internal static void CheckSendable(WireRequest request)
        {
            // Segment by segment without Split (an array and a string per segment on every request, issue #21).
            string path = request.Path;
            for (int start = 0; start <= path.Length;)
            {
                int end = path.IndexOf('/', start);
                if (end < 0) end = path.Length;
                int length = end - start;
                start = end + 1;
                if ((length == 1 || length == 2) && path[end - 1] == '.' && path[end - length] == '.')
                {
                    throw new RequestValidationException("an object key with a \".\" or \"..\" path segment cannot be sent through System.Net.Http (System.Uri removes the segment); use another key or a transport of your own", Protocol.KeyError, null);
                }
            }
        }

        /// <summary>HttpClient's own instance for a standard method (the handler recognizes those without comparing text).</summary>
        private static HttpMethod Method(string name)
        {
            switch (name)
            {
                case "GET": return HttpMethod.Get;
                case "HEAD": return HttpMethod.Head;
                case "POST": return HttpMethod.Post;
                case "PUT": return HttpMethod.Put;
                case "DELETE": return HttpMethod.Delete;
                default: return new HttpMethod(name);
            }
        }

        private HttpRequestMessage Build(WireRequest request, long[] activity, TimeSpan timeout)
        {
            CheckSendable(request);
            var message = new HttpRequestMessage(Method(request.Method), new Uri(request.Scheme + "://" + request.Host + request.Target));
            message.Headers.ExpectContinue = false;
            message.Headers.TryAddWithoutValidation("Accept-Encoding", "identity");
            if (request.Body != null)
            {
                var content = new BodyContent(request.Body, request.ContentLength, activity, this, timeout);
                if (request.ContentLength != null) content.Headers.ContentLength = request.ContentLength;
                else message.Headers.TransferEncodingChunked = true;
                message.Content = content;
            }
            else if (request.Method == "POST" || request.Method == "PUT")
            {
                message.Content = new ByteArrayContent(new byte[0]);
            }
            foreach (var h in request.Headers)
            {
                if (message.Headers.TryAddWithoutValidation(h.Key, h.Value)) continue;
                // Content-Type, Content-MD5, Expires...: HttpClient keeps these on the content.
                if (message.Content == null) message.Content = new ByteArrayContent(new byte[0]);
                message.Content.Headers.TryAddWithoutValidation(h.Key, h.Value);
            }
            return message;
        }

        /// <inheritdoc />
        public async Task<WireResponse> SendAsync(WireRequest request, TimeSpan timeout, CancellationToken cancellationToken)
        {
            var activity = new long[] { Stopwatch.GetTimestamp() };
            double started = Monotonic.Now();
            // Linked only to a token that can be cancelled: linking registers with it, and most calls pass none.
            using (var cts = cancellationToken.CanBeCanceled ? CancellationTokenSource.CreateLinkedTokenSource(cancellationToken) : new CancellationTokenSource())
            using (HttpRequestMessage message = Build(request, activity, timeout))
            {
                HttpResponseMessage response = null;
                try
                {
                    Task<HttpResponseMessage> send = client.SendAsync(message, HttpCompletionOption.ResponseHeadersRead, cts.Token);
                    // Idle limit while the request is written: each block of the body read for sending is activity.
                    while (true)
                    {
                        double idle = (Stopwatch.GetTimestamp() - activity[0]) / (double)Stopwatch.Frequency;
                        TimeSpan wait = TimeSpan.FromSeconds(Math.Max(0, timeout.TotalSeconds - idle));
                        if (request.Deadline != null) wait = TimeSpan.FromSeconds(Math.Max(0, Math.Min(wait.TotalSeconds, request.Deadline.Value - Monotonic.Now())));
                        if (wait > TimeSpan.FromMilliseconds(250)) wait = TimeSpan.FromMilliseconds(250);
                        if (await FinishesWithin(send, wait).ConfigureAwait(false)) break;
                        idle = (Stopwatch.GetTimestamp() - activity[0]) / (double)Stopwatch.Frequency;
                        if (idle >= timeout.TotalSeconds || (request.Deadline != null && Monotonic.Now() >= request.Deadline.Value))
                        {
                            cts.Cancel();
                            Observe(send);
                            throw new TransportTimeoutException(Where(request) + ": no answer in time", true);
                        }
                    }
                    response = await send.ConfigureAwait(false);
                    return await Receive(request, response, timeout, started, cts).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
                {
                    throw;
                }
                catch (OperationCanceledException e)
                {
                    throw new TransportTimeoutException(Where(request) + ": no answer in time (" + e.GetType().Name + ")", true);
                }
                catch (HttpRequestException e)
                {
                    throw new TransportException(Where(request) + " failed: " + Describe(e), !NeverConnected(e), e);
                }
                catch (Exception e) when (e is IOException || e is WebException || e is SocketException || e is ObjectDisposedException || e is InvalidOperationException)
                {
                    throw new TransportException(Where(request) + " failed: " + Describe(e), true, e);
                }
                finally
                {
                    if (response != null) response.Dispose();
                }
            }
        }

        /// <summary>
        /// Whether task ends within wait. The timer is disposed as soon as task ends (or when it fires): a timer left to
        /// run keeps a System.Threading.Timer alive for up to the whole timeout after the call, and Mono (before 6.12) can
        /// die at exit when it aborts its timer thread while that thread is sorting live timers (mono/mono#15418:
        /// "FATAL UNHANDLED EXCEPTION: InvalidOperationException: Failed to compare two elements in the array").
        /// One Timer and one continuation, not Task.Delay with a CancellationTokenSource and Task.WhenAny: those cost
        /// about 8 us more per wait on Mono, and every request waits once (issue #21).
        /// </summary>
        internal static Task<bool> FinishesWithin(Task task, TimeSpan wait)
        {
            if (task.IsCompleted) return Task.FromResult(true);
            var race = new WaitRace();
            race.Timer = new Timer(state => ((WaitRace)state).End(false), race, wait, System.Threading.Timeout.InfiniteTimeSpan);
            // The timer may have fired before it was stored (End then had none to dispose).
            if (race.Result.Task.IsCompleted) race.Timer.Dispose();
            task.ContinueWith((ended, state) => ((WaitRace)state).End(true), race, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
            return race.Result.Task;
        }

        /// <summary>FinishesWithin's race: the first End decides; either end disposes the timer.</summary>
        private sealed class WaitRace
        {
            public readonly TaskCompletionSource<bool> Result = new TaskCompletionSource<bool>();
            public Timer Timer;

            public void End(bool finished)
            {
                Result.TrySetResult(finished);
                Timer timer = Volatile.Read(ref Timer);
                if (timer != null) timer.Dispose();
            }
        }

        private static void Observe(Task task)
        {
            task.ContinueWith(t => { var ignored = t.Exception; }, TaskContinuationOptions.OnlyOnFaulted);
        }

        /// <summary>The exception's kind and its causes' kinds; never a header or a body.</summary>
        private static string Describe(Exception e)
        {
            string text = e.GetType().Name;
            for (Exception inner = e.InnerException; inner != null; inner = inner.InnerException)
            {
                text += " <- " + inner.GetType().Name;
                var web = inner as WebException;
                if (web != null) text += "(" + web.Status + ")";
                var socket = inner as SocketException;
                if (socket != null) text += "(" + socket.SocketErrorCode + ")";
            }
            return text;
        }

        /// <summary>True when the failure happened before any byte could reach the server (refused, no such host).</summary>
        private static bool NeverConnected(Exception e)
        {
            for (Exception inner = e; inner != null; inner = inner.InnerException)
            {
                var web = inner as WebException;
                if (web != null && (web.Status == WebExceptionStatus.ConnectFailure || web.Status == WebExceptionStatus.NameResolutionFailure)) return true;
                var socket = inner as SocketException;
                if (socket != null && (socket.SocketErrorCode == SocketError.ConnectionRefused || socket.SocketErrorCode == SocketError.HostNotFound)) return true;
            }
            return false;
        }

        private static async Task<WireResponse> Receive(WireRequest request, HttpResponseMessage response, TimeSpan timeout, double started, CancellationTokenSource cts)
        {
            int status = (int)response.StatusCode;
            bool success = status >= 200 && status < 300 && request.ReadsBody;
            byte[] body = new byte[0];
            // A declared empty body (an append's answer) has nothing to read: no stream, buffer nor read per request.
            if (response.Content != null && request.Method != "HEAD" && response.Content.Headers.ContentLength != 0)
            {
                using (Stream stream = await response.Content.ReadAsStreamAsync().ConfigureAwait(false))
                {
                    body = await ReadBody(request, stream, success ? -1 : MaxErrorBodyBytes, success ? request.ResponseSink : null, timeout, success ? (double?)null : started, cts).ConfigureAwait(false);
                }
            }
            return WireResponse.FromHttp(status, response.Headers, response.Content == null ? null : response.Content.Headers, body);
        }

        /// <summary>
        /// Reads at most limit bytes (-1: all) into memory, or everything into sink. A success body streams under the
        /// idle limit (and the call's deadline) only; an error body must be complete within timeout of answerStart.
        /// </summary>
        private static async Task<byte[]> ReadBody(WireRequest request, Stream stream, int limit, Stream sink, TimeSpan timeout, double? answerStart, CancellationTokenSource cts)
        {
            var memory = new MemoryStream();
            // A small buffer unless the body streams to a sink: an append's answer is empty or a short error document,
            // and on Mono an array over 8000 bytes is a large object (a costly allocation on every request).
            var buffer = new byte[sink != null ? RequestBody.BlockSize : 4096];
            while (limit < 0 || memory.Length < limit)
            {
                TimeSpan wait = timeout;
                if (answerStart != null) wait = Left(null, timeout, answerStart.Value);
                if (request.Deadline != null) wait = TimeSpan.FromSeconds(Math.Max(0, Math.Min(wait.TotalSeconds, request.Deadline.Value - Monotonic.Now())));
                if (wait <= TimeSpan.Zero) throw new TransportTimeoutException(Where(request) + ": the answer did not arrive in time", true);
                Task<int> read = stream.ReadAsync(buffer, 0, buffer.Length, cts.Token);
                // A read that is already over needs no timer (on Mono each timer is a costly allocation, per request).
                if (!read.IsCompleted && !await FinishesWithin(read, wait).ConfigureAwait(false))
                {
                    cts.Cancel();
                    Observe(read);
                    throw new TransportTimeoutException(Where(request) + ": the answer stopped arriving", true);
                }
                int n = await read.ConfigureAwait(false);
                if (n == 0) break;
                if (sink != null) await sink.WriteAsync(buffer, 0, n, cts.Token).ConfigureAwait(false);
                else memory.Write(buffer, 0, n);
            }
            byte[] bytes = memory.ToArray();
            if (limit >= 0 && bytes.Length > limit) Array.Resize(ref bytes, limit);
            return bytes;
        }
    }

    /// <summary>
    /// A request body written to HttpClient's request stream (Mono's, unbuffered) in blocks whose size follows the link.
    /// Each block is one write, and the idle limit counts from the end of the last write (or read of the body), so a
    /// block must be written well within the limit: blocks start at RequestBody.BlockSize and grow while they are
    /// written quickly (HttpClientTransport.Learn). On loopback or a fast link an 8 MiB append then goes out in a few
    /// 4 MiB writes (Mono's cost per write is high: 64 KiB writes take about twice the CPU of one 8 MiB write), while on a
    /// slow link blocks stay small enough that a live upload never looks idle. A body in memory is written from its own
    /// array (TrackingStream.TryTake, no copy); the CRC of each block is computed on this thread while the block is
    /// being sent.
    /// Written once: a second serialization (a resend by the handler) throws, as StreamContent over a one-way stream did.
    /// </summary>
    internal sealed class BodyContent : HttpContent
    {
        /// <summary>The largest block written in one call.</summary>
        internal const int MaxBlock = 4 * 1024 * 1024;

        private readonly Stream body;
        private readonly long? length;
        private readonly long[] activity;
        private readonly HttpClientTransport transport;
        private readonly TimeSpan timeout;
        private bool written;

        public BodyContent(Stream body, long? length, long[] activity, HttpClientTransport transport, TimeSpan timeout)
        {
            this.body = body;
            this.length = length;
            this.activity = activity;
            this.transport = transport;
            this.timeout = timeout;
        }

        protected override async Task SerializeToStreamAsync(Stream stream, TransportContext context)
        {
            if (written) throw new InvalidOperationException("the request body was already sent; the transport never sends it twice");
            written = true;
            var tracking = body as TrackingStream;
            byte[] buffer = null;
            while (true)
            {
                int block = transport.WriteBlock;
                ArraySegment<byte> next;
                if (tracking == null || !tracking.TryTake(block, out next))
                {
                    if (buffer == null || buffer.Length < block) buffer = new byte[block];
                    Task<int> read = tracking != null ? tracking.ReadUntrackedAsync(buffer, 0, block, CancellationToken.None) : body.ReadAsync(buffer, 0, block);
                    next = new ArraySegment<byte>(buffer, 0, await read.ConfigureAwait(false));
                }
                activity[0] = Stopwatch.GetTimestamp();
                if (next.Count <= 0) break;
                long started = Stopwatch.GetTimestamp();
                // The CRC of a block is computed while it is being sent (the server reads it meanwhile), and always before
                // the body counts as sent: the answer, and its CRC check, come after this method returns.
                Task write = stream.WriteAsync(next.Array, next.Offset, next.Count);
                if (tracking != null) tracking.Track(next);
                await write.ConfigureAwait(false);
                long ended = Stopwatch.GetTimestamp();
                activity[0] = ended;
                // A short block (the last one, or a slow source) says nothing about the link.
                if (next.Count == block) transport.Learn(block, (ended - started) / (double)Stopwatch.Frequency, timeout);
            }
        }

        protected override bool TryComputeLength(out long size)
        {
            size = length ?? 0;
            return length != null;
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing) body.Dispose();
            base.Dispose(disposing);
        }
    }
}
