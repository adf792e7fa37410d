<?php

declare(strict_types=1);

namespace OssGen\Runtime;

/**
 * Reads an error document: the text of each child element of the root, by element name. Parsed by
 * hand in one forward pass, never by an XML library, so a hostile body can cost neither quadratic
 * time nor entity expansion, and malformed markup (bad character references, unclosed tags) yields
 * fewer fields instead of none. A document with a DTD gives an empty map: nothing is ever fetched or
 * expanded.
 */
final class ErrorDocument
{
    private const ENTITIES = ['lt' => '<', 'gt' => '>', 'amp' => '&', 'quot' => '"', 'apos' => "'"];

    /** @return array<string, string> */
    public static function parse(string $xml, string $root): array
    {
        if ($xml === '' || \stripos($xml, '<!DOCTYPE') !== false || \stripos($xml, '<!ENTITY') !== false) {
            return [];
        }
        $found = [];
        $inside = false;
        $child = null;
        $childStart = 0;
        $position = 0;
        $length = \strlen($xml);
        while ($position < $length) {
            $end = \strpos($xml, '>', $position);
            if ($end === false) {
                return $found;
            }
            // The tag runs from the nearest '<' before its '>': every byte is looked at a bounded number of times.
            $start = \strrpos(\substr($xml, $position, $end - $position), '<');
            $segment = $position;
            $position = $end + 1;
            if ($start === false) {
                continue;
            }
            $start += $segment;
            $tag = \substr($xml, $start + 1, $end - $start - 1);
            if ($tag === '' || $tag[0] === '?' || $tag[0] === '!') {
                continue;
            }
            $closing = $tag[0] === '/';
            if (\preg_match('/^[A-Za-z_][\w.:-]*/', $closing ? \substr($tag, 1) : $tag, $m) !== 1) {
                continue;
            }
            $name = $m[0];
            $selfClosing = \str_ends_with($tag, '/');
            if (!$inside) {
                $local = \str_contains($name, ':') ? \substr($name, \strrpos($name, ':') + 1) : $name;
                if ($closing || $local !== $root || $selfClosing) {
                    return $found;
                }
                $inside = true;
            } elseif ($child === null) {
                if ($closing) {
                    return $found;
                }
                if ($selfClosing) {
                    $found[$name] = '';
                } else {
                    $child = $name;
                    $childStart = $end + 1;
                }
            } elseif ($closing && $name === $child) {
                $found[$name] = self::decode(\substr($xml, $childStart, $start - $childStart));
                $child = null;
            }
        }
        return $found;
    }

    /** Character references and the five predefined entities; one that names no character stays as written. */
    private static function decode(string $text): string
    {
        if (!\str_contains($text, '&')) {
            return $text;
        }
        return (string) \preg_replace_callback('/&(#[xX][0-9a-fA-F]{1,8}|#[0-9]{1,10}|[A-Za-z]{2,4});/', static function (array $m): string {
            $entity = $m[1];
            if ($entity[0] !== '#') {
                return self::ENTITIES[$entity] ?? $m[0];
            }
            $point = ($entity[1] === 'x' || $entity[1] === 'X') ? (int) \hexdec(\substr($entity, 2)) : (int) \substr($entity, 1);
            $legal = $point === 0x9 || $point === 0xA || $point === 0xD || ($point >= 0x20 && $point <= 0xD7FF) || ($point >= 0xE000 && $point <= 0xFFFD) || ($point >= 0x10000 && $point <= 0x10FFFF);
            return $legal ? self::utf8($point) : $m[0];
        }, $text);
    }

    /** A code point as UTF-8, without ext-mbstring. */
    private static function utf8(int $point): string
    {
        if ($point < 0x80) {
            return \chr($point);
        }
        if ($point < 0x800) {
            return \chr(0xC0 | ($point >> 6)) . \chr(0x80 | ($point & 0x3F));
        }
        if ($point < 0x10000) {
            return \chr(0xE0 | ($point >> 12)) . \chr(0x80 | (($point >> 6) & 0x3F)) . \chr(0x80 | ($point & 0x3F));
        }
        return \chr(0xF0 | ($point >> 18)) . \chr(0x80 | (($point >> 12) & 0x3F)) . \chr(0x80 | (($point >> 6) & 0x3F)) . \chr(0x80 | ($point & 0x3F));
    }
}
