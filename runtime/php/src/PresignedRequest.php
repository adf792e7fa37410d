<?php

declare(strict_types=1);

namespace OssGen\Runtime;

/**
 * A request anyone holding it can send until `expiration` (Unix seconds): `method` to `url` with
 * `headers` and no Authorization. The signed headers among them must be sent with exactly these values.
 */
final class PresignedRequest
{
    /** @param array<string, string> $headers */
    public function __construct(public readonly string $method, public readonly string $url, public readonly int $expiration, public readonly array $headers)
    {
    }
}
