<?php

declare(strict_types=1);

namespace OssGen\Runtime;

/**
 * Reads an error document: the text of each child element of the root, by element name. Anything else
 * (not XML, another root, a DTD) gives an empty map; entities are never expanded and nothing is fetched.
 */
final class ErrorDocument
{
    /** @return array<string, string> */
    public static function parse(string $xml, string $root): array
    {
        if ($xml === '' || strlen($xml) > (1 << 20) || stripos($xml, '<!DOCTYPE') !== false || stripos($xml, '<!ENTITY') !== false) {
            return [];
        }
        $previous = libxml_use_internal_errors(true);
        try {
            $doc = simplexml_load_string($xml, \SimpleXMLElement::class, LIBXML_NONET);
        } finally {
            libxml_clear_errors();
            libxml_use_internal_errors($previous);
        }
        if ($doc === false || $doc->getName() !== $root) {
            return [];
        }
        $out = [];
        foreach ($doc->children() as $child) {
            $out[$child->getName()] = (string) $child;
        }
        return $out;
    }
}
