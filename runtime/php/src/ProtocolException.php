<?php

declare(strict_types=1);

namespace OssGen\Runtime;

/** An answer that breaks the protocol (a missing or inconsistent header): an append's bytes may have landed. */
final class ProtocolException extends OssException
{
    public function __construct(public readonly string $operation, string $message, public readonly string $requestId = '')
    {
        parent::__construct($operation . ': ' . $message . ($requestId !== '' ? ' (request id ' . $requestId . ')' : ''));
    }
}
