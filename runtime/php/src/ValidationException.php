<?php

declare(strict_types=1);

namespace OssGen\Runtime;

/** A request or setting refused before anything was sent; `member` names it, `errorCode` is the code the service would answer. */
final class ValidationException extends OssException
{
    public function __construct(public readonly string $member, string $message, public readonly string $errorCode = '')
    {
        parent::__construct($member . ': ' . $message);
    }
}
