<?php

declare(strict_types=1);

namespace OssGen\Runtime;

/**
 * What a transport reports sending of a request's body (its WireRequest onSent): the bytes, and their CRC-64 unless
 * the caller has it. One serves every prepared append of a Core (see Core::invokePreparedAppend()), reset before each.
 */
final class SentTally
{
    public int $sent = 0;
    public int $crc = 0;
    private bool $hashes = true;

    public function __construct(private readonly Crc64 $crc64)
    {
    }

    public function reset(bool $hashes): void
    {
        $this->sent = 0;
        $this->crc = 0;
        $this->hashes = $hashes;
    }

    public function add(string $block): void
    {
        if ($this->hashes) {
            $this->crc = $this->crc64->update($this->crc, $block);
        }
        $this->sent += \strlen($block);
    }
}
