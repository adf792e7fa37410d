using System;
using System.IO;
using System.Text;
using System.Threading;
using System.Threading.Tasks;

namespace OssgenRuntime
{
    /// <summary>
    /// A request body: bytes, a string (its UTF-8 bytes), a file, or a Stream, always sent in blocks. A file is
    /// never read whole: its size is taken up front (so Content-Length can be sent) and its bytes are read one
    /// block at a time while the request is written. Bytes, a file or a seekable stream can be read again (for
    /// a resend or a CRC pass); a non-seekable stream (a pipe, a socket) only once, and it is sent with chunked
    /// transfer encoding.
    /// </summary>
    public sealed class RequestBody
    {
        /// <summary>The size of the blocks a file or a stream is read and sent in.</summary>
        public const int BlockSize = 64 * 1024;

        private readonly byte[] data;
        private readonly string path;
        private readonly Stream stream;
        private readonly long start;
        private bool consumed;

        private RequestBody(byte[] data, string path, Stream stream)
        {
            this.data = data;
            this.path = path;
            this.stream = stream;
            if (data != null) Size = data.Length;
            else if (path != null) Size = new FileInfo(path).Length; // fixed now: a growing file is sent as it was
            else if (stream.CanSeek)
            {
                start = stream.Position;
                Size = stream.Length - start;
            }
        }

        /// <summary>The size in bytes, or null for a one-shot stream.</summary>
        public long? Size { get; private set; }

        /// <summary>True when the body can be read again and yields the same bytes.</summary>
        public bool Replayable
        {
            get { return stream == null || Size != null; }
        }

        /// <summary>A copy-free body of these bytes (replayable).</summary>
        public static RequestBody FromBytes(byte[] bytes)
        {
            if (bytes == null) throw new ArgumentNullException("bytes");
            return new RequestBody(bytes, null, null);
        }

        /// <summary>The UTF-8 bytes of text, without a byte-order mark (replayable).</summary>
        public static RequestBody FromString(string text)
        {
            if (text == null) throw new ArgumentNullException("text");
            return new RequestBody(new UTF8Encoding(false).GetBytes(text), null, null);
        }

        /// <summary>A file, sent in blocks; its size is taken now.</summary>
        public static RequestBody FromFile(string filePath)
        {
            if (filePath == null) throw new ArgumentNullException("filePath");
            return new RequestBody(null, filePath, null);
        }

        /// <summary>A stream from its current position: to its end when seekable (and replayable), else once, chunked.</summary>
        public static RequestBody FromStream(Stream source)
        {
            if (source == null) throw new ArgumentNullException("source");
            return new RequestBody(null, null, source);
        }

        /// <summary>A body of these bytes (null stays null).</summary>
        public static implicit operator RequestBody(byte[] bytes)
        {
            return bytes == null ? null : FromBytes(bytes);
        }

        /// <summary>A body of the text's UTF-8 bytes (null stays null).</summary>
        public static implicit operator RequestBody(string text)
        {
            return text == null ? null : FromString(text);
        }

        /// <summary>A stream of the body's bytes from the start; the caller disposes it (a caller's stream is left open).</summary>
        public Stream Open()
        {
            // publiclyVisible: the transport writes straight from the array (TrackingStream.TryTake) instead of copying it.
            if (data != null) return new MemoryStream(data, 0, data.Length, false, true);
            if (path != null) return new LimitedStream(new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, BlockSize), Size.Value, true);
            if (Size == null)
            {
                if (consumed) throw new InvalidOperationException("this body is a one-shot stream and was already sent");
                consumed = true;
                return new LimitedStream(stream, -1, false);
            }
            stream.Position = start;
            return new LimitedStream(stream, Size.Value, false);
        }

        /// <summary>Feeds every byte of the body to each digest, in one pass.</summary>
        public void Digest(params Crc64Digest[] digests)
        {
            var buffer = new byte[BlockSize];
            using (Stream s = Open())
            {
                int n;
                while ((n = s.Read(buffer, 0, buffer.Length)) > 0)
                {
                    foreach (var d in digests) d.Update(buffer, 0, n);
                }
            }
        }
    }

    /// <summary>
    /// A read-only view of a stream: at most limit bytes (-1: to its end), an error when it ends before them,
    /// and the inner stream closed only when owned.
    /// </summary>
    internal sealed class LimitedStream : Stream
    {
        private readonly Stream inner;
        private readonly long limit;
        private readonly bool owned;
        private long read;

        public LimitedStream(Stream inner, long limit, bool owned)
        {
            this.inner = inner;
            this.limit = limit;
            this.owned = owned;
        }

        public override bool CanRead { get { return true; } }
        public override bool CanSeek { get { return false; } }
        public override bool CanWrite { get { return false; } }
        public override long Length { get { if (limit < 0) throw new NotSupportedException(); return limit; } }
        public override long Position { get { return read; } set { throw new NotSupportedException(); } }

        public override int Read(byte[] buffer, int offset, int count)
        {
            if (limit >= 0) count = (int)Math.Min(count, limit - read);
            if (count <= 0) return 0;
            int n = inner.Read(buffer, offset, count);
            if (n == 0 && limit >= 0 && read < limit) throw new IOException("the body ended " + (limit - read) + " bytes before its announced size");
            read += n;
            return n;
        }

        public override async Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
        {
            if (limit >= 0) count = (int)Math.Min(count, limit - read);
            if (count <= 0) return 0;
            int n = await inner.ReadAsync(buffer, offset, count, cancellationToken).ConfigureAwait(false);
            if (n == 0 && limit >= 0 && read < limit) throw new IOException("the body ended " + (limit - read) + " bytes before its announced size");
            read += n;
            return n;
        }

        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) { throw new NotSupportedException(); }
        public override void SetLength(long value) { throw new NotSupportedException(); }
        public override void Write(byte[] buffer, int offset, int count) { throw new NotSupportedException(); }

        protected override void Dispose(bool disposing)
        {
            if (disposing && owned) inner.Dispose();
            base.Dispose(disposing);
        }
    }

    /// <summary>Passes a request body through, feeding its bytes to a CRC-64 and counting them as they are sent.</summary>
    internal sealed class TrackingStream : Stream
    {
        private readonly Stream inner;
        private readonly Crc64Digest crc;
        private readonly long[] counter;
        private readonly Action check;

        public TrackingStream(Stream inner, Crc64Digest crc, long[] counter, Action check)
        {
            this.inner = inner;
            this.crc = crc;
            this.counter = counter;
            this.check = check;
        }

        public override bool CanRead { get { return true; } }
        public override bool CanSeek { get { return false; } }
        public override bool CanWrite { get { return false; } }
        public override long Length { get { throw new NotSupportedException(); } }
        public override long Position { get { return counter[0]; } set { throw new NotSupportedException(); } }

        public override int Read(byte[] buffer, int offset, int count)
        {
            check();
            int n = inner.Read(buffer, offset, count);
            Track(buffer, offset, n);
            return n;
        }

        public override async Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
        {
            check();
            int n = await inner.ReadAsync(buffer, offset, count, cancellationToken).ConfigureAwait(false);
            Track(buffer, offset, n);
            return n;
        }

        /// <summary>
        /// When the body is an array in memory: up to max of its next bytes as a slice of that array (no copy), not yet
        /// counted nor fed to the CRC (Track does it); false (nothing consumed) for any other body (ReadUntrackedAsync).
        /// </summary>
        public bool TryTake(int max, out ArraySegment<byte> taken)
        {
            taken = default(ArraySegment<byte>);
            var memory = inner as MemoryStream;
            ArraySegment<byte> whole;
            if (memory == null || !memory.TryGetBuffer(out whole)) return false;
            check();
            int position = (int)memory.Position;
            int n = Math.Max(0, Math.Min(max, whole.Count - position));
            taken = new ArraySegment<byte>(whole.Array, whole.Offset + position, n);
            memory.Position = position + n;
            return true;
        }

        /// <summary>A read that Track must follow: the caller feeds the bytes to the CRC once it has started sending them.</summary>
        public Task<int> ReadUntrackedAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
        {
            check();
            return inner.ReadAsync(buffer, offset, count, cancellationToken);
        }

        /// <summary>Counts bytes taken by TryTake or ReadUntrackedAsync and feeds them to the CRC.</summary>
        public void Track(ArraySegment<byte> bytes)
        {
            Track(bytes.Array, bytes.Offset, bytes.Count);
        }

        private void Track(byte[] buffer, int offset, int n)
        {
            if (n <= 0) return;
            crc.Update(buffer, offset, n);
            counter[0] += n;
        }

        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) { throw new NotSupportedException(); }
        public override void SetLength(long value) { throw new NotSupportedException(); }
        public override void Write(byte[] buffer, int offset, int count) { throw new NotSupportedException(); }

        protected override void Dispose(bool disposing)
        {
            if (disposing) inner.Dispose();
            base.Dispose(disposing);
        }
    }
}
