<?php

declare(strict_types=1);

namespace OssGen\Runtime;

/** One HTTP request as the transport sends it. */
final class WireRequest
{
    /**
     * @param array<string, string> $headers
     * @param (callable(string): void)|null $onSent told of each block of the body as it is sent
     * @param (callable(string): void)|null $onBody told of each block of a successful answer's body (else it is kept)
     */
    public function __construct(
        public readonly string $method,
        public readonly string $url,
        public readonly array $headers,
        public readonly ?Body $body,
        public readonly float $timeoutSeconds,
        public readonly mixed $onSent = null,
        public readonly mixed $onBody = null,
    ) {
    }
}
