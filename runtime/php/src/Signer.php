<?php

declare(strict_types=1);

namespace OssGen\Runtime;

/**
 * Request signing, V4 (the default) and V1, and presigned URLs, per docs/wire-contract.md. Every name
 * (algorithms, headers, the scope's product and terminator, query parameters) comes from the protocol
 * array the generated Protocol class gives it.
 *
 * A query is a list of [name, value] pairs; a value of null is a flag written without `=`.
 */
final class Signer
{
    /** The lower-case prefix of the headers every signature covers (x-oss-), and the other headers it covers. */
    private readonly string $signedPrefix;
    /** @var array<string, int> */
    private readonly array $signedHeaders;
    /** The last V4 time stamp made, its second and scope: a client's requests mostly fall in the same second. */
    private int $stampSecond = -1;
    private string $stamp = '';
    /** The scope of the last stamp's day in the region it was made for. */
    private string $stampScope = '';
    private string $stampRegion = '';
    /** The last canonical URI made, and its bucket and key (an Appender signs the same one for every append). */
    private string $uri = '';
    private string $uriBucket = '';
    private ?string $uriKey = null;

    /** @param array<string, mixed> $p the generated Protocol::spec() */
    public function __construct(private readonly array $p)
    {
        $this->signedPrefix = $p['signing']['prefix'];
        $this->signedHeaders = \array_flip($p['signing']['headers']);
    }

    /** Percent-encodes the UTF-8 bytes of `$text`, keeping only A-Z a-z 0-9 - _ . ~ (and `/` when asked). */
    public static function uriEncode(string $text, bool $keepSlash): string
    {
        // rawurlencode (RFC 3986) keeps exactly A-Z a-z 0-9 - _ . ~ and writes upper-case hex, in C: one call
        // instead of a PHP loop over every byte of every name (a request encodes its path three times).
        $encoded = \rawurlencode($text);
        return $keepSlash ? \str_replace('%2F', '/', $encoded) : $encoded;
    }

    /** The query string: sorted by encoded name (then value), flags without `=`. @param list<array{0: string, 1: ?string}> $query */
    public static function canonicalQuery(array $query): string
    {
        $names = [];
        $parts = [];
        foreach ($query as [$name, $value]) {
            $encoded = \rawurlencode($name);
            $names[] = $encoded;
            $parts[] = $value === null ? $encoded : $encoded . '=' . \rawurlencode($value);
        }
        if (\count($parts) > 1) {
            // By name, then by the whole part (binary string order, as strcmp), in C: no PHP call per comparison.
            \array_multisort($names, SORT_STRING, $parts, SORT_STRING);
        }
        return \implode('&', $parts);
    }

    /**
     * canonicalQuery($query) around the value of `$query[$at]`, a part with a value whose name no other part has
     * (so its place in the order does not depend on its value): [the text up to its `=`, the text after its
     * value]; the whole is then the first . rawurlencode(value) . the second.
     *
     * @param list<array{0: string, 1: ?string}> $query
     * @return array{0: string, 1: string}
     */
    public static function canonicalQueryAround(array $query, int $at): array
    {
        $names = [];
        $parts = [];
        $order = [];
        foreach ($query as $i => [$name, $value]) {
            $encoded = \rawurlencode($name);
            $names[] = $encoded;
            $parts[] = $value === null ? $encoded : $encoded . '=' . \rawurlencode($value);
            $order[] = $i;
        }
        \array_multisort($names, SORT_STRING, $parts, SORT_STRING, $order);
        $k = (int) \array_search($at, $order, true);
        $head = \implode('&', \array_slice($parts, 0, $k));
        $tail = \implode('&', \array_slice($parts, $k + 1));
        return [($head === '' ? '' : $head . '&') . $names[$k] . '=', $tail === '' ? '' : '&' . $tail];
    }

    private function isSignedV4(string $lowerName): bool
    {
        return \str_starts_with($lowerName, $this->signedPrefix) || isset($this->signedHeaders[$lowerName]);
    }

    /** The V4 scope of a day and region. */
    public function scope(string $day, string $region): string
    {
        return "{$day}/{$region}/{$this->p['v4']['product']}/{$this->p['v4']['scopeTerminator']}";
    }

    /**
     * The hex V4 signature of a canonical request.
     *
     * @param list<array{0: string, 1: ?string}> $query
     * @param array<string, string> $headers
     * @param list<string> $additional lower-case names of more headers to sign
     * @param ?string $encodedQuery canonicalQuery($query) when the caller has it already
     * @param ?string $scope scope() of the stamp's day and the region when the caller has it already
     */
    public function v4Signature(string $method, string $bucket, string $key, array $query, array $headers, #[\SensitiveParameter] string $secret, string $region, string $stamp, string $payloadHash, array $additional = [], ?string $encodedQuery = null, ?string $scope = null): string
    {
        // The last headers signed and their canonical text, which depends on them and on what this Signer signs
        // alone: the same headers (an Appender's, within one second) give the same text. In a static, as the
        // signing key: the headers may hold a security token, which var_export() of the client must not reach.
        /** @var array{0: string, 1: array<string, int>, 2: array<string, string>, 3: list<string>, 4: string}|null $last */
        static $last = null;
        if ($last !== null && $headers === $last[2] && $additional === $last[3] && $this->signedPrefix === $last[0] && $this->signedHeaders === $last[1]) {
            $canonicalHeaders = $last[4];
        } else {
            $signed = [];
            foreach ($headers as $name => $value) {
                $lower = \strtolower((string) $name);
                if ($this->isSignedV4($lower) || ($additional !== [] && \in_array($lower, $additional, true))) {
                    $signed[$lower] = \trim($value);
                }
            }
            if (\count($signed) > 1) {
                \ksort($signed, SORT_STRING);
            }
            $canonicalHeaders = '';
            foreach ($signed as $name => $value) {
                $canonicalHeaders .= $name . ':' . $value . "\n";
            }
            $last = [$this->signedPrefix, $this->signedHeaders, $headers, $additional, $canonicalHeaders];
        }
        if ($bucket !== $this->uriBucket || $key !== $this->uriKey) {
            $this->uri = self::uriEncode('/' . $bucket . '/' . $key, true);
            $this->uriBucket = $bucket;
            $this->uriKey = $key;
        }
        // Interpolated, not a chain of `.`: one string built, not one a piece (the same for the texts below).
        $encodedQuery ??= self::canonicalQuery($query);
        $additionalNames = $additional === [] ? '' : \implode(';', $additional);
        $canonical = "{$method}\n{$this->uri}\n{$encodedQuery}\n{$canonicalHeaders}\n{$additionalNames}\n{$payloadHash}";
        $scope ??= $this->scope(\substr($stamp, 0, 8), $region);
        // HMAC-SHA256 by hand from copies of kept SHA-256 contexts (hash_final() of an HMAC context hashes its outer
        // key block again). The string to sign is the algorithm, stamp and scope, then the canonical request's hash: all but that hash
        // is the same for a second's requests. Kept for the last secret, stamp and scope: the inner hash of the
        // HMAC continued past that text's whole 64-byte blocks, the rest of it, and the outer hash (the key blocks
        // hashed, see signingKey()). In a static, as the signing key: the contexts hold the key blocks.
        /** @var array{0: string, 1: string, 2: string, 3: string, 4: array<string, string>, 5: \HashContext, 6: string, 7: \HashContext}|null $second */
        static $second = null;
        $v4 = $this->p['v4'];
        if ($second === null || $second[0] !== $secret || $second[1] !== $stamp || $second[2] !== $scope || $second[3] !== $region || $second[4] !== $v4) {
            [$inner, $outer] = $this->signingKey($secret, \substr($stamp, 0, 8), $region);
            $prefix = "{$v4['algorithm']}\n{$stamp}\n{$scope}\n";
            $whole = \strlen($prefix) & ~63;
            $continued = \hash_copy($inner);
            \hash_update($continued, \substr($prefix, 0, $whole));
            $second = [$secret, $stamp, $scope, $region, $v4, $continued, \substr($prefix, $whole), $outer];
        }
        $canonicalHash = \hash('sha256', $canonical);
        $hash = \hash_copy($second[5]);
        \hash_update($hash, "{$second[6]}{$canonicalHash}");
        $digest = \hash_final($hash, true);
        $hash = \hash_copy($second[7]);
        \hash_update($hash, $digest);
        return \hash_final($hash);
    }

    /**
     * The V4 signing key, as the two SHA-256 contexts of an HMAC keyed with it (its inner and outer key blocks
     * hashed; hash_copy() them, then sign): four HMACs that
     * change only with the day (and secret and region), so a day's requests derive it once. Kept in a static of this method, not in a property: var_export() and (array) casts of
     * the client, which ignore __debugInfo(), never reach it (neither do they the secret in its keys; a secret
     * has no line break, Core checks it). At most a few are kept (a clock at midnight, a second secret or
     * region): the map is emptied when it grows past 8. Every input of the key is in the map's key, so Signers
     * of different specs in one process never share one.
     *
     * @return array{0: \HashContext, 1: \HashContext}
     */
    private function signingKey(#[\SensitiveParameter] string $secret, string $day, string $region): array
    {
        /** @var array<string, array{0: \HashContext, 1: \HashContext}> $keys */
        static $keys = [];
        $v4 = $this->p['v4'];
        $id = "{$v4['secretPrefix']}{$secret}\n{$day}\n{$region}\n{$v4['product']}\n{$v4['scopeTerminator']}";
        if (isset($keys[$id])) {
            return $keys[$id];
        }
        $signingKey = \hash_hmac('sha256', $day, $v4['secretPrefix'] . $secret, true);
        foreach ([$region, $v4['product'], $v4['scopeTerminator']] as $part) {
            $signingKey = \hash_hmac('sha256', $part, $signingKey, true);
        }
        if (\count($keys) >= 8) {
            $keys = [];
        }
        // The key (32 bytes) padded to SHA-256's 64-byte block, XORed with the HMAC pads (RFC 2104).
        $block = \str_pad($signingKey, 64, "\0");
        $inner = \hash_init('sha256');
        \hash_update($inner, $block ^ \str_repeat("\x36", 64));
        $outer = \hash_init('sha256');
        \hash_update($outer, $block ^ \str_repeat("\x5c", 64));
        return $keys[$id] = [$inner, $outer];
    }

    public static function v4Stamp(int $epochSeconds): string
    {
        return \gmdate('Ymd\THis\Z', $epochSeconds);
    }

    /**
     * `$headers` plus the V4 date, payload-hash and Authorization headers (`$encodedQuery`: canonicalQuery($query)
     * when the caller has it already, so a request encodes its query once).
     *
     * @param list<array{0: string, 1: ?string}> $query
     * @param array<string, string> $headers
     * @return array<string, string>
     */
    public function signV4(string $method, string $bucket, string $key, array $query, array $headers, string $accessKeyId, #[\SensitiveParameter] string $secret, string $region, int $epochSeconds, ?string $encodedQuery = null): array
    {
        $v4 = $this->p['v4'];
        if ($epochSeconds !== $this->stampSecond || $region !== $this->stampRegion) {
            $this->stamp = self::v4Stamp($epochSeconds);
            $this->stampScope = $this->scope(\substr($this->stamp, 0, 8), $region);
            $this->stampSecond = $epochSeconds;
            $this->stampRegion = $region;
        }
        $stamp = $this->stamp;
        $headers[$v4['dateHeader']] = $stamp;
        $headers[$v4['payloadHashHeader']] = $v4['payloadHash'];
        $scope = $this->stampScope;
        $signature = $this->v4Signature($method, $bucket, $key, $query, $headers, $secret, $region, $stamp, $v4['payloadHash'], [], $encodedQuery, $scope);
        $headers['Authorization'] = "{$v4['algorithm']} Credential={$accessKeyId}/{$scope},Signature={$signature}";
        return $headers;
    }

    /**
     * The base64 V1 signature: `$dateLine` on the Date line, the `$signed` query parameters in the resource.
     *
     * @param list<array{0: string, 1: ?string}> $query
     * @param array<string, string> $headers
     * @param list<string> $signed
     */
    public function v1Signature(string $method, string $bucket, string $key, array $query, array $headers, #[\SensitiveParameter] string $secret, string $dateLine, array $signed): string
    {
        $lowered = [];
        foreach ($headers as $name => $value) {
            $lowered[\strtolower((string) $name)] = \trim($value);
        }
        \ksort($lowered, SORT_STRING);
        $ossHeaders = '';
        foreach ($lowered as $name => $value) {
            if (\str_starts_with($name, $this->p['signing']['prefix'])) {
                $ossHeaders .= $name . ':' . $value . "\n";
            }
        }
        $sub = [];
        foreach ($query as [$name, $value]) {
            if (\in_array($name, $signed, true)) {
                $sub[] = [$name, $value];
            }
        }
        \usort($sub, static fn (array $a, array $b): int => \strcmp($a[0], $b[0]) ?: \strcmp($a[1] ?? '', $b[1] ?? ''));
        $resource = '/' . $bucket . '/' . $key;
        if ($sub !== []) {
            $resource .= '?' . \implode('&', \array_map(static fn (array $q): string => $q[1] === null ? $q[0] : $q[0] . '=' . $q[1], $sub));
        }
        $stringToSign = $method . "\n" . ($lowered['content-md5'] ?? '') . "\n" . ($lowered['content-type'] ?? '') . "\n" . $dateLine . "\n" . $ossHeaders . $resource;
        return \base64_encode(\hash_hmac('sha1', $stringToSign, $secret, true));
    }

    /**
     * `$headers` plus the V1 Date and Authorization headers.
     *
     * @param list<array{0: string, 1: ?string}> $query
     * @param array<string, string> $headers
     * @return array<string, string>
     */
    public function signV1(string $method, string $bucket, string $key, array $query, array $headers, string $accessKeyId, #[\SensitiveParameter] string $secret, int $epochSeconds): array
    {
        $date = \gmdate('D, d M Y H:i:s \G\M\T', $epochSeconds);
        $signature = $this->v1Signature($method, $bucket, $key, $query, $headers, $secret, $date, $this->p['signing']['subresources']);
        $headers[$this->p['v1']['dateHeader']] = $date;
        $headers['Authorization'] = $this->p['v1']['algorithm'] . ' ' . $accessKeyId . ':' . $signature;
        return $headers;
    }

    /**
     * The query parameters that presign a request with V4 (added to its own query).
     *
     * @param list<array{0: string, 1: ?string}> $query
     * @param array<string, string> $headers
     * @return list<array{0: string, 1: ?string}>
     */
    public function presignV4(string $method, string $bucket, string $key, array $query, array $headers, string $accessKeyId, #[\SensitiveParameter] string $secret, #[\SensitiveParameter] string $token, string $region, int $epochSeconds, int $expires): array
    {
        $ps = $this->p['presign']['v4'];
        $stamp = self::v4Stamp($epochSeconds);
        $added = [
            [$ps['algorithm'], $this->p['v4']['algorithm']],
            [$ps['credential'], $accessKeyId . '/' . $this->scope(\substr($stamp, 0, 8), $region)],
            [$ps['date'], $stamp],
            [$ps['expires'], (string) $expires],
        ];
        if ($token !== '' && $ps['securityToken'] !== '') {
            $added[] = [$ps['securityToken'], $token];
        }
        $signature = $this->v4Signature($method, $bucket, $key, \array_merge($query, $added), $headers, $secret, $region, $stamp, $ps['payloadHash']);
        $added[] = [$ps['signature'], $signature];
        return $added;
    }

    /**
     * The query parameters that presign a request with V1: the expiry signed on the Date line, the token a signed sub-resource.
     *
     * @param list<array{0: string, 1: ?string}> $query
     * @param array<string, string> $headers
     * @return list<array{0: string, 1: ?string}>
     */
    public function presignV1(string $method, string $bucket, string $key, array $query, array $headers, string $accessKeyId, #[\SensitiveParameter] string $secret, #[\SensitiveParameter] string $token, int $epochSeconds, int $expires): array
    {
        $ps = $this->p['presign']['v1'];
        $expiry = (string) ($epochSeconds + $expires);
        $tokenParam = $token !== '' && $ps['securityToken'] !== '' ? [[$ps['securityToken'], $token]] : [];
        $signed = \array_merge($this->p['signing']['subresources'], $ps['securityToken'] !== '' ? [$ps['securityToken']] : []);
        $signature = $this->v1Signature($method, $bucket, $key, \array_merge($query, $tokenParam), $headers, $secret, $expiry, $signed);
        return \array_merge([[$ps['accessKeyId'], $accessKeyId], [$ps['expires'], $expiry]], $tokenParam, [[$ps['signature'], $signature]]);
    }
}
