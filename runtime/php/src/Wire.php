<?php

declare(strict_types=1);

namespace OssGen\Runtime;

/** Parsing of the numbers an answer carries: plain non-negative decimals only, never read as 0 when broken. */
final class Wire
{
    private const UINT64_MAX = '18446744073709551615';
    private const INT64_MAX = '9223372036854775807';

    /** An unsigned 64-bit decimal as the int with the same 64 bits, or null when it is not one. */
    public static function parseUnsigned(string $text): ?int
    {
        // ctype_digit in C instead of a regular expression: isdigit() is 0-9 only, whatever the locale.
        $t = \trim($text);
        if (\strlen($t) > 20 || !\ctype_digit($t)) {
            return null;
        }
        if (\strlen($t) < 19) {
            return (int) $t;
        }
        $digits = \ltrim($t, '0');
        if ($digits === '') {
            return 0;
        }
        if (\strlen($digits) > 20 || (\strlen($digits) === 20 && \strcmp($digits, self::UINT64_MAX) > 0)) {
            return null;
        }
        if (\strlen($digits) < 19) {
            return (int) $digits;
        }
        // hi × 10^10 + lo, wrapping at 64 bits with no float ever: hi < 1.9 × 10^9, so hi × 5^10 fits in 63 bits,
        // and × 2^10 is a shift (bits past 64 fall off). One multiplication instead of a loop per digit (the
        // CRC-64 of every answer is parsed here).
        $hi = (int) \substr($digits, 0, -10);
        $lo = (int) \substr($digits, -10);
        return self::add(($hi * 9765625) << 10, $lo);
    }

    /** A signed 64-bit decimal that must be non-negative (positions, lengths), or null. */
    public static function parseLong(string $text): ?int
    {
        $t = \trim($text);
        if (\strlen($t) > 19 || !\ctype_digit($t)) {
            return null;
        }
        // 19 digits with a leading zero sort below INT64_MAX as text, as their value does.
        if (\strlen($t) === 19 && \strcmp($t, self::INT64_MAX) > 0) {
            return null;
        }
        return (int) $t;
    }

    /** a + b modulo 2^64, in two 32-bit halves so PHP never turns the sum into a float. */
    public static function add(int $a, int $b): int
    {
        $low = ($a & 0xFFFFFFFF) + ($b & 0xFFFFFFFF);
        $high = (($a >> 32) & 0xFFFFFFFF) + (($b >> 32) & 0xFFFFFFFF) + ($low >> 32);
        return (($high & 0xFFFFFFFF) << 32) | ($low & 0xFFFFFFFF);
    }
}
