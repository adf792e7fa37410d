<?php

declare(strict_types=1);

namespace OssGen\Runtime;

/**
 * An error answer of the service. `errorCode` is its code (PHP's own getCode() stays an int), the other
 * fields come from the error document or the headers. Each modelled error has a subclass with its fields.
 */
class ServiceException extends OssException
{
    /**
     * @param array<string, string> $headers the answer's headers, lower-case names
     * @param array<string, mixed> $fields the modelled error's own fields, by PHP name
     */
    public function __construct(
        public readonly string $operation,
        public readonly int $statusCode,
        public readonly string $errorCode,
        public readonly string $serviceMessage,
        public readonly string $requestId = '',
        public readonly string $hostId = '',
        public readonly string $ec = '',
        public readonly array $headers = [],
        array $fields = [],
    ) {
        parent::__construct($operation . ': ' . $errorCode . ' (HTTP ' . $statusCode . ')' . ($serviceMessage !== '' ? ': ' . $serviceMessage : '') . ($requestId !== '' ? ' (request id ' . $requestId . ')' : ''));
        $this->initFields($fields);
    }

    /** Sets a subclass's own fields; a plain ServiceException has none. @param array<string, mixed> $fields */
    protected function initFields(array $fields): void
    {
    }

    public function header(string $name): ?string
    {
        return $this->headers[\strtolower($name)] ?? null;
    }
}
