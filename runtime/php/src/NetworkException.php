<?php

declare(strict_types=1);

namespace OssGen\Runtime;

/** No complete answer arrived (connection refused or cut, a timeout): for an append, the outcome is unknown. */
final class NetworkException extends OssException
{
    public function __construct(public readonly string $operation, string $message, public readonly bool $timedOut = false)
    {
        parent::__construct($operation . ': ' . $message);
    }
}
