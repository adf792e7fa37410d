using System;
using System.IO;

namespace OssgenRuntime
{
    /// <summary>
    /// The service's CRC-64 (the model's parameters in Protocol; CRC-64/XZ for OSS), reflected, sliced by 8.
    /// A CRC value continues a stream: Checksum(b, Checksum(a)) == Checksum(a + b). The model's init and
    /// xor-out are equal (all ones), so 0 is the CRC of nothing and the start of every object.
    /// </summary>
    public static class Crc64
    {
        private static readonly ulong[][] Tables = BuildTables();

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
            var tables = new ulong[8][];
            for (int t = 0; t < 8; t++) tables[t] = new ulong[256];
            for (int n = 0; n < 256; n++)
            {
                ulong crc = (ulong)n;
                for (int k = 0; k < 8; k++) crc = (crc & 1) != 0 ? (crc >> 1) ^ reflected : crc >> 1;
                tables[0][n] = crc;
            }
            for (int n = 0; n < 256; n++)
            {
                ulong crc = tables[0][n];
                for (int t = 1; t < 8; t++)
                {
                    crc = tables[0][crc & 0xFF] ^ (crc >> 8);
                    tables[t][n] = crc;
                }
            }
            return tables;
        }

        /// <summary>The CRC-64 of <paramref name="count"/> bytes continuing from <paramref name="crc"/> (0: a new stream).</summary>
        public static ulong Update(ulong crc, byte[] data, int offset, int count)
        {
            ulong state = crc ^ Protocol.Crc64XorOut;
            ulong[] t0 = Tables[0], t1 = Tables[1], t2 = Tables[2], t3 = Tables[3];
            ulong[] t4 = Tables[4], t5 = Tables[5], t6 = Tables[6], t7 = Tables[7];
            int i = offset;
            int end = offset + count;
            while (end - i >= 8)
            {
                state ^= BitConverter.IsLittleEndian
                    ? BitConverter.ToUInt64(data, i)
                    : (ulong)data[i] | ((ulong)data[i + 1] << 8) | ((ulong)data[i + 2] << 16) | ((ulong)data[i + 3] << 24)
                      | ((ulong)data[i + 4] << 32) | ((ulong)data[i + 5] << 40) | ((ulong)data[i + 6] << 48) | ((ulong)data[i + 7] << 56);
                state = t7[state & 0xFF] ^ t6[(state >> 8) & 0xFF] ^ t5[(state >> 16) & 0xFF] ^ t4[(state >> 24) & 0xFF]
                    ^ t3[(state >> 32) & 0xFF] ^ t2[(state >> 40) & 0xFF] ^ t1[(state >> 48) & 0xFF] ^ t0[state >> 56];
                i += 8;
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
            return Update(start, data, 0, data.Length);
        }

        /// <summary>The CRC-64 of a file, read in blocks.</summary>
        public static ulong ChecksumFile(string path)
        {
            var digest = new Crc64Digest();
            var buffer = new byte[64 * 1024];
            using (var file = File.OpenRead(path))
            {
                int n;
                while ((n = file.Read(buffer, 0, buffer.Length)) > 0) digest.Update(buffer, 0, n);
            }
            return digest.Value;
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
