<?php

declare(strict_types=1);

namespace OssGen\Runtime;

/** The CRC-64 the service reports is not the one of the bytes sent or received. Values are unsigned decimals. */
final class IntegrityException extends OssException
{
    public function __construct(public readonly string $operation, public readonly string $expected, public readonly string $actual, public readonly string $requestId = '')
    {
        parent::__construct($operation . ': CRC-64 mismatch: computed ' . $expected . ', the service says ' . $actual);
    }
}
