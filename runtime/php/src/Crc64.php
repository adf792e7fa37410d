<?php

declare(strict_types=1);

namespace OssGen\Runtime;

/**
 * A reflected CRC-64 (all-ones init and xor-out, as CRC-64/XZ), table-driven, on PHP's signed 64-bit
 * ints: every right shift is masked, because PHP's `>>` copies the sign bit, and no value ever goes
 * through a float. Values are unsigned 64-bit numbers held in an int; `Crc64::format()` prints one.
 */
final class Crc64
{
    /** @var array<int, int> */
    private array $table = [];

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
        for ($n = 0; $n < 256; $n++) {
            $c = $n;
            for ($k = 0; $k < 8; $k++) {
                // (c >> 1) with the sign bit cleared: a logical shift.
                $c = ($c & 1) !== 0 ? (($c >> 1) & PHP_INT_MAX) ^ $reflected : ($c >> 1) & PHP_INT_MAX;
            }
            $this->table[$n] = $c;
        }
    }

    /** The CRC-64 of `$data` continued from `$crc` (the CRC-64 of the bytes before; 0 for none). */
    public function update(int $crc, string $data): int
    {
        $c = ~$crc;
        $table = $this->table;
        $length = strlen($data);
        for ($i = 0; $i < $length; $i++) {
            $c = $table[($c ^ ord($data[$i])) & 0xFF] ^ (($c >> 8) & 0x00FFFFFFFFFFFFFF);
        }
        return ~$c;
    }

    /** An unsigned 64-bit value as its decimal digits. */
    public static function format(int $value): string
    {
        return sprintf('%u', $value);
    }
}
