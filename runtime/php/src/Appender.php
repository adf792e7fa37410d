<?php

declare(strict_types=1);

namespace OssGen\Runtime;

/**
 * Appends to one object without ever duplicating or losing bytes. It opens at the object's length (a
 * missing object starts at 0; an object of another type is refused). When an append's outcome is unknown
 * (a network failure, an answer that breaks the protocol, a retryable 5xx) it finds out whether its own
 * bytes are at [position, position+size): its probe first, then a ranged read-back of those bytes. Found,
 * they count as appended (nothing is resent); the object unchanged, it resends; known not to be there,
 * it throws the position error. When the read-back itself fails the chunk is remembered, and the next
 * append first settles it, so retrying the same bytes after an exception is safe.
 *
 * The names of the operations and members it uses come from the generated Protocol::spec()['appender'].
 */
final class Appender
{
    private int $position = 0;
    private int $crc = 0;
    private bool $crcKnown = true;
    private bool $exists = false;
    private bool $uncertain = false;
    /** @var array{position: int, size: int, crc: int, expected: int, expectedKnown: bool}|null */
    private ?array $pending = null;
    /** @var array<string, mixed> */
    private readonly array $a;

    /**
     * @param array<string, mixed> $create the members of the creating append (headers such as the content type), by PHP name
     * @param \Closure(array<string, mixed>): object $wrap makes the append's result object of its values
     */
    public function __construct(private readonly Core $core, private readonly string $bucket, private readonly string $key, private readonly array $create, private readonly \Closure $wrap, private readonly int $chunkSize = 1 << 20, private readonly ?int $maxAttempts = null)
    {
        $this->a = $core->p['appender'];
        if ($chunkSize < 1) {
            throw new ValidationException('chunkSize', 'must be at least 1');
        }
        $this->sync();
    }

    /** Where the next append starts: the object's length. */
    public function position(): int
    {
        return $this->position;
    }

    /** The whole object's CRC-64 as far as known (unsigned 64 bits in an int; Crc64::format prints it). */
    public function crc64(): int
    {
        return $this->crc;
    }

    /** Appends `$data` at the current position and advances; returns the append's result. */
    public function append(string $data): object
    {
        $chunk = null;
        if ($this->pending !== null) {
            $own = $this->core->crc64->update(0, $data);
            $retry = $this->pending['size'] === \strlen($data) && $this->pending['crc'] === $own;
            $landed = $this->settlePending();
            if ($retry && $landed !== null) {
                return $landed;
            }
            if (!$this->uncertain) {
                $chunk = ['position' => $this->position, 'size' => \strlen($data), 'crc' => $own, 'expected' => $this->core->crc64->combine($this->crc, $own, \strlen($data)), 'expectedKnown' => $this->crcKnown];
            }
        }
        if ($this->uncertain) {
            $this->sync();
        }
        // Without a chunk description the bytes are hashed while curl takes them (Core's onSent), so the hashing
        // overlaps the server reading what went before; the description is made only when an append fails.
        $previousCrc = $this->crcKnown ? $this->crc : null;
        $position = $this->position;
        $values = $this->position === 0 ? \array_intersect_key($this->create, \array_flip($this->a['copied'])) : [];
        $values[$this->a['bucket']] = $this->bucket;
        $values[$this->a['key']] = $this->key;
        $values[$this->a['position']] = $this->position;
        $values[$this->a['body']] = $data;
        try {
            $out = self::recover($this->core, $values, $previousCrc, $this->maxAttempts ?? $this->core->maxAttempts, true, $chunk);
        } catch (ProtocolException | NetworkException $e) {
            // The bytes may have landed: do not advance, and find out before the next append.
            $this->pending = $chunk ?? $this->describeChunk($data, $position, $previousCrc);
            throw $e;
        } catch (ServiceException $e) {
            if (self::outcomeUnknown($this->core, $e)) {
                $this->pending = $chunk ?? $this->describeChunk($data, $position, $previousCrc);
            } else {
                $this->uncertain = true;
            }
            throw $e;
        } catch (IntegrityException $e) {
            $this->uncertain = true;
            throw $e;
        }
        $this->position = $out[$this->a['nextPosition']];
        $this->exists = true;
        $this->pending = null;
        $this->crc = $out[$this->a['crc']] ?? ($chunk ?? $this->describeChunk($data, $position, $previousCrc))['expected'];
        $this->crcKnown = $this->crcKnown || isset($out[$this->a['crc']]);
        return ($this->wrap)($out);
    }

    /** Appends a file in chunks, streamed from disk; returns the bytes appended. */
    public function appendFile(string $path): int
    {
        $handle = @\fopen($path, 'rb');
        if ($handle === false) {
            throw new ValidationException('file', 'cannot be opened: ' . $path);
        }
        try {
            return $this->appendStream($handle);
        } finally {
            \fclose($handle);
        }
    }

    /** Reads `$stream` to its end and appends it in chunks; an empty stream still creates a missing object. @param resource $stream */
    public function appendStream($stream): int
    {
        $total = 0;
        while (true) {
            $chunk = '';
            while (\strlen($chunk) < $this->chunkSize && !\feof($stream)) {
                $block = \fread($stream, $this->chunkSize - \strlen($chunk));
                if ($block === false || $block === '') {
                    break;
                }
                $chunk .= $block;
            }
            if ($chunk !== '') {
                $this->append($chunk);
                $total += \strlen($chunk);
            }
            if (\strlen($chunk) < $this->chunkSize) {
                if (!$this->exists) {
                    $this->append('');
                }
                return $total;
            }
        }
    }

    /** @return array{position: int, size: int, crc: int, expected: int, expectedKnown: bool} */
    private function describeChunk(string $data, int $position, ?int $previousCrc): array
    {
        $own = $this->core->crc64->update(0, $data);
        return ['position' => $position, 'size' => \strlen($data), 'crc' => $own, 'expected' => $this->core->crc64->combine($previousCrc ?? 0, $own, \strlen($data)), 'expectedKnown' => $previousCrc !== null];
    }

    /** @return array{length: int, crc: ?int, exists: bool} */
    private static function objectState(Core $core, string $bucket, string $key): array
    {
        $a = $core->p['appender'];
        try {
            $head = $core->invoke($a['probe'], [$a['probeBucket'] => $bucket, $a['probeKey'] => $key]);
        } catch (ServiceException $e) {
            if ($e->errorCode === $a['notFound']) {
                return ['length' => 0, 'crc' => null, 'exists' => false];
            }
            throw $e;
        }
        $type = $head[$a['probeType']] ?? null;
        if ($type !== $a['appendable']) {
            $class = $core->p['errors'][$a['notAppendable']]['class'] ?? ServiceException::class;
            throw new $class($a['append'], 0, $a['notAppendable'], 'the object is of type ' . \var_export($type, true) . ', not ' . $a['appendable'] . '; it cannot be appended to', (string) ($head[$a['probeRequestId']] ?? ''));
        }
        $length = $head[$a['probeNextPosition']] ?? $head[$a['probeLength']];
        if ($length < 0) {
            throw new ProtocolException($a['probe'], 'the answer says the object is ' . $length . ' bytes long');
        }
        return ['length' => $length, 'crc' => $head[$a['probeCrc']] ?? null, 'exists' => true];
    }

    private function sync(): void
    {
        $s = self::objectState($this->core, $this->bucket, $this->key);
        $this->position = $s['length'];
        $this->exists = $s['exists'];
        $this->crc = $s['crc'] ?? 0;
        $this->crcKnown = $s['crc'] !== null || !$s['exists'] || $s['length'] === 0;
        $this->uncertain = false;
    }

    /** A failed append that may still have landed: a network failure, an answer that broke the protocol, a retryable 5xx. */
    public static function outcomeUnknown(Core $core, \Throwable $e): bool
    {
        if ($e instanceof NetworkException || $e instanceof ProtocolException) {
            return true;
        }
        return $e instanceof ServiceException && \in_array($e->statusCode, $core->p['retry']['statuses'], true);
    }

    /**
     * Sends an append and, when its outcome is unknown, finds out whether its bytes landed, resending up to
     * `$attempts` times (the client's append and every append of an Appender).
     *
     * @param array<string, mixed> $values
     * @param array{position: int, size: int, crc: int, expected: int, expectedKnown: bool}|null $chunk
     * @return array<string, mixed>
     */
    public static function recover(Core $core, array $values, ?int $previousCrc, int $attempts, bool $readBackOnProtocolError, ?array $chunk = null): array
    {
        $a = $core->p['appender'];
        $unknown = null;
        for ($attempt = 1;; $attempt++) {
            try {
                return $core->invoke($a['append'], $values, $previousCrc, null, null, null, $chunk !== null && \is_string($values[$a['body']] ?? null) ? $chunk['crc'] : null);
            } catch (OssException $e) {
                $positionError = $e instanceof ServiceException && $e->errorCode === $a['positionError'];
                $resend = $unknown !== null && $positionError;
                $unknownOutcome = self::outcomeUnknown($core, $e) && ($readBackOnProtocolError || !$e instanceof ProtocolException);
                if (!$unknownOutcome && !$resend) {
                    throw $e;
                }
                if (!$resend) {
                    $unknown = $e;
                }
                $body = $values[$a['body']] ?? null;
                if (!\is_string($body) && !($body instanceof Body && $body->replayable())) {
                    // A stream that cannot be read again is not resent, and its bytes cannot be compared.
                    throw $unknown;
                }
                if ($chunk === null) {
                    $chunk = self::describe($core, Body::of($body), (int) $values[$a['position']], $previousCrc);
                }
                try {
                    [$found, $length] = self::locate($core, (string) $values[$a['bucket']], (string) $values[$a['key']], $chunk);
                } catch (OssException) {
                    throw $unknown;
                }
                if ($found === 'landed') {
                    return [$a['nextPosition'] => $chunk['position'] + $chunk['size'], $a['crc'] => $chunk['expectedKnown'] ? $chunk['expected'] : null];
                }
                if ($found !== 'absent') {
                    throw self::lostRace($core, $chunk, $length, $found === 'verified-absent');
                }
                if ($attempt >= $attempts) {
                    throw $unknown;
                }
                \usleep(\min(1_000_000, 50_000 * (1 << \min(5, $attempt - 1))));
            }
        }
    }

    /** @return array{position: int, size: int, crc: int, expected: int, expectedKnown: bool} */
    private static function describe(Core $core, Body $body, int $position, ?int $previousCrc): array
    {
        $own = 0;
        $size = 0;
        foreach ($body->blocks() as $block) {
            $own = $core->crc64->update($own, $block);
            $size += \strlen($block);
        }
        return ['position' => $position, 'size' => $size, 'crc' => $own, 'expected' => $core->crc64->combine($previousCrc ?? 0, $own, $size), 'expectedKnown' => $previousCrc !== null || $position === 0];
    }

    /**
     * Whether the chunk is at [position, position+size): the probe first, then, when the object has grown past
     * the chunk and its CRC-64 alone cannot tell, a ranged read of those bytes.
     *
     * @param array{position: int, size: int, crc: int, expected: int, expectedKnown: bool} $chunk
     * @return array{0: string, 1: int}
     */
    private static function locate(Core $core, string $bucket, string $key, array $chunk): array
    {
        $s = self::objectState($core, $bucket, $key);
        $end = $chunk['position'] + $chunk['size'];
        if ($chunk['size'] === 0) {
            if ($s['length'] === $chunk['position']) {
                return [$s['exists'] ? 'landed' : 'absent', $s['length']];
            }
            return ['elsewhere', $s['length']];
        }
        if ($s['length'] === $chunk['position']) {
            return ['absent', $s['length']];
        }
        if ($s['length'] === $end && $chunk['expectedKnown'] && $s['crc'] !== null && $s['crc'] === $chunk['expected']) {
            return ['landed', $s['length']];
        }
        if ($s['length'] >= $end) {
            return [self::rangeCrc($core, $bucket, $key, $chunk['position'], $chunk['size']) === $chunk['crc'] ? 'landed' : 'verified-absent', $s['length']];
        }
        return ['elsewhere', $s['length']];
    }

    /** The CRC-64 (from 0) of [position, position+size) of an object. */
    private static function rangeCrc(Core $core, string $bucket, string $key, int $position, int $size): int
    {
        $a = $core->p['appender'];
        $range = 'bytes=' . $position . '-' . ($position + $size - 1);
        $values = [$a['readBucket'] => $bucket, $a['readKey'] => $key, $a['readRange'] => $range];
        if ($a['rangeBehavior'] !== null) {
            // Strict range behaviour: a range the object no longer covers is an error, never the whole object.
            $values[$a['rangeBehavior'][0]] = $a['rangeBehavior'][1];
        }
        $out = $core->invoke($a['read'], $values);
        $got = (string) ($out[$a['readContentRange']] ?? '');
        if (!\str_starts_with($got, 'bytes ' . $position . '-' . ($position + $size - 1) . '/')) {
            throw new ProtocolException($a['read'], 'asked for ' . $range . ', the answer\'s range is ' . $got);
        }
        $bytes = (string) $out[$a['readBody']];
        if (\strlen($bytes) !== $size) {
            throw new ProtocolException($a['read'], 'asked for ' . $size . ' bytes, got ' . \strlen($bytes));
        }
        return $core->crc64->update(0, $bytes);
    }

    /** @param array{position: int, size: int, crc: int, expected: int, expectedKnown: bool} $chunk */
    private static function lostRace(Core $core, array $chunk, int $length, bool $verified): ServiceException
    {
        $a = $core->p['appender'];
        $how = $verified ? "the bytes at the chunk's position were read back and are not the chunk's: verified absent" : "its length rules the chunk out";
        $class = $core->p['errors'][$a['positionError']]['class'] ?? ServiceException::class;
        return new $class($a['append'], $a['positionErrorStatus'], $a['positionError'], 'the ' . $chunk['size'] . ' bytes appended at ' . $chunk['position'] . ' did not land (the object is ' . $length . ' bytes; ' . $how . '): another writer is appending', '', '', '', [], [$a['positionErrorField'] => $length]);
    }

    /** @return object|null the result of a pending chunk that landed */
    private function settlePending(): ?object
    {
        $chunk = $this->pending;
        if ($chunk === null) {
            return null;
        }
        [$found, $length] = self::locate($this->core, $this->bucket, $this->key, $chunk);
        $this->pending = null;
        if ($found === 'landed') {
            $this->position = $chunk['position'] + $chunk['size'];
            $this->exists = true;
            if ($this->crcKnown) {
                $this->crc = $chunk['expected'];
            }
            return ($this->wrap)([$this->a['nextPosition'] => $this->position, $this->a['crc'] => $this->crcKnown ? $this->crc : null]);
        }
        if ($found === 'absent') {
            return null;
        }
        $this->uncertain = true;
        throw self::lostRace($this->core, $chunk, $length, $found === 'verified-absent');
    }
}
