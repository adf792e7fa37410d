using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;

namespace OssgenRuntime
{
    /// <summary>
    /// Appends chunks to one object, in order, with CRC-64 checks and safe recovery; never duplicates or loses data.
    /// <list type="number">
    /// <item>OpenAsync reads the object with the probe (HEAD): absent means position 0 and CRC 0, an object that is
    /// not appendable is refused, otherwise the position and CRC come from its headers.</item>
    /// <item>AppendAsync sends the chunk at the current position with the object's CRC before it, checks the answer
    /// (next position = position + size, CRC equal to the expected one, computed while the bytes are sent) and advances.</item>
    /// <item>When the outcome of an append is unknown (timeout, reset, an answer cut short, 5xx), the client's append
    /// finds out whether its own chunk is at [position, position + size): the same length means it did not land (it
    /// resends, with backoff); position + size with the expected CRC means it landed; a longer object has that range
    /// read back and compared. Only a chunk known to be absent is reported as a position error, so a caller that gets
    /// it may always reopen and append again.</item>
    /// <item>An append whose outcome stayed unknown is remembered (Unresolved): the next append first settles it. When
    /// the next chunk has the same size and CRC-64, it is taken as the caller retrying it: if it landed, that append
    /// returns success without sending it again.</item>
    /// </list>
    /// OpenWriteStream gives a Stream whose writes are appended in chunks of chunkBytes.
    /// </summary>
    public sealed class Appender
    {
        private sealed class Chunk
        {
            public long Position;
            public long Bytes;
            public ulong Crc;
            public ulong? Expected;
        }

        private readonly ClientCore client;
        private readonly OperationSpec spec;
        private readonly Values createOptions;
        private readonly int? maxAttempts;
        private readonly TimeSpan? operationTimeout;
        private readonly Func<TimeSpan, CancellationToken, Task> sleeper;
        private bool opened;
        private Chunk unresolved;

        /// <summary>
        /// createOptions: the first-append-only values (by property name), sent with the append that creates the object;
        /// the generated client's NewAppender builds them from its typed create options, so a misspelled option does not
        /// compile. operationTimeout (default the client's) bounds each OpenAsync and AppendAsync as a whole, read-backs
        /// and resends included.
        /// </summary>
        internal Appender(ClientCore client, string bucket, string key, Values createOptions = null, int? maxAttempts = null, TimeSpan? operationTimeout = null, Func<TimeSpan, CancellationToken, Task> sleeper = null)
        {
            if (client == null) throw new ArgumentNullException("client");
            this.client = client;
            Bucket = bucket;
            Key = key;
            spec = Operations.ByName[Protocol.AppendOperation];
            this.createOptions = createOptions ?? new Values();
            this.maxAttempts = maxAttempts;
            this.operationTimeout = operationTimeout ?? client.OperationTimeout;
            this.sleeper = sleeper;
        }

        /// <summary>The bucket that holds the object.</summary>
        public string Bucket { get; private set; }

        /// <summary>The object's key.</summary>
        public string Key { get; private set; }

        /// <summary>The object's length: where the next chunk goes.</summary>
        public long Position { get; private set; }

        /// <summary>The object's CRC-64 (null when the service did not say).</summary>
        public ulong? Crc { get; private set; }

        /// <summary>True while an earlier append's outcome is unknown; the next AppendAsync checks for it first.</summary>
        public bool Unresolved
        {
            get { return unresolved != null; }
        }

        /// <summary>Reads the object's current length and CRC (a missing object starts at 0).</summary>
        public async Task<Appender> OpenAsync(CancellationToken cancellationToken = default(CancellationToken))
        {
            var call = new Call(spec.Name, operationTimeout);
            await ReadState(call, cancellationToken).ConfigureAwait(false);
            unresolved = null;
            opened = true;
            return this;
        }

        /// <summary>
        /// Appends data at the current position and returns the append's values. A position error means the chunk is
        /// known not to be in the object (another writer got there first): reopen and append again. A
        /// TransportException means the outcome is unknown; the appender settles it before the next append, and
        /// retrying the same chunk is then safe.
        /// </summary>
        public async Task<AppendResult> AppendAsync(RequestBody data, CancellationToken cancellationToken = default(CancellationToken))
        {
            if (data == null) throw new ArgumentNullException("data");
            var call = new Call(spec.Name, operationTimeout);
            if (!opened)
            {
                await ReadState(call, cancellationToken).ConfigureAwait(false);
                opened = true;
            }
            if (unresolved != null)
            {
                Chunk chunk = unresolved;
                // The caller is retrying the chunk whose outcome was unknown, and it is in the object.
                if (await Settle(chunk, call, cancellationToken).ConfigureAwait(false) && RetryOf(data, chunk)) return Landed();
            }
            return await SendChunk(data, call, cancellationToken).ConfigureAwait(false);
        }

        /// <summary>A stream whose writes are appended, in order, in chunks of chunkBytes (the rest on FlushAsync or Dispose).</summary>
        public AppendStream OpenWriteStream(int chunkBytes = 1024 * 1024)
        {
            if (chunkBytes < 1) throw new ArgumentOutOfRangeException("chunkBytes");
            return new AppendStream(this, chunkBytes);
        }

        private AppendResult Landed()
        {
            var values = new Values();
            values[spec.Append.NextPosition] = Position;
            if (Crc != null) values[spec.Append.Crc] = Crc.Value;
            return new AppendResult(Position, Crc, values);
        }

        private async Task<AppendResult> SendChunk(RequestBody body, Call call, CancellationToken cancellationToken)
        {
            var values = new Values();
            values[Protocol.AppendBucket] = Bucket;
            values[Protocol.AppendKey] = Key;
            values[spec.Append.Position] = Position;
            values[Protocol.AppendBody] = body;
            if (Position == 0)
            {
                foreach (var entry in createOptions) values[entry.Key] = entry.Value;
            }
            try
            {
                var options = new CallOptions { PreviousCrc = Crc, OperationTimeout = call.Remaining(), MaxAttempts = maxAttempts, Sleeper = sleeper };
                Values result = await client.InvokeAsync(spec, values, options, cancellationToken).ConfigureAwait(false);
                Position = (long)result.Get(spec.Append.NextPosition);
                Crc = result.Get(spec.Append.Crc) as ulong?;
                return new AppendResult(Position, Crc, result);
            }
            catch (SdkException e) when (e is TransportException || e is ServiceException || e is ProtocolException)
            {
                // The chunk may be in the object (or a late copy may still land): settle it before the next append.
                if (e is ProtocolException || OutcomeUnknown(e)) unresolved = Describe(body);
                throw;
            }
        }

        private static bool OutcomeUnknown(SdkException error)
        {
            var transport = error as TransportException;
            if (transport != null) return transport.OutcomeUnknown;
            var service = error as ServiceException;
            return service != null && service.Status >= 500;
        }

        /// <summary>The chunk's size and CRC-64s, in one pass over its bytes; null for a one-shot stream.</summary>
        private Chunk Describe(RequestBody body)
        {
            if (!body.Replayable || body.Size == null) return null;
            var crcs = ClientCore.CrcsOf(body, Crc);
            return new Chunk { Position = Position, Bytes = body.Size.Value, Crc = crcs.Key, Expected = crcs.Value };
        }

        /// <summary>Whether body is the unresolved chunk again: same size and same CRC-64.</summary>
        private static bool RetryOf(RequestBody body, Chunk chunk)
        {
            if (!body.Replayable || body.Size != chunk.Bytes) return false;
            var crc = new Crc64Digest();
            body.Digest(crc);
            return crc.Value == chunk.Crc;
        }

        /// <summary>Finds out whether the unresolved chunk landed and advances past it if so (returns whether it did).</summary>
        private async Task<bool> Settle(Chunk chunk, Call call, CancellationToken cancellationToken)
        {
            var values = new Values();
            values[Protocol.AppendBucket] = Bucket;
            values[Protocol.AppendKey] = Key;
            Found found;
            try
            {
                found = await client.LocateAsync(values, chunk.Position, chunk.Bytes, () => new KeyValuePair<ulong, ulong?>(chunk.Crc, chunk.Expected), call, cancellationToken).ConfigureAwait(false);
            }
            catch (ProbeFailedException e)
            {
                throw e.Error;
            }
            unresolved = null;
            if (found.Landed)
            {
                Position = chunk.Position + chunk.Bytes;
                Crc = chunk.Expected;
                return true;
            }
            if (found.ObjectLength != chunk.Position) throw ClientCore.PositionError(Key, found, chunk.Position, chunk.Bytes);
            return false;
        }

        private async Task ReadState(Call call, CancellationToken cancellationToken)
        {
            var state = await client.ProbeAsync(Bucket, Key, call.Remaining(), cancellationToken, true).ConfigureAwait(false);
            Position = state.Key;
            Crc = state.Value;
        }
    }

    /// <summary>What one Appender.AppendAsync did: the object's length and CRC-64 after it, and every value the append returned.</summary>
    public sealed class AppendResult
    {
        internal AppendResult(long nextPosition, ulong? crc, Values values)
        {
            NextPosition = nextPosition;
            Crc = crc;
            Values = values;
        }

        /// <summary>The object's length after the append: where the next chunk goes.</summary>
        public long NextPosition { get; private set; }

        /// <summary>The object's CRC-64 after the append (null when the service did not say).</summary>
        public ulong? Crc { get; private set; }

        /// <summary>The append operation's outputs by property name (only the position and CRC when a lost answer was settled).</summary>
        internal Values Values { get; private set; }
    }

    /// <summary>The stream Appender.OpenWriteStream gives: everything written is appended, in order, in chunks.</summary>
    public sealed class AppendStream : Stream
    {
        private readonly Appender appender;
        private readonly int chunkBytes;
        private MemoryStream buffer = new MemoryStream();

        internal AppendStream(Appender appender, int chunkBytes)
        {
            this.appender = appender;
            this.chunkBytes = chunkBytes;
        }

        /// <summary>Bytes written so far.</summary>
        public long Written { get; private set; }

        /// <inheritdoc />
        public override bool CanRead { get { return false; } }
        /// <inheritdoc />
        public override bool CanSeek { get { return false; } }
        /// <inheritdoc />
        public override bool CanWrite { get { return true; } }
        /// <summary>Bytes written so far (the stream cannot seek).</summary>
        public override long Length { get { return Written; } }
        /// <summary>Bytes written so far; setting it throws NotSupportedException.</summary>
        public override long Position { get { return Written; } set { throw new NotSupportedException(); } }

        /// <summary>Buffers the bytes and appends a chunk once the buffer holds chunkBytes.</summary>
        public override async Task WriteAsync(byte[] data, int offset, int count, CancellationToken cancellationToken)
        {
            buffer.Write(data, offset, count);
            Written += count;
            if (buffer.Length >= chunkBytes) await FlushAsync(cancellationToken).ConfigureAwait(false);
        }

        /// <summary>Buffers the bytes and appends a chunk once the buffer holds chunkBytes (blocks on the append).</summary>
        public override void Write(byte[] data, int offset, int count)
        {
            WriteAsync(data, offset, count, CancellationToken.None).GetAwaiter().GetResult();
        }

        /// <summary>Appends what is buffered now (nothing when empty).</summary>
        public override async Task FlushAsync(CancellationToken cancellationToken)
        {
            if (buffer.Length == 0) return;
            byte[] chunk = buffer.ToArray();
            buffer = new MemoryStream();
            await appender.AppendAsync(chunk, cancellationToken).ConfigureAwait(false);
        }

        /// <summary>Appends what is buffered now (blocks on the append).</summary>
        public override void Flush()
        {
            FlushAsync(CancellationToken.None).GetAwaiter().GetResult();
        }

        /// <summary>Not supported: the stream is write-only.</summary>
        public override int Read(byte[] data, int offset, int count) { throw new NotSupportedException(); }
        /// <summary>Not supported: the stream is append-only.</summary>
        public override long Seek(long offset, SeekOrigin origin) { throw new NotSupportedException(); }
        /// <summary>Not supported: the stream is append-only.</summary>
        public override void SetLength(long value) { throw new NotSupportedException(); }

        /// <summary>Appends what is still buffered, then closes the stream.</summary>
        protected override void Dispose(bool disposing)
        {
            if (disposing) Flush();
            base.Dispose(disposing);
        }
    }
}
