<?php

declare(strict_types=1);

namespace OssGen\Runtime;

/** An answer: its status, headers (lower-case names) and body (empty when it went to the request's onBody). */
final class WireResponse
{
    /** @param array<string, string> $headers */
    public function __construct(public readonly int $status, public readonly array $headers, public readonly string $body)
    {
    }

    public function header(string $name): ?string
    {
        return $this->headers[\strtolower($name)] ?? null;
    }
}
