<?php

declare(strict_types=1);

namespace OssGen\Runtime;

/** The model's constraints, checked before anything is sent (limits from the generated Protocol::spec()). */
final class Validator
{
    /** @var array<string, array{0: array<string, int>, 1: array<int, true>}> see membersToCheck() */
    private array $plans = [];
    /**
     * The last text each string member of an operation passed its checks with (by operation, then input index): a
     * member's checks depend on its value alone, so the same text passes again without them (an Appender sends
     * the same bucket and key with every append). One value per member is kept.
     *
     * @var array<string, array<int, string>>
     */
    private array $passed = [];

    /** @param array<string, mixed> $p */
    public function __construct(private readonly array $p)
    {
    }

    /**
     * The indexes (model order) of the inputs a request must have checked: the required ones and those it gives.
     * A request of a dozen optional inputs, most of them left out, then looks at the few it has.
     *
     * @param array<string, mixed> $op
     * @param array<string, mixed> $values
     * @return array<int, true>
     */
    private function membersToCheck(string $operation, array $op, array $values): array
    {
        if (!isset($this->plans[$operation])) {
            $index = [];
            $required = [];
            foreach ($op['inputs'] as $i => $member) {
                $index[$member['name']] = $i;
                if ($member['required']) {
                    $required[$i] = true;
                }
            }
            $this->plans[$operation] = [$index, $required];
        }
        [$index, $at] = $this->plans[$operation];
        foreach ($values as $name => $value) {
            if ($value !== null && isset($index[$name])) {
                $at[$index[$name]] = true;
            }
        }
        \ksort($at);
        return $at;
    }

    /** @param array<string, mixed> $member */
    private function fail(array $member, string $message, ?string $code = null): ValidationException
    {
        return new ValidationException($member['name'], $message, $code ?? $this->p['invalidArgument']);
    }

    /**
     * Checks every member of a request, the first-append-only rules and the object size; returns the members
     * given that may be set only on the first append (model order).
     *
     * @param array<string, mixed> $op
     * @param array<string, mixed> $values by PHP name
     * @param ?string $operation the operation's name: its inputs are then sorted out once (see membersToCheck())
     * @return list<array<string, mixed>>
     */
    public function check(array $op, array $values, bool $presigned = false, ?string $operation = null): array
    {
        // One walk over the inputs: the members the later checks look at are noted on the way (in model
        // order), so those checks, still run after every member's own, do not walk the inputs again.
        $firstAppendOnly = [];
        $bodies = [];
        $inputs = $op['inputs'];
        foreach ($operation === null ? $inputs : $this->membersToCheck($operation, $op, $values) as $i => $member) {
            if ($operation !== null) {
                $member = $inputs[$i];
            }
            $value = $values[$member['name']] ?? null;
            if ($value === null) {
                if ($member['required'] && !($presigned && $member['location'] === 'body')) {
                    throw $this->fail($member, 'is required');
                }
                continue;
            }
            if ($operation === null || $member['type'] !== 'string' || !\is_string($value)) {
                // A body (blob) is never kept: it may be large, and its check is a type test.
                $this->checkMember($member, $value);
            } elseif (($this->passed[$operation][$i] ?? null) !== $value) {
                $this->checkMember($member, $value);
                $this->passed[$operation][$i] = $value;
            }
            if ($member['firstAppendOnly'] === 'reject' && $value !== [] && $value !== '') {
                $firstAppendOnly[] = $member;
            }
            if ($member['location'] === 'body' && $value instanceof Body) {
                $bodies[] = [$member, $value];
            }
        }
        $this->checkRules($op, $values, $firstAppendOnly, $bodies);
        return $firstAppendOnly;
    }

    /**
     * Checks a request (not presigned) that differs from one that passed check() only in the inputs at `$changed`
     * (indexes in model order; none of them first-append-only): a member's checks depend on its value alone, so
     * only those are checked again, then the rules that involve the whole request, with `$firstAppendOnly` (what
     * check() returned for the other one). An Appender's appends differ only in their position and body.
     *
     * @param array<string, mixed> $op
     * @param array<string, mixed> $values by PHP name
     * @param list<int> $changed
     * @param list<array<string, mixed>> $firstAppendOnly
     */
    public function checkChanged(array $op, array $values, array $changed, array $firstAppendOnly): void
    {
        $bodies = [];
        $inputs = $op['inputs'];
        foreach ($changed as $i) {
            $member = $inputs[$i];
            $value = $values[$member['name']] ?? null;
            if ($value === null) {
                if ($member['required']) {
                    throw $this->fail($member, 'is required');
                }
                continue;
            }
            $this->checkMember($member, $value);
            if ($member['location'] === 'body' && $value instanceof Body) {
                $bodies[] = [$member, $value];
            }
        }
        $this->checkRules($op, $values, $firstAppendOnly, $bodies);
    }

    /**
     * The rules over a whole request: first-append-only members only at position 0, and the object's size.
     *
     * @param array<string, mixed> $op
     * @param array<string, mixed> $values
     * @param list<array<string, mixed>> $firstAppendOnly
     * @param list<array{0: array<string, mixed>, 1: Body}> $bodies
     */
    private function checkRules(array $op, array $values, array $firstAppendOnly, array $bodies): void
    {
        $append = $op['append'];
        $position = $append !== null ? ($values[$append['position']] ?? null) : null;
        if (\is_int($position) && $position > 0 && $firstAppendOnly !== []) {
            throw $this->fail($firstAppendOnly[0], 'can be set only on the first append (position 0); this append is at ' . $position);
        }
        foreach ($bodies as [$member, $body]) {
            $total = $body->length() + (\is_int($position) ? $position : 0);
            $limits = $this->p['limits'];
            if ($total > $limits['objectMaxBytes']) {
                throw $this->fail($member, 'would make the object ' . $total . ' bytes; at most ' . $limits['objectMaxBytes'] . ' are allowed', $limits['objectSizeError']);
            }
        }
    }

    /** @param array<string, mixed> $member */
    private function checkMember(array $member, mixed $value): void
    {
        $limits = $this->p['limits'];
        switch ($member['type']) {
            case 'int64':
            case 'uint64':
                if (!\is_int($value)) {
                    throw $this->fail($member, 'must be an integer');
                }
                if ($member['minimum'] !== null && $value < $member['minimum']) {
                    throw $this->fail($member, 'must be at least ' . $member['minimum'] . ', not ' . $value);
                }
                return;
            case 'boolean':
                if (!\is_bool($value)) {
                    throw $this->fail($member, 'must be true or false');
                }
                return;
            case 'blob':
                if (!\is_string($value) && !$value instanceof Body) {
                    throw $this->fail($member, 'must be a string or a Body');
                }
                return;
            case 'map':
                if (!\is_array($value)) {
                    throw $this->fail($member, 'must be an array of strings by name');
                }
                $total = 0;
                foreach ($value as $name => $text) {
                    $name = (string) $name;
                    if (!\is_string($text)) {
                        throw $this->fail($member, 'values must be strings');
                    }
                    if (\preg_match('/' . \str_replace('/', '\/', $limits['metadataNamePattern']) . '/D', \strtolower($name)) !== 1) {
                        throw $this->fail($member, 'name ' . \json_encode($name) . ' may contain only lower-case letters, digits and -');
                    }
                    $this->checkHeaderValue($member, $text);
                    $total += \strlen($name) + \strlen($text);
                }
                if ($total > $limits['metadataMaxTotalBytes']) {
                    throw $this->fail($member, 'is ' . $total . ' bytes; at most ' . $limits['metadataMaxTotalBytes'] . ' are allowed');
                }
                return;
        }
        if (!\is_string($value)) {
            throw $this->fail($member, 'must be a string');
        }
        if ($member['location'] === 'path') {
            $this->checkKey($member, $value);
        } elseif ($member['location'] === 'host') {
            if (\preg_match('/^[a-z0-9][a-z0-9-]*[a-z0-9]$/D', $value) !== 1) {
                throw $this->fail($member, 'bucket name ' . \json_encode($value) . ' may contain only lower-case letters, digits and -', $this->p['invalidBucket']);
            }
        } else {
            $this->checkHeaderValue($member, $value);
        }
        if ($member['enum'] !== null && !\in_array($value, $member['enum'], true)) {
            throw $this->fail($member, 'must be one of ' . \implode(', ', $member['enum']) . ', not ' . \json_encode($value));
        }
        $this->checkFormat($member, $value);
    }

    /** @param array<string, mixed> $member */
    private function checkKey(array $member, string $key): void
    {
        $limits = $this->p['limits'];
        $size = \strlen($key);
        if (\preg_match('//u', $key) !== 1) {
            throw $this->fail($member, 'the object key is not valid UTF-8', $limits['keyError']);
        }
        if ($size < $limits['keyMinBytes'] || $size > $limits['keyMaxBytes']) {
            throw $this->fail($member, 'the object key must be ' . $limits['keyMinBytes'] . ' to ' . $limits['keyMaxBytes'] . ' UTF-8 bytes, not ' . $size, $limits['keyError']);
        }
        foreach ($limits['keyForbiddenPrefixes'] as $prefix) {
            if (\str_starts_with($key, $prefix)) {
                throw $this->fail($member, 'the object key must not start with ' . \json_encode($prefix), $limits['keyError']);
            }
        }
        if (\str_contains($key, "\0")) {
            throw $this->fail($member, 'the object key must not contain NUL', $limits['keyError']);
        }
    }

    /** @param array<string, mixed> $member */
    private function checkHeaderValue(array $member, string $value): void
    {
        if (\strpbrk($value, "\r\n\0") !== false) {
            throw $this->fail($member, 'must not contain line breaks or NUL');
        }
    }

    /** @param array<string, mixed> $member */
    private function checkFormat(array $member, string $value): void
    {
        switch ($member['format']) {
            case 'base64-md5':
                $digest = \base64_decode($value, true);
                if ($digest === false || \strlen($digest) !== 16) {
                    throw $this->fail($member, 'must be the base64 of a 16-byte MD5 digest');
                }
                return;
            case 'http-date':
                if (\DateTimeImmutable::createFromFormat('D, d M Y H:i:s \G\M\T', $value) === false) {
                    throw $this->fail($member, "must be an HTTP date such as 'Wed, 21 Oct 2026 07:28:00 GMT'");
                }
                return;
            case 'byte-range':
                if (\preg_match('/^bytes=([0-9]+-[0-9]*|-[0-9]+)$/D', $value) !== 1) {
                    throw $this->fail($member, "must look like 'bytes=0-99'");
                }
                return;
            case 'tagging':
                $this->checkTagging($member, $value);
                return;
        }
    }

    /** @param array<string, mixed> $member */
    private function checkTagging(array $member, string $tagging): void
    {
        $limits = $this->p['limits'];
        $pairs = \array_values(\array_filter(\explode('&', $tagging), static fn (string $p): bool => $p !== ''));
        if (\count($pairs) > $limits['taggingMaxTags']) {
            throw $this->fail($member, 'at most ' . $limits['taggingMaxTags'] . ' tags are allowed, not ' . \count($pairs));
        }
        $chars = '/' . \str_replace('/', '\/', $limits['taggingCharPattern']) . '/uD';
        foreach ($pairs as $pair) {
            $parts = \explode('=', $pair, 2);
            $name = \rawurldecode($parts[0]);
            $value = \rawurldecode($parts[1] ?? '');
            if ($name === '' || self::characters($name) > $limits['taggingMaxKeyLength']) {
                throw $this->fail($member, 'tag keys must be 1 to ' . $limits['taggingMaxKeyLength'] . ' characters');
            }
            if (self::characters($value) > $limits['taggingMaxValueLength']) {
                throw $this->fail($member, 'tag values must be at most ' . $limits['taggingMaxValueLength'] . ' characters');
            }
            if (\preg_match($chars, $name) !== 1 || \preg_match($chars, $value) !== 1) {
                throw $this->fail($member, 'tag ' . \json_encode($name) . ' has characters tags may not contain');
            }
        }
    }

    /** Characters (code points) of UTF-8 text, without ext-mbstring; invalid UTF-8 counts its bytes. */
    private static function characters(string $text): int
    {
        $count = \preg_match_all('/./us', $text);
        return $count === false ? \strlen($text) : $count;
    }
}
