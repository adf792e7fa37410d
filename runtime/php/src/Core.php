<?php

declare(strict_types=1);

namespace OssGen\Runtime;

/**
 * The client's machinery, driven by the generated Protocol::spec(): it builds a request from an
 * operation's members, checks it, signs it, sends it (retrying what may be retried), turns an error
 * answer into its typed exception, reads a result's members and checks appends and downloads by their
 * CRC-64. The generated client calls invoke() with the request's values by PHP name.
 */
final class Core
{
    public readonly Crc64 $crc64;
    public readonly Signer $signer;
    private readonly Validator $validator;
    private readonly string $scheme;
    private readonly string $host;
    private readonly bool $pathStyle;
    public readonly string $region;
    private readonly string $accessKeyId;
    /**
     * The secret and the token, each behind a closure: var_export() and (array) casts, which ignore
     * __debugInfo(), print a closure without the values it holds.
     *
     * @var \Closure(): string
     */
    private readonly \Closure $secret;
    /** @var \Closure(): string */
    private readonly \Closure $token;
    public readonly string $auth;
    private readonly float $timeout;
    public readonly int $maxAttempts;
    private readonly Transport $transport;
    /** @var \Closure(): int */
    private readonly \Closure $clock;
    /** @var \Closure(float): void */
    private readonly \Closure $sleep;
    /** @var array<string, list<array<string, mixed>>> see inputsAt() */
    private array $inputsByRole = [];
    /** @var array<string, array<string, int>> by operation: its 'wire' inputs' places in inputsAt(), by PHP name */
    private array $wireIndex = [];
    /** @var array<string, array{0: array<string, null>, 1: array<string, string>, 2: list<array{0: string, 1: string, 2: int, 3: bool, 4: string, 5: string}>}> see outputsOf() */
    private array $outputsByOperation = [];
    /** @var array<string, array{0: string, 1: string, 2: list<int>, 3: string}|null> see varyingOf() */
    private array $varyingByOperation = [];
    /**
     * By append operation: the last append's parts that do not depend on its position and body (see prepare()):
     * [its values with position and body null, bucket, key, query, the position's index in it, the canonical query
     * before and after the position's value, headers, first-append-only members given].
     *
     * @var array<string, array{0: array<string, mixed>, 1: string, 2: string, 3: list<array{0: string, 1: ?string}>, 4: int, 5: string, 6: string, 7: array<string, string>, 8: list<array<string, mixed>>}>
     */
    private array $prepared = [];
    /** The last URL made without its query, and its bucket and key (an Appender's requests all share them). */
    private string $urlBase = '';
    /** See invokePreparedAppend(): what the transport reported sending of its body, and the callback it is told by. */
    private ?SentTally $tally = null;
    private ?\Closure $tallyOnSent = null;
    /** @var array<string, array{0: int, 1: int}|null> see quickCheckOf() */
    private array $quickChecks = [];
    private string $urlBucket = '';
    private ?string $urlKey = null;

    /**
     * @param array<string, mixed> $p the generated Protocol::spec()
     * @param array{endpoint?: ?string, region?: ?string, accessKeyId?: ?string, accessKeySecret?: ?string, securityToken?: ?string, auth?: ?string, timeout?: ?float, maxAttempts?: ?int, transport?: ?Transport, clock?: ?\Closure, sleep?: ?\Closure} $settings
     */
    public function __construct(public readonly array $p, #[\SensitiveParameter] array $settings)
    {
        $this->crc64 = new Crc64($p['crc64']['polynomial']);
        $this->signer = new Signer($p);
        $this->validator = new Validator($p);
        $this->region = $settings['region'] ?? $p['defaultRegion'];
        $endpoint = $settings['endpoint'] ?? \str_replace('{region}', $this->region, $p['endpointTemplate']);
        $parts = \parse_url($endpoint);
        if ($parts === false || !isset($parts['scheme'], $parts['host']) || !\in_array(\strtolower($parts['scheme']), ['http', 'https'], true)) {
            // Not shown: an endpoint may carry a user name and password.
            throw new ValidationException('endpoint', 'must be an http(s) URL with a host name, such as ' . \str_replace('{region}', $this->region, $p['endpointTemplate']));
        }
        $this->scheme = \strtolower($parts['scheme']);
        $this->host = $parts['host'] . (isset($parts['port']) ? ':' . $parts['port'] : '');
        $hostname = \trim($parts['host'], '[]');
        $this->pathStyle = ($p['pathStyleForLocalhost'] && \strtolower($hostname) === 'localhost') || ($p['pathStyleForIp'] && \filter_var($hostname, FILTER_VALIDATE_IP) !== false);
        $env = $p['env'];
        $given = ($settings['accessKeyId'] ?? '') !== '' || ($settings['accessKeySecret'] ?? '') !== '';
        $id = $given ? (string) ($settings['accessKeyId'] ?? '') : (string) \getenv($env['accessKeyId']);
        $secret = $given ? (string) ($settings['accessKeySecret'] ?? '') : (string) \getenv($env['accessKeySecret']);
        $token = (string) ($settings['securityToken'] ?? ($given ? '' : \getenv($env['securityToken'])));
        if ($id === '' || $secret === '') {
            throw new ValidationException('credentials', 'are missing: pass accessKeyId and accessKeySecret, or set ' . $env['accessKeyId'] . ' and ' . $env['accessKeySecret']);
        }
        self::checkCredential($given ? 'accessKeyId' : $env['accessKeyId'], $id);
        self::checkCredential($given ? 'accessKeySecret' : $env['accessKeySecret'], $secret);
        if ($token !== '') {
            self::checkCredential($given ? 'securityToken' : $env['securityToken'], $token);
        }
        $this->accessKeyId = $id;
        $this->secret = static fn (): string => $secret;
        $this->token = static fn (): string => $token;
        $auth = $settings['auth'] ?? $p['defaultAuth'];
        if ($auth !== 'v4' && $auth !== 'v1') {
            throw new ValidationException('signatureVersion', "must be 'v4' or 'v1'");
        }
        $this->auth = $auth;
        $this->timeout = (float) ($settings['timeout'] ?? $p['timeoutMs'] / 1000);
        if (!($this->timeout > 0)) {
            throw new ValidationException('timeout', 'must be a positive number of seconds');
        }
        $this->maxAttempts = \max(1, (int) ($settings['maxAttempts'] ?? $p['retry']['maxAttempts']));
        $this->transport = $settings['transport'] ?? new CurlTransport();
        $this->clock = $settings['clock'] ?? static fn (): int => \time();
        $this->sleep = $settings['sleep'] ?? static function (float $seconds): void {
            \usleep((int) ($seconds * 1_000_000));
        };
    }

    /** A credential must be printable ASCII without spaces; the message names the setting, never the value. */
    private static function checkCredential(string $setting, #[\SensitiveParameter] string $value): void
    {
        if (\preg_match('/^[\x21-\x7e]+$/D', $value) !== 1) {
            throw new ValidationException($setting, 'must be printable ASCII without spaces or line breaks');
        }
    }

    /** What var_dump and print_r show: never the secret or the token. @return array<string, mixed> */
    public function __debugInfo(): array
    {
        return ['endpoint' => $this->scheme . '://' . $this->host, 'region' => $this->region, 'auth' => $this->auth, 'accessKeyId' => $this->accessKeyId];
    }

    public function describe(): string
    {
        return 'endpoint=' . $this->scheme . '://' . $this->host . ', region=' . $this->region . ', signature=' . $this->auth;
    }

    /**
     * The query and headers of a request's members (the body, bucket and key are not among them).
     *
     * @param array<string, mixed> $op
     * @param array<string, mixed> $values
     * @return array{0: list<array{0: string, 1: ?string}>, 1: array<string, string>}
     */
    private function wireParts(string $operation, array $op, array $values): array
    {
        $query = [];
        foreach ($op['flags'] as $flag) {
            $query[] = [$flag, null];
        }
        $headers = [];
        // The given members only (an append gives one of its fourteen), in model order.
        $members = $this->inputsAt($operation, $op, 'wire');
        $index = $this->wireIndex[$operation] ??= \array_flip(\array_column($members, 'name'));
        $given = [];
        foreach ($values as $name => $value) {
            if ($value !== null && isset($index[$name])) {
                $given[$index[$name]] = $value;
            }
        }
        if (\count($given) > 1) {
            \ksort($given);
        }
        foreach ($given as $i => $value) {
            $m = $members[$i];
            switch ($m['location']) {
                case 'query':
                    if ($value !== '') {
                        $query[] = [$m['wire'], self::text($value)];
                    }
                    break;
                case 'header':
                    $headers[$m['wire']] = self::text($value);
                    break;
                case 'header-map':
                    \ksort($value, SORT_STRING);
                    foreach ($value as $name => $text) {
                        $headers[$m['wire'] . \strtolower((string) $name)] = (string) $text;
                    }
                    break;
            }
        }
        return [$query, $headers];
    }

    /**
     * An operation's inputs of one role, in model order, sorted out once per operation: 'target' (host, path,
     * body) or 'wire' (query, header, header-map). A request then walks only the members that role reads
     * (an append has a dozen optional headers and three target members).
     *
     * @param array<string, mixed> $op
     * @return list<array<string, mixed>>
     */
    private function inputsAt(string $operation, array $op, string $role): array
    {
        $id = $operation . "\n" . $role;
        if (!isset($this->inputsByRole[$id])) {
            $locations = $role === 'target' ? ['host', 'path', 'body'] : ['query', 'header', 'header-map'];
            $this->inputsByRole[$id] = \array_values(\array_filter($op['inputs'], static fn (array $m): bool => \in_array($m['location'], $locations, true)));
        }
        return $this->inputsByRole[$id];
    }

    private static function text(mixed $value): string
    {
        return \is_bool($value) ? ($value ? 'true' : 'false') : (string) $value;
    }

    /** @param array<string, mixed> $op @return array{0: string, 1: string, 2: ?Body} */
    private function target(string $operation, array $op, array &$values): array
    {
        $bucket = '';
        $key = '';
        $body = null;
        foreach ($this->inputsAt($operation, $op, 'target') as $m) {
            if ($m['location'] === 'host') {
                $bucket = (string) ($values[$m['name']] ?? '');
            } elseif ($m['location'] === 'path') {
                $key = (string) ($values[$m['name']] ?? '');
            } elseif ($m['location'] === 'body' && isset($values[$m['name']]) && (\is_string($values[$m['name']]) || $values[$m['name']] instanceof Body)) {
                $body = Body::of($values[$m['name']]);
                $values[$m['name']] = $body;
            }
        }
        return [$bucket, $key, $body];
    }

    /**
     * An append operation's members that change from one append to the next: [position's PHP name, body's PHP
     * name, their input indexes (model order), position's wire name], or null when the request parts cannot be
     * kept between appends (the position not in the query, no body member, either of them first-append-only).
     *
     * @param array<string, mixed> $op
     * @return array{0: string, 1: string, 2: list<int>, 3: string}|null
     */
    private function varyingOf(string $operation, array $op): ?array
    {
        if (!\array_key_exists($operation, $this->varyingByOperation)) {
            $position = null;
            $body = null;
            foreach ($op['inputs'] as $i => $m) {
                if ($m['name'] === $op['append']['position'] && $m['location'] === 'query' && $m['firstAppendOnly'] === null) {
                    $position = [$i, $m];
                } elseif ($m['location'] === 'body' && $m['firstAppendOnly'] === null) {
                    $body = [$i, $m];
                }
            }
            $this->varyingByOperation[$operation] = $position === null || $body === null ? null : [$position[1]['name'], $body[1]['name'], $position[0] < $body[0] ? [$position[0], $body[0]] : [$body[0], $position[0]], (string) $position[1]['wire']];
        }
        return $this->varyingByOperation[$operation];
    }

    /**
     * Keeps the parts of an append that passed its checks which do not depend on its position and body, for the
     * next append of the same shape: its target, query (the position's place in it and the canonical text around
     * its value), headers and first-append-only members. Not kept when the position's name is not in the query
     * exactly once (then its place in the order could depend on its value).
     *
     * @param array{0: string, 1: string, 2: list<int>, 3: string} $varying
     * @param array<string, mixed> $shape
     * @param list<array{0: string, 1: ?string}> $query
     * @param array<string, string> $headers
     * @param list<array<string, mixed>> $firstAppendOnly
     */
    private function prepare(string $operation, array $varying, array $shape, string $bucket, string $key, array $query, array $headers, array $firstAppendOnly): void
    {
        $at = null;
        foreach ($query as $i => [$name, $value]) {
            if ($name === $varying[3]) {
                if ($at !== null || $value === null) {
                    return;
                }
                $at = $i;
            }
        }
        if ($at === null) {
            return;
        }
        [$head, $tail] = Signer::canonicalQueryAround($query, $at);
        $this->prepared[$operation] = [$shape, $bucket, $key, $query, $at, $head, $tail, $headers, $firstAppendOnly];
    }

    /** The URL by the addressing rule: path-style (/bucket/key) or virtual-hosted (bucket.host/key). */
    public function urlOf(string $bucket, string $key, string $query): string
    {
        if ($bucket !== $this->urlBucket || $key !== $this->urlKey) {
            $path = $this->pathStyle ? '/' . Signer::uriEncode($bucket, true) . '/' . Signer::uriEncode($key, true) : '/' . Signer::uriEncode($key, true);
            $authority = $this->pathStyle ? $this->host : $bucket . '.' . $this->host;
            $this->urlBase = $this->scheme . '://' . $authority . $path;
            $this->urlBucket = $bucket;
            $this->urlKey = $key;
        }
        return $query === '' ? $this->urlBase : "{$this->urlBase}?{$query}";
    }

    /**
     * Sends one operation and returns its result's values by PHP name.
     *
     * @param array<string, mixed> $values the request's members by PHP name
     * @param ?int $previousCrc for an append: the object's CRC-64 before it (then the answer's is checked)
     * @param resource|null $sink for a download: where the body goes (else it is returned)
     * @param (callable(int): void)|null $progress told of the bytes of the body sent so far
     * @param ?int $bodyCrc the body's own CRC-64 when the caller has it (bytes in memory): not computed again
     * @return array<string, mixed>
     */
    public function invoke(string $operation, array $values, ?int $previousCrc = null, $sink = null, ?callable $progress = null, ?float $timeout = null, ?int $bodyCrc = null): array
    {
        $op = $this->p['operations'][$operation];
        $append = $op['append'];
        if ($append !== null && $sink === null && $progress === null && $timeout === null) {
            $out = $this->invokePreparedAppend($operation, $values, $previousCrc, $bodyCrc);
            if ($out !== null) {
                return $out;
            }
        }
        $varying = $append !== null ? $this->varyingOf($operation, $op) : null;
        $shape = null;
        $prepared = null;
        if ($varying !== null) {
            // The request without its position and body: equal to the last one's, its other parts are too.
            $shape = $values;
            $shape[$varying[0]] = null;
            $shape[$varying[1]] = null;
            $prepared = $this->prepared[$operation] ?? null;
        }
        if ($prepared !== null && $prepared[0] === $shape) {
            [, $bucket, $key, $query, $at, $queryHead, $queryTail, $headers, $firstAppendOnly] = $prepared;
            $body = $values[$varying[1]] ?? null;
            if (\is_string($body) || $body instanceof Body) {
                $body = Body::of($body);
                $values[$varying[1]] = $body;
            } else {
                $body = null;
            }
            $this->validator->checkChanged($op, $values, $varying[2], $firstAppendOnly);
            $positionText = self::text($values[$varying[0]]);
            $query[$at][1] = $positionText;
            $encodedPosition = \rawurlencode($positionText);
            $queryText = "{$queryHead}{$encodedPosition}{$queryTail}";
        } else {
            [$bucket, $key, $body] = $this->target($operation, $op, $values);
            $firstAppendOnly = $this->validator->check($op, $values, false, $operation);
            [$query, $headers] = $this->wireParts($operation, $op, $values);
            $queryText = Signer::canonicalQuery($query); // once, for the signature and the URL
            if ($varying !== null) {
                $this->prepare($operation, $varying, $shape, $bucket, $key, $query, $headers, $firstAppendOnly);
            }
        }
        if (($this->token)() !== '') {
            $headers[$this->p['securityTokenHeader']] = ($this->token)();
        }
        $position = $append !== null ? (int) $values[$append['position']] : 0;
        $limit = $timeout ?? $this->timeout;
        $attempts = $append === null && ($body === null || $body->replayable()) ? $this->maxAttempts : 1;
        for ($attempt = 1;; $attempt++) {
            $own = 0;
            $sent = 0;
            $received = '';
            $receivedCrc = 0;
            $receivedBytes = 0;
            $crc64 = $this->crc64;
            $known = $bodyCrc !== null && $body !== null && $body->bytes() !== null;
            $onSent = static function (string $block) use (&$own, &$sent, $crc64, $progress, $known): void {
                if (!$known) {
                    $own = $crc64->update($own, $block);
                }
                $sent += \strlen($block);
                if ($progress !== null) {
                    $progress($sent);
                }
            };
            // Only an operation with a body in its answer (a download) takes one: no closure made for the others.
            $onBody = $op['outputBody'] === null ? null : static function (string $block) use (&$received, &$receivedCrc, &$receivedBytes, $crc64, $sink, $operation): void {
                $receivedCrc = $crc64->update($receivedCrc, $block);
                $receivedBytes += \strlen($block);
                if ($sink !== null) {
                    if (\fwrite($sink, $block) !== \strlen($block)) {
                        throw new NetworkException($operation, 'the sink took fewer bytes than written');
                    }
                } else {
                    $received .= $block;
                }
            };
            $signed = $this->auth === 'v1'
                ? $this->signer->signV1($op['method'], $bucket, $key, $query, $headers, $this->accessKeyId, ($this->secret)(), ($this->clock)())
                : $this->signer->signV4($op['method'], $bucket, $key, $query, $headers, $this->accessKeyId, ($this->secret)(), $this->region, ($this->clock)(), $queryText);
            $request = new WireRequest($op['method'], $this->urlOf($bucket, $key, $queryText), $signed, $body, $limit, $onSent, $onBody);
            $retryAfter = null;
            try {
                $response = $this->transport->send($request, $operation);
                if ($response->status >= 200 && $response->status < 300) {
                    break;
                }
                $failure = $this->errorOf($operation, $response);
                if (!\in_array($response->status, $this->p['retry']['statuses'], true)) {
                    throw $failure;
                }
                $retryAfter = $response->header('retry-after');
            } catch (NetworkException $e) {
                $failure = $e;
            }
            if ($attempt >= $attempts) {
                throw $failure;
            }
            ($this->sleep)($this->backoff($attempt, $retryAfter));
        }
        if ($bodyCrc !== null && $body !== null && $body->bytes() !== null) {
            $own = $bodyCrc;
        }
        // The object's CRC-64 after the body, from the one before and the body's own (one pass over the bytes).
        $after = $this->crc64->combine($previousCrc ?? 0, $own, $sent);
        $out = $this->readOutputs($operation, $op, $response);
        if ($op['outputBody'] !== null) {
            $out[$op['outputBody']] = $sink === null ? $received : null;
        }
        $requestId = (string) $response->header($this->p['requestIdHeader']);
        if ($append !== null) {
            // The answer is believed only when it says the object now ends where these bytes end, with a CRC-64.
            $next = $out[$append['nextPosition']] ?? null;
            if ($next !== $position + $sent) {
                throw new ProtocolException($operation, 'the answer says the object ends at ' . \var_export($next, true) . ', but the bytes sent end at ' . ($position + $sent) . '; they may have landed', $requestId);
            }
            $crc = $out[$append['crc']] ?? null;
            if (!\is_int($crc)) {
                throw new ProtocolException($operation, 'the answer has no CRC-64; the bytes may have landed', $requestId);
            }
            if (($previousCrc !== null || $position === 0) && $crc !== $after) {
                throw new IntegrityException($operation, Crc64::format($after), Crc64::format($crc), $requestId);
            }
        } elseif ($op['crcOutput'] !== null && $body !== null) {
            $crc = $out[$op['crcOutput']] ?? null;
            if (\is_int($crc) && $crc !== $own) {
                throw new IntegrityException($operation, Crc64::format($own), Crc64::format($crc), $requestId);
            }
        } elseif ($op['crcOutput'] !== null && $op['outputBody'] !== null) {
            // The CRC-64 header describes the whole object: only a whole download is checked.
            $crc = $out[$op['crcOutput']] ?? null;
            $ranged = $op['rangeInput'] !== null && ($values[$op['rangeInput']] ?? null) !== null;
            if (\is_int($crc) && !$ranged && $crc !== $receivedCrc) {
                throw new IntegrityException($operation, Crc64::format($receivedCrc), Crc64::format($crc), $requestId);
            }
        }
        return $out;
    }

    /**
     * invoke() of an append whose request has the shape of the last one prepared (see prepare(): an Appender's
     * appends after its first, a sequence of appendObject calls) and whose body is a string: the same request,
     * checks and answer checks, the same exceptions, without invoke()'s generic steps (the target and wire parts
     * of any operation, a closure made per attempt, a download's body, the retry loop, which an append never
     * enters: it is sent once). Returns null, having checked and sent nothing, for any other request (invoke()
     * then takes it). test/RuntimeTest's appends one after another hold it to what a fresh client does.
     *
     * @param array<string, mixed> $values the request's members by PHP name
     * @return array<string, mixed>|null
     */
    private function invokePreparedAppend(string $operation, array $values, ?int $previousCrc, ?int $bodyCrc): ?array
    {
        $prepared = $this->prepared[$operation] ?? null;
        if ($prepared === null) {
            return null;
        }
        [$positionName, $bodyName, $changed] = $this->varyingByOperation[$operation];
        $data = $values[$bodyName] ?? null;
        if (!\is_string($data)) {
            return null;
        }
        $shape = $values;
        $shape[$positionName] = null;
        $shape[$bodyName] = null;
        if ($prepared[0] !== $shape) {
            return null;
        }
        $op = $this->p['operations'][$operation];
        $body = Body::fromString($data);
        $given = $values[$positionName];
        // What checkChanged() checks, for the common case (an integer position from its minimum, no first-append-only
        // member past position 0, the object within its size limit); anything else goes to checkChanged(), which
        // throws what it finds.
        $quick = $this->quickChecks[$operation] ??= $this->quickCheckOf($op, $positionName, $bodyName);
        if (!($quick !== null && \is_int($given) && $given >= $quick[0] && ($given <= 0 || $prepared[8] === []) && $given + \strlen($data) <= $quick[1])) {
            $values[$bodyName] = $body;
            $this->validator->checkChanged($op, $values, $changed, $prepared[8]);
        }
        $positionText = self::text($given);
        $position = (int) $given;
        $query = $prepared[3];
        $query[$prepared[4]][1] = $positionText;
        $encodedPosition = \rawurlencode($positionText);
        $queryText = "{$prepared[5]}{$encodedPosition}{$prepared[6]}";
        $headers = $prepared[7];
        $token = ($this->token)();
        if ($token !== '') {
            $headers[$this->p['securityTokenHeader']] = $token;
        }
        $bucket = $prepared[1];
        $key = $prepared[2];
        // One tally for every prepared append (made once, not a closure per attempt): nothing else runs between
        // its reset and its reading but this request's send.
        $tally = $this->tally ??= new SentTally($this->crc64);
        $tally->reset($bodyCrc === null);
        $signed = $this->auth === 'v1'
            ? $this->signer->signV1($op['method'], $bucket, $key, $query, $headers, $this->accessKeyId, ($this->secret)(), ($this->clock)())
            : $this->signer->signV4($op['method'], $bucket, $key, $query, $headers, $this->accessKeyId, ($this->secret)(), $this->region, ($this->clock)(), $queryText);
        $response = $this->transport->send(new WireRequest($op['method'], $this->urlOf($bucket, $key, $queryText), $signed, $body, $this->timeout, $this->tallyOnSent ??= $tally->add(...)), $operation);
        if ($response->status < 200 || $response->status >= 300) {
            // invoke() sends an append once: a retryable status fails it as any other.
            throw $this->errorOf($operation, $response);
        }
        $sent = $tally->sent;
        $own = $bodyCrc ?? $tally->crc;
        $after = $this->crc64->combine($previousCrc ?? 0, $own, $sent);
        $out = $this->readOutputs($operation, $op, $response);
        $append = $op['append'];
        $next = $out[$append['nextPosition']] ?? null;
        if ($next !== $position + $sent) {
            throw new ProtocolException($operation, 'the answer says the object ends at ' . \var_export($next, true) . ', but the bytes sent end at ' . ($position + $sent) . '; they may have landed', (string) $response->header($this->p['requestIdHeader']));
        }
        $crc = $out[$append['crc']] ?? null;
        if (!\is_int($crc)) {
            throw new ProtocolException($operation, 'the answer has no CRC-64; the bytes may have landed', (string) $response->header($this->p['requestIdHeader']));
        }
        if (($previousCrc !== null || $position === 0) && $crc !== $after) {
            throw new IntegrityException($operation, Crc64::format($after), Crc64::format($crc), (string) $response->header($this->p['requestIdHeader']));
        }
        return $out;
    }

    /**
     * The bounds of invokePreparedAppend()'s quick check of an operation: [the position's least value, the most bytes
     * an object may have], or null when its position is not an integer member or its body not a blob (then every
     * append is checked by checkChanged()).
     *
     * @param array<string, mixed> $op
     * @return array{0: int, 1: int}|null
     */
    private function quickCheckOf(array $op, string $positionName, string $bodyName): ?array
    {
        $position = null;
        $body = null;
        foreach ($op['inputs'] as $m) {
            if ($m['name'] === $positionName) {
                $position = $m;
            } elseif ($m['name'] === $bodyName) {
                $body = $m;
            }
        }
        if ($position === null || $body === null || !\in_array($position['type'], ['int64', 'uint64'], true) || $body['type'] !== 'blob') {
            return null;
        }
        return [(int) ($position['minimum'] ?? PHP_INT_MIN), (int) $this->p['limits']['objectMaxBytes']];
    }

    /** Seconds before retry `$attempt`: random in [half, all] of min(max, base × 2^(n-1)), or the server's Retry-After. */
    private function backoff(int $attempt, ?string $retryAfter): float
    {
        $retry = $this->p['retry'];
        $max = $retry['maxDelayMs'] / 1000;
        if ($retry['honorRetryAfter'] && $retryAfter !== null && \ctype_digit($retryAfter)) {
            return \min((float) $retryAfter, $max);
        }
        $delay = \min($max, $retry['baseDelayMs'] / 1000 * (1 << \min(30, $attempt - 1)));
        return $delay * (0.5 + \mt_rand() / \mt_getrandmax() / 2);
    }

    /**
     * An operation's outputs as the answer is read, made once per operation: [every output's PHP name mapped to
     * null, in model order (the result starts as this, so its keys keep that order); the optional text headers,
     * PHP name by lower-case header name (the answer's are), each its own value; the others, each as [PHP name,
     * lower-case header name, kind (0 a required text header, 1 a typed header, 2 a header map), required, type,
     * header name], in model order].
     *
     * @param array<string, mixed> $op
     * @return array{0: array<string, null>, 1: array<string, string>, 2: list<array{0: string, 1: string, 2: int, 3: bool, 4: string, 5: string}>}
     */
    private function outputsOf(string $operation, array $op): array
    {
        if (!isset($this->outputsByOperation[$operation])) {
            $template = [];
            $texts = [];
            $plan = [];
            foreach ($op['outputs'] as $m) {
                $kind = match (true) {
                    $m['location'] === 'header' && $m['type'] === 'string' => 0,
                    $m['location'] === 'header' => 1,
                    $m['location'] === 'header-map' => 2,
                    default => null,
                };
                if ($kind === null) {
                    continue;
                }
                $template[$m['name']] = null;
                $lower = \strtolower((string) $m['wire']);
                if ($kind === 0 && !$m['required'] && !isset($texts[$lower])) {
                    $texts[$lower] = $m['name'];
                } else {
                    $plan[] = [$m['name'], $lower, $kind, (bool) $m['required'], $m['type'], (string) $m['wire']];
                }
            }
            $this->outputsByOperation[$operation] = [$template, $texts, $plan];
        }
        return $this->outputsByOperation[$operation];
    }

    /** @param array<string, mixed> $op @return array<string, mixed> */
    private function readOutputs(string $operation, array $op, WireResponse $response): array
    {
        [$out, $texts, $plan] = $this->outputsOf($operation, $op);
        $headers = $response->headers;
        // The common case, without a call or a check: an optional text header is its own value.
        foreach ($texts as $lower => $name) {
            if (isset($headers[$lower])) {
                $out[$name] = $headers[$lower];
            }
        }
        foreach ($plan as [$name, $lower, $kind, $required, $type, $wire]) {
            if ($kind === 2) {
                $map = [];
                foreach ($headers as $header => $value) {
                    if (\str_starts_with($header, $lower)) {
                        $map[\substr($header, \strlen($lower))] = $value;
                    }
                }
                \ksort($map, SORT_STRING);
                $out[$name] = $map;
                continue;
            }
            $text = $headers[$lower] ?? null;
            if ($text === null) {
                if ($required) {
                    throw new ProtocolException($operation, 'the answer lacks the ' . $wire . ' header', (string) $response->header($this->p['requestIdHeader']));
                }
            } elseif ($kind === 0) {
                $out[$name] = $text;
            } else {
                $value = self::convert($type, $text);
                if ($value === null) {
                    throw new ProtocolException($operation, 'the ' . $wire . ' header is not a ' . $type . ': ' . \json_encode(\substr($text, 0, 40)), (string) $response->header($this->p['requestIdHeader']));
                }
                $out[$name] = $value;
            }
        }
        return $out;
    }

    private static function convert(string $type, string $text): string|int|bool|null
    {
        return match ($type) {
            'int64' => Wire::parseLong($text),
            'uint64' => Wire::parseUnsigned($text),
            'boolean' => \strtolower(\trim($text)) === 'true',
            default => $text,
        };
    }

    /** The typed exception of an error answer: its document (or the body-less header's), else the code its status implies. */
    public function errorOf(string $operation, WireResponse $response): ServiceException
    {
        $e = $this->p['errorBody'];
        $document = ErrorDocument::parse($response->body, $e['root']);
        if (($document[$e['code']] ?? '') === '' && $e['bodylessHeader'] !== '' && $response->header($e['bodylessHeader']) !== null) {
            $decoded = \base64_decode(\trim((string) $response->header($e['bodylessHeader'])), true);
            if ($decoded !== false) {
                $document = ErrorDocument::parse($decoded, $e['root']);
            }
        }
        $code = $document[$e['code']] ?? '';
        if ($code === '') {
            $code = $this->p['codeByStatus'][$response->status] ?? '';
        }
        $requestId = $document[$e['requestId']] ?? '';
        if ($requestId === '') {
            $requestId = (string) $response->header($this->p['requestIdHeader']);
        }
        $ec = $e['ec'] !== '' ? ($document[$e['ec']] ?? '') : '';
        if ($ec === '' && $this->p['errorCodeHeader'] !== '') {
            $ec = (string) $response->header($this->p['errorCodeHeader']);
        }
        $known = $this->p['errors'][$code] ?? null;
        $fields = [];
        foreach ($known['fields'] ?? [] as $f) {
            $text = $f['header'] !== null ? $response->header($f['header']) : ($document[$f['xml']] ?? null);
            $fields[$f['name']] = $text === null ? null : self::convert($f['type'], $text);
        }
        $class = $known['class'] ?? ServiceException::class;
        return new $class($operation, $response->status, $code, $document[$e['message']] ?? '', $requestId, $e['hostId'] !== '' ? ($document[$e['hostId']] ?? '') : '', $ec, $response->headers, $fields);
    }

    /**
     * A presigned URL for an operation, signed with `$auth` (default: the client's scheme), valid `$expires` seconds.
     *
     * @param array<string, mixed> $values
     */
    public function presign(string $operation, array $values, int $expires, ?string $auth = null): PresignedRequest
    {
        $presign = $this->p['presign'];
        if ($presign === null) {
            throw new ValidationException('presign', 'the service has no presigned form');
        }
        $op = $this->p['operations'][$operation];
        [$bucket, $key] = $this->target($operation, $op, $values);
        $this->validator->check($op, $values, true, $operation);
        [$query, $headers] = $this->wireParts($operation, $op, $values);
        $scheme = $auth ?? $this->auth;
        $max = $presign['v4']['maxExpiresSeconds'];
        if ($expires < 1 || ($scheme === 'v4' && $expires > $max)) {
            throw new ValidationException('expires', 'must be whole seconds from 1 to ' . $max . ' (V4; V1 has no upper limit)');
        }
        $now = ($this->clock)();
        $added = $scheme === 'v1'
            ? $this->signer->presignV1($op['method'], $bucket, $key, $query, $headers, $this->accessKeyId, ($this->secret)(), ($this->token)(), $now, $expires)
            : $this->signer->presignV4($op['method'], $bucket, $key, $query, $headers, $this->accessKeyId, ($this->secret)(), ($this->token)(), $this->region, $now, $expires);
        return new PresignedRequest($op['method'], $this->urlOf($bucket, $key, Signer::canonicalQuery(\array_merge($query, $added))), $now + $expires, $headers);
    }
}
