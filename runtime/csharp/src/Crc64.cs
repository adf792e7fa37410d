using System;
using System.IO;
using System.Runtime.InteropServices;

namespace OssgenRuntime
{
    /// <summary>
    /// The service's CRC-64 (the model's parameters in Protocol; CRC-64/XZ for OSS), reflected. A CRC value continues
    /// a stream: Checksum(b, Checksum(a)) == Checksum(a + b). The model's init and xor-out are equal (all ones), so 0
    /// is the CRC of nothing and the start of every object.
    /// <para>Two paths, the same results (Implementation names the one in use):</para>
    /// <list type="bullet">
    /// <item>liblzma's lzma_crc64 (CRC-64/XZ, SIMD, several GB/s), called through P/Invoke: liblzma.so.5 is on nearly
    /// every Linux system. Used when the model's CRC is reflected with init = xor-out = all ones (lzma_crc64's
    /// convention) and a first call, made once, returns the model's check value; a missing library
    /// (DllNotFoundException), symbol (EntryPointNotFoundException) or architecture (BadImageFormatException) means
    /// the table below.</item>
    /// <item>a table sliced by 16 in managed code (about 600 MiB/s on Mono), everywhere else, or when the environment
    /// variable OSSGEN_CRC64 is "managed" when the class is first used.</item>
    /// </list>
    /// </summary>
    public static class Crc64
    {
        private static readonly ulong[][] Tables = BuildTables();
        private static readonly bool Native = ProbeNative();

        /// <summary>"liblzma" when lzma_crc64 computes the CRCs, "managed" when the table in C# does.</summary>
        public static string Implementation
        {
            get { return Native ? "liblzma" : "managed"; }
        }

        private static ulong[][] BuildTables()
        {
            if (!Protocol.Crc64Reflected || Protocol.Crc64Init != Protocol.Crc64XorOut)
            {
                throw new NotSupportedException("this runtime implements reflected CRC-64s whose init equals their xor-out");
            }
            ulong reflected = 0;
            for (int i = 0; i < 64; i++)
            {
                if (((Protocol.Crc64Polynomial >> i) & 1) != 0) reflected |= 1UL << (63 - i);
            }
            var tables = new ulong[16][];
            for (int t = 0; t < tables.Length; t++) tables[t] = new ulong[256];
            for (int n = 0; n < 256; n++)
            {
                ulong crc = (ulong)n;
                for (int k = 0; k < 8; k++) crc = (crc & 1) != 0 ? (crc >> 1) ^ reflected : crc >> 1;
                tables[0][n] = crc;
            }
            // tables[t][n]: the state after byte n followed by t zero bytes.
            for (int n = 0; n < 256; n++)
            {
                ulong crc = tables[0][n];
                for (int t = 1; t < tables.Length; t++)
                {
                    crc = tables[0][crc & 0xFF] ^ (crc >> 8);
                    tables[t][n] = crc;
                }
            }
            return tables;
        }

        private static bool ProbeNative()
        {
            if (Environment.GetEnvironmentVariable("OSSGEN_CRC64") == "managed") return false;
            if (!Protocol.Crc64Reflected || Protocol.Crc64Init != ulong.MaxValue || Protocol.Crc64XorOut != ulong.MaxValue) return false;
            try
            {
                byte[] check = { (byte)'1', (byte)'2', (byte)'3', (byte)'4', (byte)'5', (byte)'6', (byte)'7', (byte)'8', (byte)'9' };
                return Liblzma.Update(0, check, 0, check.Length) == Protocol.Crc64Check;
            }
            catch (Exception e) when (e is DllNotFoundException || e is EntryPointNotFoundException || e is BadImageFormatException)
            {
                return false;
            }
        }

        /// <summary>The CRC-64 of <paramref name="count"/> bytes from data[offset], continuing from <paramref name="crc"/> (0: a new stream).</summary>
        public static ulong Update(ulong crc, byte[] data, int offset, int count)
        {
            if (data == null) throw new ArgumentNullException("data");
            // Checked here for both paths: lzma_crc64 would read past the array rather than throw.
            if (offset < 0 || count < 0 || offset > data.Length - count) throw new ArgumentOutOfRangeException("count", "offset and count must lie within data");
            if (count == 0) return crc;
            return Native ? Liblzma.Update(crc, data, offset, count) : ManagedUpdate(crc, data, offset, count);
        }

        /// <summary>Update with the table in C#, whichever path Implementation names (offset and count already checked).</summary>
        internal static ulong ManagedUpdate(ulong crc, byte[] data, int offset, int count)
        {
            ulong state = crc ^ Protocol.Crc64XorOut;
            ulong[][] tables = Tables;
            ulong[] t0 = tables[0], t1 = tables[1], t2 = tables[2], t3 = tables[3], t4 = tables[4], t5 = tables[5], t6 = tables[6], t7 = tables[7];
            ulong[] t8 = tables[8], t9 = tables[9], t10 = tables[10], t11 = tables[11], t12 = tables[12], t13 = tables[13], t14 = tables[14], t15 = tables[15];
            int i = offset;
            int end = offset + count;
            // Sixteen bytes a step: the first eight fold in the state, the other eight stand alone. Bytes are read one
            // by one (no BitConverter), which Mono runs as fast and which needs no byte-order branch.
            while (end - i >= 16)
            {
                state = t15[(byte)state ^ data[i]] ^ t14[(byte)(state >> 8) ^ data[i + 1]] ^ t13[(byte)(state >> 16) ^ data[i + 2]] ^ t12[(byte)(state >> 24) ^ data[i + 3]]
                    ^ t11[(byte)(state >> 32) ^ data[i + 4]] ^ t10[(byte)(state >> 40) ^ data[i + 5]] ^ t9[(byte)(state >> 48) ^ data[i + 6]] ^ t8[(byte)(state >> 56) ^ data[i + 7]]
                    ^ t7[data[i + 8]] ^ t6[data[i + 9]] ^ t5[data[i + 10]] ^ t4[data[i + 11]]
                    ^ t3[data[i + 12]] ^ t2[data[i + 13]] ^ t1[data[i + 14]] ^ t0[data[i + 15]];
                i += 16;
            }
            while (i < end)
            {
                state = t0[(state ^ data[i]) & 0xFF] ^ (state >> 8);
                i++;
            }
            return state ^ Protocol.Crc64XorOut;
        }

        /// <summary>The CRC-64 of data, continuing from start (an earlier CRC; 0 for none).</summary>
        public static ulong Checksum(byte[] data, ulong start = 0)
        {
            if (data == null) throw new ArgumentNullException("data");
            return Update(start, data, 0, data.Length);
        }

        /// <summary>The CRC-64 of a file, read in blocks.</summary>
        public static ulong ChecksumFile(string path)
        {
            var digest = new Crc64Digest();
            var buffer = new byte[RequestBody.BlockSize];
            using (var file = File.OpenRead(path))
            {
                int n;
                while ((n = file.Read(buffer, 0, buffer.Length)) > 0) digest.Update(buffer, 0, n);
            }
            return digest.Value;
        }
    }

    /// <summary>liblzma's CRC-64/XZ through P/Invoke; Crc64 decides whether it may be used.</summary>
    internal static class Liblzma
    {
        [DllImport("liblzma.so.5", EntryPoint = "lzma_crc64", CallingConvention = CallingConvention.Cdecl, ExactSpelling = true)]
        private static extern ulong lzma_crc64(IntPtr buffer, UIntPtr size, ulong crc);

        /// <summary>lzma_crc64 over data[offset..offset+count), continuing from crc (the caller checked the range, count > 0).</summary>
        internal static ulong Update(ulong crc, byte[] data, int offset, int count)
        {
            // Pinned for the call: the collector must not move the array while C reads it.
            GCHandle pin = GCHandle.Alloc(data, GCHandleType.Pinned);
            try
            {
                return lzma_crc64(Marshal.UnsafeAddrOfPinnedArrayElement(data, offset), (UIntPtr)(uint)count, crc);
            }
            finally
            {
                pin.Free();
            }
        }
    }

    /// <summary>A running CRC-64, from a starting value (an object's CRC before the bytes that follow).</summary>
    public sealed class Crc64Digest
    {
        /// <summary>A digest continuing from start (0 for an empty prefix).</summary>
        public Crc64Digest(ulong start = 0)
        {
            Value = start;
        }

        /// <summary>The CRC-64 of everything so far.</summary>
        public ulong Value { get; private set; }

        /// <summary>Adds data[offset..offset+count) to the CRC.</summary>
        public void Update(byte[] data, int offset, int count)
        {
            Value = Crc64.Update(Value, data, offset, count);
        }
    }
}
