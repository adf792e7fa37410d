<?php

declare(strict_types=1);

namespace OssGen\Runtime;

/**
 * A reflected CRC-64 (all-ones init and xor-out, as CRC-64/XZ). Two paths, the same values:
 * - liblzma's lzma_crc64 through FFI (CRC-64/XZ in C, 1 GB/s and more where PHP's table does about 20 MB/s),
 *   taken when the FFI extension may be used (php-cli enables it by default), liblzma.so.5 loads and it gives
 *   the table's value for "123456789", so a model whose CRC is not CRC-64/XZ never takes it;
 * - a table (slicing by 8) on PHP's signed 64-bit ints, everywhere else or when OSSGEN_CRC64=php: every right
 *   shift is masked, because PHP's `>>` copies the sign bit, and no value ever goes through a float.
 * Values are unsigned 64-bit numbers held in an int; `Crc64::format()` prints one. `combine()` gives the CRC
 * of two byte strings end to end from their CRCs, without the bytes.
 */
final class Crc64
{
    /** Bytes unpacked per step of the sliced loop. */
    private const BLOCK = 8192;

    /** Which path update() takes: "liblzma" (through FFI) or "php" (the table). */
    public readonly string $implementation;
    private readonly int $reflected;
    /** @var list<array<int, int>> tables[k][b]: the CRC of byte b followed by k zero bytes */
    private array $tables = [];
    /** @var list<int> x^(2^k) modulo the polynomial, for combine() */
    private array $powers = [];
    /** combine()'s operator for the length it was last asked for (an Appender repeats its chunk size). */
    private int $lastLength = -1;
    private int $lastOperator = 0;
    /**
     * The last operator as 8 tables of 256 (table j, byte v: the operator times v placed at byte j), built when
     * a length comes a second time in a row: a product is then 8 lookups instead of a loop over 64 bits.
     *
     * @var list<array<int, int>>|null
     */
    private ?array $operatorTables = null;
    /** lzma_crc64 when it is used (an \FFI instance), else null. */
    private readonly ?object $native;
    /** One FFI binding per process: FFI::cdef parses and dlopens, which costs more than a small append. */
    private static ?object $lzma = null;
    private static bool $lzmaTried = false;

    /**
     * @param string $polynomial the polynomial in normal (unreflected) form, unsigned decimal
     * @param bool $native false: always the table (tests compare the two paths)
     */
    public function __construct(string $polynomial, bool $native = true)
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
        // powers[0] = x (bit 62: reflected, bit 63 is x^0); each next one the square of the one before.
        $this->powers[0] = 1 << 62;
        for ($k = 1; $k < 64; $k++) {
            $this->powers[$k] = $this->multiply($this->powers[$k - 1], $this->powers[$k - 1]);
        }
        $lzma = $native && \getenv('OSSGEN_CRC64') !== 'php' ? self::lzma() : null;
        $this->native = $lzma !== null && self::callLzma($lzma, '123456789', 0) === $this->tableUpdate(0, '123456789') ? $lzma : null;
        $this->implementation = $this->native !== null ? 'liblzma' : 'php';
    }

    /** lzma_crc64 bound through FFI, or null when FFI may not be used here or liblzma is not there. */
    private static function lzma(): ?object
    {
        if (!self::$lzmaTried) {
            self::$lzmaTried = true;
            try {
                // The buffer is declared as char *: FFI then passes a PHP string's own bytes, without a copy.
                self::$lzma = \class_exists(\FFI::class) ? \FFI::cdef('uint64_t lzma_crc64(const char *buf, size_t size, uint64_t crc);', 'liblzma.so.5') : null;
            } catch (\Throwable) {
                // FFI disabled (ffi.enable outside the CLI), or no liblzma: the table.
                self::$lzma = null;
            }
        }
        return self::$lzma;
    }

    private static function callLzma(object $lzma, string $data, int $crc): int
    {
        /** @var int */
        return $lzma->lzma_crc64($data, \strlen($data), $crc);
    }

    /** The CRC-64 of `$data` continued from `$crc` (the CRC-64 of the bytes before; 0 for none). */
    public function update(int $crc, string $data): int
    {
        if ($this->native !== null) {
            return self::callLzma($this->native, $data, $crc);
        }
        return $this->tableUpdate($crc, $data);
    }

    /** update() with the table, whichever path update() takes. */
    private function tableUpdate(int $crc, string $data): int
    {
        $c = ~$crc;
        [$t0, $t1, $t2, $t3, $t4, $t5, $t6, $t7] = $this->tables;
        $length = \strlen($data);
        $i = 0;
        // Eight bytes at a time: one little-endian word XORed in, eight table lookups.
        while ($length - $i >= 8) {
            $words = \min(self::BLOCK, $length - $i) >> 3;
            foreach (\unpack('P' . $words, $data, $i) as $word) {
                $c ^= $word;
                $c = $t7[$c & 0xFF] ^ $t6[($c >> 8) & 0xFF] ^ $t5[($c >> 16) & 0xFF] ^ $t4[($c >> 24) & 0xFF]
                    ^ $t3[($c >> 32) & 0xFF] ^ $t2[($c >> 40) & 0xFF] ^ $t1[($c >> 48) & 0xFF] ^ $t0[($c >> 56) & 0xFF];
            }
            $i += $words << 3;
        }
        for (; $i < $length; $i++) {
            $c = $t0[($c ^ \ord($data[$i])) & 0xFF] ^ (($c >> 8) & 0x00FFFFFFFFFFFFFF);
        }
        return ~$c;
    }

    /**
     * The CRC of A followed by B from the CRCs of A and B and the length of B: A's CRC times x^(8·lengthB)
     * modulo the polynomial, plus B's (zlib's crc32_combine_gen/op). The operator x^(8·lengthB) comes from the
     * 64 squares x^(2^k) and is kept for the last length, so an Appender's equal chunks pay one product.
     */
    public function combine(int $crcA, int $crcB, int $lengthB): int
    {
        if ($lengthB <= 0) {
            return $crcA;
        }
        if ($lengthB !== $this->lastLength) {
            // x^0 is bit 63; bytes are 8 bits, so the powers start at x^(2^3).
            $operator = PHP_INT_MIN;
            $k = 3;
            for ($n = $lengthB; $n !== 0; $n >>= 1, $k++) {
                if (($n & 1) !== 0) {
                    $operator = $this->multiply($this->powers[$k & 63], $operator);
                }
            }
            $this->lastLength = $lengthB;
            $this->lastOperator = $operator;
            $this->operatorTables = null;
            return $this->multiply($operator, $crcA) ^ $crcB;
        }
        $t = $this->operatorTables ??= $this->tablesOf($this->lastOperator);
        return $t[0][$crcA & 0xFF] ^ $t[1][($crcA >> 8) & 0xFF] ^ $t[2][($crcA >> 16) & 0xFF] ^ $t[3][($crcA >> 24) & 0xFF]
            ^ $t[4][($crcA >> 32) & 0xFF] ^ $t[5][($crcA >> 40) & 0xFF] ^ $t[6][($crcA >> 48) & 0xFF] ^ $t[7][($crcA >> 56) & 0xFF] ^ $crcB;
    }

    /**
     * multiply($operator, b) as tables by byte of b (the product is linear in b): bit p of b is x^(63-p), so its
     * product is the operator times x (63 - p) times, and a byte's entry is the XOR of its bits' products.
     *
     * @return list<array<int, int>>
     */
    private function tablesOf(int $operator): array
    {
        $byBit = [];
        $v = $operator;
        for ($p = 63; $p >= 0; $p--) {
            $byBit[$p] = $v;
            $v = ($v & 1) !== 0 ? (($v >> 1) & PHP_INT_MAX) ^ $this->reflected : ($v >> 1) & PHP_INT_MAX;
        }
        $tables = [];
        for ($j = 0; $j < 8; $j++) {
            $table = [0];
            for ($byte = 1; $byte < 256; $byte++) {
                // The byte without its lowest set bit (built already), plus that bit's product.
                $low = $byte & -$byte;
                $table[$byte] = $table[$byte ^ $low] ^ $byBit[8 * $j + (int) \log($low, 2)];
            }
            $tables[] = $table;
        }
        return $tables;
    }

    /** a × b modulo the polynomial, both reflected (bit 63 is x^0, bit 0 is x^63). */
    private function multiply(int $a, int $b): int
    {
        $product = 0;
        for ($bit = 63; $a !== 0; $bit--) {
            $mask = 1 << $bit;
            if (($a & $mask) !== 0) {
                $product ^= $b;
                $a ^= $mask;
            }
            // b × x: a logical right shift, the polynomial folded in when x^63 falls off.
            $b = ($b & 1) !== 0 ? (($b >> 1) & PHP_INT_MAX) ^ $this->reflected : ($b >> 1) & PHP_INT_MAX;
        }
        return $product;
    }

    /** An unsigned 64-bit value as its decimal digits. */
    public static function format(int $value): string
    {
        return \sprintf('%u', $value);
    }
}
