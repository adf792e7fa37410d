using System;
using System.Runtime.InteropServices;

namespace OssgenRuntime
{
    /// <summary>
    /// SHA-256 (FIPS 180-4) and HMAC-SHA256 (RFC 2104) for V4 signing, which hashes every request twice. Mono's
    /// SHA256Managed calls a function per round step and HMACSHA256 hashes its key pads again for every input: together
    /// about 18 us of each 1 KiB append (issue #21). Here an HMAC key's padded states are computed once, and Hash and Mac
    /// run on OpenSSL's SHA-256 (libcrypto.so.3 through P/Invoke: SHA-NI or AVX2, about 1 us a signature where the
    /// rounds in C# below take about 8 us on Mono's JIT) when Implementation says "libcrypto"; the rounds in C# are used
    /// when it says "managed": no libcrypto.so.3 (or its SHA256_* functions), a first call that does not give the known
    /// digests, or the environment variable OSSGEN_SHA256 set to "managed" when the class is first used. Both give the
    /// same digests. Update and Finish are always the C# rounds. Not thread-safe: one instance per thread (Signer keeps
    /// them [ThreadStatic]).
    /// </summary>
    internal sealed class Sha256
    {
        /// <summary>"libcrypto" when OpenSSL computes Hash and Mac, "managed" when the rounds in C# do.</summary>
        public static string Implementation
        {
            get { return Native ? "libcrypto" : "managed"; }
        }

        private static readonly uint[] K =
        {
            0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
            0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
            0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
            0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
            0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
            0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
            0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
            0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
        };

        private static readonly uint[] Initial = { 0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19 };

        // After K and Initial: static fields are initialized in order, and the probe hashes with the rounds in C#.
        private static readonly bool Native = ProbeNative();

        /// <summary>The size of a block, and of an HMAC key's pads.</summary>
        public const int BlockBytes = 64;

        private readonly uint[] state = new uint[8];
        private readonly uint[] w = new uint[64];
        private readonly byte[] pending = new byte[BlockBytes];
        private int pendingCount;
        private long total;
        // OpenSSL's SHA256_CTX for Hash and Mac when Native (null otherwise).
        private readonly byte[] context;

        /// <summary>A hash of nothing yet.</summary>
        public Sha256() : this(Native)
        {
        }

        /// <summary>A hash whose Hash and Mac take the rounds in C# whatever Implementation says (to compare the two).</summary>
        internal static Sha256 Managed()
        {
            return new Sha256(false);
        }

        private Sha256(bool native)
        {
            if (native) context = new byte[Libcrypto.ContextBytes];
            Reset();
        }

        private static bool ProbeNative()
        {
            if (Environment.GetEnvironmentVariable("OSSGEN_SHA256") == "managed") return false;
            try
            {
                // "abc" and a text of two blocks, against the rounds in C#: a library that answers otherwise is not used.
                var managed = Managed();
                var native = new byte[Libcrypto.ContextBytes];
                var digest = new byte[32];
                foreach (int length in new[] { 3, 100 })
                {
                    var text = new byte[length];
                    for (int i = 0; i < length; i++) text[i] = (byte)('a' + i % 26);
                    Libcrypto.Hash(native, text, length, digest);
                    if (!Equal(digest, managed.Hash(text))) return false;
                }
                return true;
            }
            catch (Exception e) when (e is DllNotFoundException || e is EntryPointNotFoundException || e is BadImageFormatException)
            {
                return false;
            }
        }

        private static bool Equal(byte[] a, byte[] b)
        {
            if (a.Length != b.Length) return false;
            for (int i = 0; i < a.Length; i++)
            {
                if (a[i] != b[i]) return false;
            }
            return true;
        }

        /// <summary>Starts a new hash.</summary>
        public void Reset()
        {
            Array.Copy(Initial, state, 8);
            pendingCount = 0;
            total = 0;
        }

        /// <summary>Continues from a state saved after whole blocks of bytesSoFar bytes (an HMAC key's padded state).</summary>
        private void Resume(uint[] saved, long bytesSoFar)
        {
            Array.Copy(saved, state, 8);
            pendingCount = 0;
            total = bytesSoFar;
        }

        /// <summary>Hashes count more bytes of data from offset.</summary>
        public void Update(byte[] data, int offset, int count)
        {
            total += count;
            if (pendingCount > 0)
            {
                int take = Math.Min(count, BlockBytes - pendingCount);
                Buffer.BlockCopy(data, offset, pending, pendingCount, take);
                pendingCount += take;
                offset += take;
                count -= take;
                if (pendingCount < BlockBytes) return;
                Compress(pending, 0);
                pendingCount = 0;
            }
            while (count >= BlockBytes)
            {
                Compress(data, offset);
                offset += BlockBytes;
                count -= BlockBytes;
            }
            if (count > 0)
            {
                Buffer.BlockCopy(data, offset, pending, 0, count);
                pendingCount = count;
            }
        }

        /// <summary>Ends the hash: the 32-byte digest into output at offset. Reset (or an HMAC) before hashing again.</summary>
        public void Finish(byte[] output, int offset)
        {
            long bits = total * 8;
            pending[pendingCount++] = 0x80;
            if (pendingCount > BlockBytes - 8)
            {
                Array.Clear(pending, pendingCount, BlockBytes - pendingCount);
                Compress(pending, 0);
                pendingCount = 0;
            }
            Array.Clear(pending, pendingCount, BlockBytes - 8 - pendingCount);
            for (int i = 0; i < 8; i++) pending[BlockBytes - 1 - i] = (byte)(bits >> (8 * i));
            Compress(pending, 0);
            for (int i = 0; i < 8; i++)
            {
                output[offset + 4 * i] = (byte)(state[i] >> 24);
                output[offset + 4 * i + 1] = (byte)(state[i] >> 16);
                output[offset + 4 * i + 2] = (byte)(state[i] >> 8);
                output[offset + 4 * i + 3] = (byte)state[i];
            }
            pendingCount = 0;
        }

        /// <summary>The SHA-256 digest of data (this instance is reset first).</summary>
        public byte[] Hash(byte[] data)
        {
            var digest = new byte[32];
            Hash(data, data.Length, digest);
            return digest;
        }

        /// <summary>The SHA-256 digest of data's first count bytes into digest (32 bytes; this instance is reset first).</summary>
        public void Hash(byte[] data, int count, byte[] digest)
        {
            if (context != null)
            {
                Libcrypto.Hash(context, data, count, digest);
                return;
            }
            Reset();
            Update(data, 0, count);
            Finish(digest, 0);
        }

        /// <summary>An HMAC-SHA256 key: the states after its inner and outer padded blocks, computed once.</summary>
        public sealed class HmacKey
        {
            internal readonly uint[] Inner = new uint[8];
            internal readonly uint[] Outer = new uint[8];
            // OpenSSL's SHA256_CTX after each padded block, when Native (null otherwise).
            internal readonly byte[] NativeInner;
            internal readonly byte[] NativeOuter;

            /// <summary>Prepares key (a key longer than a block is hashed first, as RFC 2104 says).</summary>
            public HmacKey(byte[] key)
            {
                var sha = new Sha256();
                if (key.Length > BlockBytes) key = sha.Hash(key);
                var pad = new byte[BlockBytes];
                for (int i = 0; i < BlockBytes; i++) pad[i] = (byte)((i < key.Length ? key[i] : 0) ^ 0x36);
                sha.Reset();
                sha.Compress(pad, 0);
                Array.Copy(sha.state, Inner, 8);
                for (int i = 0; i < BlockBytes; i++) pad[i] = (byte)((i < key.Length ? key[i] : 0) ^ 0x5c);
                sha.Reset();
                sha.Compress(pad, 0);
                Array.Copy(sha.state, Outer, 8);
                if (Native)
                {
                    NativeInner = new byte[Libcrypto.ContextBytes];
                    NativeOuter = new byte[Libcrypto.ContextBytes];
                    for (int i = 0; i < BlockBytes; i++) pad[i] = (byte)((i < key.Length ? key[i] : 0) ^ 0x36);
                    Libcrypto.Start(NativeInner, pad, BlockBytes);
                    for (int i = 0; i < BlockBytes; i++) pad[i] = (byte)((i < key.Length ? key[i] : 0) ^ 0x5c);
                    Libcrypto.Start(NativeOuter, pad, BlockBytes);
                }
                Array.Clear(pad, 0, BlockBytes);
            }
        }

        /// <summary>HMAC-SHA256 of data with key (this instance's hash state is overwritten).</summary>
        public byte[] Mac(HmacKey key, byte[] data)
        {
            var digest = new byte[32];
            Mac(key, data, data.Length, digest);
            return digest;
        }

        /// <summary>HMAC-SHA256 of data's first count bytes with key into digest (32 bytes; this instance's state is overwritten).</summary>
        public void Mac(HmacKey key, byte[] data, int count, byte[] digest)
        {
            if (context != null && key.NativeInner != null)
            {
                Libcrypto.Resume(context, key.NativeInner, data, count, digest);
                Libcrypto.Resume(context, key.NativeOuter, digest, 32, digest);
                return;
            }
            Resume(key.Inner, BlockBytes);
            Update(data, 0, count);
            Finish(digest, 0);
            Resume(key.Outer, BlockBytes);
            Update(digest, 0, 32);
            Finish(digest, 0);
        }

        private void Compress(byte[] block, int offset)
        {
            uint[] w = this.w;
            for (int i = 0; i < 16; i++, offset += 4)
            {
                w[i] = ((uint)block[offset] << 24) | ((uint)block[offset + 1] << 16) | ((uint)block[offset + 2] << 8) | block[offset + 3];
            }
            for (int i = 16; i < 64; i++)
            {
                uint x = w[i - 15], y = w[i - 2];
                uint s0 = ((x >> 7) | (x << 25)) ^ ((x >> 18) | (x << 14)) ^ (x >> 3);
                uint s1 = ((y >> 17) | (y << 15)) ^ ((y >> 19) | (y << 13)) ^ (y >> 10);
                w[i] = w[i - 16] + s0 + w[i - 7] + s1;
            }
            uint a = state[0], b = state[1], c = state[2], d = state[3], e = state[4], f = state[5], g = state[6], h = state[7];
            for (int i = 0; i < 64; i++)
            {
                uint t1 = h + (((e >> 6) | (e << 26)) ^ ((e >> 11) | (e << 21)) ^ ((e >> 25) | (e << 7))) + ((e & f) ^ (~e & g)) + K[i] + w[i];
                uint t2 = (((a >> 2) | (a << 30)) ^ ((a >> 13) | (a << 19)) ^ ((a >> 22) | (a << 10))) + ((a & b) ^ (a & c) ^ (b & c));
                h = g;
                g = f;
                f = e;
                e = d + t1;
                d = c;
                c = b;
                b = a;
                a = t1 + t2;
            }
            state[0] += a;
            state[1] += b;
            state[2] += c;
            state[3] += d;
            state[4] += e;
            state[5] += f;
            state[6] += g;
            state[7] += h;
        }
    }

    /// <summary>
    /// OpenSSL's SHA-256 through P/Invoke (libcrypto.so.3's SHA256_Init/Update/Final: no algorithm fetched per call, as
    /// its one-shot SHA256() does); Sha256 decides whether it may be used. A context is OpenSSL's SHA256_CTX (112 bytes:
    /// eight state words, the bit count, a block, two counters) held in a byte array of ContextBytes; a context saved
    /// after an HMAC key's padded block is copied as bytes, as C copies the struct.
    /// </summary>
    internal static class Libcrypto
    {
        /// <summary>Room for a SHA256_CTX, with a margin over its 112 bytes.</summary>
        internal const int ContextBytes = 256;

        [DllImport("libcrypto.so.3", EntryPoint = "SHA256_Init", CallingConvention = CallingConvention.Cdecl, ExactSpelling = true)]
        private static extern int SHA256_Init(byte[] context);

        [DllImport("libcrypto.so.3", EntryPoint = "SHA256_Update", CallingConvention = CallingConvention.Cdecl, ExactSpelling = true)]
        private static extern int SHA256_Update(byte[] context, byte[] data, UIntPtr count);

        [DllImport("libcrypto.so.3", EntryPoint = "SHA256_Final", CallingConvention = CallingConvention.Cdecl, ExactSpelling = true)]
        private static extern int SHA256_Final(byte[] digest, byte[] context);

        private static void Check(int ok)
        {
            if (ok != 1) throw new InvalidOperationException("libcrypto's SHA-256 failed");
        }

        /// <summary>The digest of data's first count bytes into digest (32 bytes), in context.</summary>
        internal static void Hash(byte[] context, byte[] data, int count, byte[] digest)
        {
            // Arrays are pinned for the call by the marshaller; the range is checked here, as C would read past it.
            if (count < 0 || count > data.Length) throw new ArgumentOutOfRangeException("count");
            Check(SHA256_Init(context));
            Check(SHA256_Update(context, data, (UIntPtr)(uint)count));
            Check(SHA256_Final(digest, context));
        }

        /// <summary>context: a new hash of data's first count bytes, not finished (an HMAC key's padded block).</summary>
        internal static void Start(byte[] context, byte[] data, int count)
        {
            if (count < 0 || count > data.Length) throw new ArgumentOutOfRangeException("count");
            Check(SHA256_Init(context));
            Check(SHA256_Update(context, data, (UIntPtr)(uint)count));
        }

        /// <summary>The digest of saved's hash continued with data's first count bytes, into digest (saved is left as it was).</summary>
        internal static void Resume(byte[] context, byte[] saved, byte[] data, int count, byte[] digest)
        {
            if (count < 0 || count > data.Length) throw new ArgumentOutOfRangeException("count");
            Buffer.BlockCopy(saved, 0, context, 0, ContextBytes);
            Check(SHA256_Update(context, data, (UIntPtr)(uint)count));
            Check(SHA256_Final(digest, context));
        }
    }
}
