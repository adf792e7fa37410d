<?php

declare(strict_types=1);

namespace OssGen\Runtime;

/**
 * A request body: bytes in memory, a file (streamed from disk, never read whole) or an open stream.
 * Bytes and files can be sent again (retries, an append's recovery); a stream only once.
 */
final class Body
{
    /** @param resource|null $stream */
    private function __construct(private readonly ?string $bytes, private readonly ?string $path, private $stream, private readonly int $length)
    {
    }

    public static function of(string|self $body): self
    {
        return $body instanceof self ? $body : self::fromString($body);
    }

    public static function fromString(string $bytes): self
    {
        return new self($bytes, null, null, \strlen($bytes));
    }

    public static function fromFile(string $path): self
    {
        if (!\is_file($path) || !\is_readable($path)) {
            throw new ValidationException('body', 'is not a readable file: ' . $path);
        }
        $size = \filesize($path);
        if ($size === false) {
            throw new ValidationException('body', 'has no size: ' . $path);
        }
        return new self(null, $path, null, $size);
    }

    /** An open stream of `$length` bytes from its current position; sent once, never resent. @param resource $stream */
    public static function fromStream($stream, int $length): self
    {
        if (!\is_resource($stream) || $length < 0) {
            throw new ValidationException('body', 'needs an open stream and its length');
        }
        return new self(null, null, $stream, $length);
    }

    public function length(): int
    {
        return $this->length;
    }

    public function replayable(): bool
    {
        return $this->stream === null;
    }

    /** The bytes when they are in memory (no copy), else null. */
    public function bytes(): ?string
    {
        return $this->bytes;
    }

    /** A stream at the body's first byte; the caller closes it unless it is the caller's own stream. @return resource */
    public function open()
    {
        if ($this->stream !== null) {
            return $this->stream;
        }
        if ($this->path !== null) {
            $handle = @\fopen($this->path, 'rb');
            if ($handle === false) {
                throw new ValidationException('body', 'cannot be opened: ' . $this->path);
            }
            return $handle;
        }
        $handle = \fopen('php://temp', 'w+b');
        if ($handle === false) {
            throw new \RuntimeException('php://temp cannot be opened');
        }
        \fwrite($handle, (string) $this->bytes);
        \rewind($handle);
        return $handle;
    }

    /** Whether open() hands out a stream the body owns (to close after sending). */
    public function ownsStream(): bool
    {
        return $this->stream === null;
    }

    /** Every byte, block by block, from the start (a replayable body only). @return \Generator<int, string> */
    public function blocks(int $size = 65536): \Generator
    {
        if ($this->bytes !== null) {
            yield $this->bytes;
            return;
        }
        $handle = $this->open();
        try {
            while (!\feof($handle)) {
                $block = \fread($handle, $size);
                if ($block === false || $block === '') {
                    break;
                }
                yield $block;
            }
        } finally {
            if ($this->ownsStream()) {
                \fclose($handle);
            }
        }
    }
}
