<?php

declare(strict_types=1);

namespace OssGen\Runtime;

/**
 * A reflected CRC-64 (all-ones init and xor-out, as CRC-64/XZ), table-driven (slicing by 8), on PHP's
 * signed 64-bit ints: every right shift is masked, because PHP's `>>` copies the sign bit, and no value
 * ever goes through a float. Values are unsigned 64-bit numbers held in an int; `Crc64::format()` prints
 * one. `combine()` gives the CRC of two byte strings end to end from their CRCs, without the bytes.
 */
final class Crc64
{
    /** Bytes unpacked per step of the sliced loop. */
    private const BLOCK = 8192;

    private readonly int $reflected;
    /** @var list<array<int, int>> tables[k][b]: the CRC of byte b followed by k zero bytes */
    private array $tables = [];

    /** @param string $polynomial the polynomial in normal (unreflected) form, unsigned decimal */
    public function __construct(string $polynomial)
    {
        $normal = Wire::parseUnsigned($polynomial);
        if ($normal === null) {
            throw new \InvalidArgumentException('a CRC-64 polynomial is an unsigned decimal');
        }
        $reflected = 0;
        for ($i = 0; $i < 64; $i++) {
            $reflected = ($reflected << 1) | (($normal >> $i) & 1);
        }
        $this->reflected = $reflected;
        $t0 = [];
        for ($n = 0; $n < 256; $n++) {
            $c = $n;
            for ($k = 0; $k < 8; $k++) {
                // (c >> 1) with the sign bit cleared: a logical shift.
                $c = ($c & 1) !== 0 ? (($c >> 1) & PHP_INT_MAX) ^ $reflected : ($c >> 1) & PHP_INT_MAX;
            }
            $t0[$n] = $c;
        }
        $this->tables[0] = $t0;
        for ($k = 1; $k < 8; $k++) {
            $previous = $this->tables[$k - 1];
            $table = [];
            for ($n = 0; $n < 256; $n++) {
                $c = $previous[$n];
                $table[$n] = $t0[$c & 0xFF] ^ (($c >> 8) & 0x00FFFFFFFFFFFFFF);
            }
            $this->tables[$k] = $table;
        }
    }

    /** The CRC-64 of `$data` continued from `$crc` (the CRC-64 of the bytes before; 0 for none). */
    public function update(int $crc, string $data): int
    {
        $c = ~$crc;
        [$t0, $t1, $t2, $t3, $t4, $t5, $t6, $t7] = $this->tables;
        $length = strlen($data);
        $i = 0;
        // Eight bytes at a time: one little-endian word XORed in, eight table lookups.
        while ($length - $i >= 8) {
            $words = min(self::BLOCK, $length - $i) >> 3;
            foreach (unpack('P' . $words, $data, $i) as $word) {
                $c ^= $word;
                $c = $t7[$c & 0xFF] ^ $t6[($c >> 8) & 0xFF] ^ $t5[($c >> 16) & 0xFF] ^ $t4[($c >> 24) & 0xFF]
                    ^ $t3[($c >> 32) & 0xFF] ^ $t2[($c >> 40) & 0xFF] ^ $t1[($c >> 48) & 0xFF] ^ $t0[($c >> 56) & 0xFF];
            }
            $i += $words << 3;
        }
        for (; $i < $length; $i++) {
            $c = $t0[($c ^ ord($data[$i])) & 0xFF] ^ (($c >> 8) & 0x00FFFFFFFFFFFFFF);
        }
        return ~$c;
    }

    /**
     * The CRC of A followed by B from the CRCs of A and B and the length of B (zlib's GF(2) matrix
     * method), for when a chunk's own CRC is known and the object's is wanted.
     */
    public function combine(int $crcA, int $crcB, int $lengthB): int
    {
        if ($lengthB <= 0) {
            return $crcA;
        }
        $odd = [$this->reflected];
        $row = 1;
        for ($n = 1; $n < 64; $n++) {
            $odd[$n] = $row;
            $row <<= 1;
        }
        $even = self::square($odd);
        $odd = self::square($even);
        $crc = $crcA;
        $length = $lengthB;
        while (true) {
            $even = self::square($odd);
            if (($length & 1) !== 0) {
                $crc = self::times($even, $crc);
            }
            $length >>= 1;
            if ($length === 0) {
                break;
            }
            $odd = self::square($even);
            if (($length & 1) !== 0) {
                $crc = self::times($odd, $crc);
            }
            $length >>= 1;
            if ($length === 0) {
                break;
            }
        }
        return $crc ^ $crcB;
    }

    /** @param array<int, int> $matrix */
    private static function times(array $matrix, int $vector): int
    {
        $sum = 0;
        for ($i = 0; $vector !== 0; $i++) {
            if (($vector & 1) !== 0) {
                $sum ^= $matrix[$i];
            }
            $vector = ($vector >> 1) & PHP_INT_MAX;
        }
        return $sum;
    }

    /** @param array<int, int> $matrix @return array<int, int> */
    private static function square(array $matrix): array
    {
        $square = [];
        for ($n = 0; $n < 64; $n++) {
            $square[$n] = self::times($matrix, $matrix[$n]);
        }
        return $square;
    }

    /** An unsigned 64-bit value as its decimal digits. */
    public static function format(int $value): string
    {
        return sprintf('%u', $value);
    }
}
