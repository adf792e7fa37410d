<?php

/*
 * Reliability driver for the generated PHP client (out/php, or OSSGEN_PHP_CLIENT), run by
 * test/reliability/*.test.ts. Usage:
 *
 *     soak.php soak URL KEY DATA SIZES   append DATA cut at SIZES through an Appender
 *     soak.php integrity URL KEY         one append whose answer carries a wrong CRC header
 *     soak.php print-client URL KEY      print the client as a careless log line would
 *     soak.php append-once URL KEY FILE  one AppendObject at position 0 with FILE's bytes (previous CRC 0)
 *     soak.php appender URL KEY FILE...  an Appender: open, then append each FILE's bytes in order
 *     soak.php head URL KEY              one HeadObject
 *
 * Credentials come from OSS_ACCESS_KEY_ID / OSS_ACCESS_KEY_SECRET / OSS_SESSION_TOKEN, read by the
 * client itself. append-once, appender and head use OSSGEN_TIMEOUT_MS (default 1000) and
 * OSSGEN_MAX_ATTEMPTS (default 3), and print {"ok":true,"next":N,"crc":"DECIMAL"} or
 * {"ok":false,"kind":K,"class":...,"code":...,"status":N,"message":...}, exiting 0 either way.
 * Prints one JSON line. The client's names come from its Protocol::spec(), so the driver runs
 * against any model's output.
 */

declare(strict_types=1);

$clientDir = getenv('OSSGEN_PHP_CLIENT') ?: __DIR__ . '/../../../out/php';
require $clientDir . '/autoload.php';

/** The generated package's namespace, read from its composer.json. */
function ns(): string
{
    global $clientDir;
    $composer = json_decode((string) file_get_contents($clientDir . '/composer.json'), true, 512, JSON_THROW_ON_ERROR);
    return rtrim((string) array_key_first($composer['autoload']['psr-4']), '\\');
}

const BUCKET = 'examplebucket';

function spec(): array
{
    return (ns() . '\\Protocol')::spec();
}

function client(string $url, float $timeout, int $attempts): object
{
    $class = null;
    foreach (glob(dirname((new ReflectionClass(ns() . '\\Protocol'))->getFileName()) . '/*Client.php') as $file) {
        $class = ns() . '\\' . basename($file, '.php');
    }
    // Backoff delays capped at 10 ms so the suites stay quick.
    return new $class(endpoint: $url, timeout: $timeout, maxAttempts: $attempts, sleep: static function (float $s): void {
        usleep((int) (min($s, 0.01) * 1_000_000));
    });
}

function appendRequest(string $key, int $position, string $body): object
{
    $a = spec()['appender'];
    $class = ns() . '\\' . requestClass($a['append']);
    return new $class(...[$a['bucket'] => BUCKET, $a['key'] => $key, $a['position'] => $position, $a['body'] => $body]);
}

/** The request class of an operation: the client method's parameter type. */
function requestClass(string $operation): string
{
    $client = null;
    foreach (glob(dirname((new ReflectionClass(ns() . '\\Protocol'))->getFileName()) . '/*Client.php') as $file) {
        $client = ns() . '\\' . basename($file, '.php');
    }
    $method = lcfirst($operation);
    $type = (new ReflectionMethod($client, $method))->getParameters()[0]->getType();
    return substr((string) $type, strlen(ns()) + 1);
}

function openAppender(object $client, string $key): object
{
    // Under faults even the probe can fail after its own retries: try a few times.
    $last = null;
    for ($i = 0; $i < 10; $i++) {
        try {
            return $client->newAppender(BUCKET, $key, [], 1 << 20, 6);
        } catch (Throwable $e) {
            $last = $e;
        }
    }
    throw $last;
}

function scrub(string $text): string
{
    foreach (['OSS_ACCESS_KEY_ID', 'OSS_ACCESS_KEY_SECRET', 'OSS_SESSION_TOKEN'] as $name) {
        $value = (string) getenv($name);
        if (strlen(trim($value)) >= 4) {
            $text = str_replace([$value, trim($value)], '[redacted]', $text);
        }
    }
    return $text;
}

/** The suite's view of a failure: its kind, class, code, status and message. */
function classify(Throwable $e): array
{
    $rt = ns() . '\\Runtime\\';
    $kind = 'untyped';
    if (is_a($e, $rt . 'ServiceException')) {
        $kind = 'service';
    } elseif (is_a($e, $rt . 'NetworkException')) {
        $kind = $e->timedOut ? 'timeout' : 'network';
    } elseif (is_a($e, $rt . 'ProtocolException')) {
        $kind = 'protocol';
    } elseif (is_a($e, $rt . 'IntegrityException')) {
        $kind = 'integrity';
    } elseif (is_a($e, $rt . 'ValidationException')) {
        $kind = 'validation';
    }
    $result = ['ok' => false, 'kind' => $kind, 'class' => (new ReflectionClass($e))->getShortName(), 'code' => $kind === 'service' ? $e->errorCode : '', 'status' => $kind === 'service' ? $e->statusCode : 0, 'message' => scrub($e->getMessage())];
    $a = spec()['appender'];
    if ($kind === 'service' && $e->errorCode === $a['positionError'] && isset($e->{$a['positionErrorField']})) {
        $result['nextAppendPosition'] = $e->{$a['positionErrorField']};
    }
    return $result;
}

function fmt(?int $crc): ?string
{
    return $crc === null ? null : sprintf('%u', $crc);
}

function oneCall(string $mode, string $url, string $key, array $files): array
{
    $timeout = (int) (getenv('OSSGEN_TIMEOUT_MS') ?: '1000') / 1000;
    $attempts = (int) (getenv('OSSGEN_MAX_ATTEMPTS') ?: '3');
    $a = spec()['appender'];
    try {
        $client = client($url, $timeout, $attempts);
        if ($mode === 'head') {
            $probe = lcfirst($a['probe']);
            $class = ns() . '\\' . requestClass($a['probe']);
            $head = $client->$probe(new $class(...[$a['probeBucket'] => BUCKET, $a['probeKey'] => $key]));
            $length = $head->{$a['probeNextPosition']} ?? $head->{$a['probeLength']};
            return ['ok' => true, 'next' => $length, 'crc' => fmt($head->{$a['probeCrc']})];
        }
        $bodies = array_map(static fn (string $f): string => (string) file_get_contents($f), $files);
        if ($mode === 'append-once') {
            $method = lcfirst($a['append']);
            $out = $client->$method(appendRequest($key, 0, $bodies[0]), 0);
            return ['ok' => true, 'next' => $out->{$a['nextPosition']}, 'crc' => fmt($out->{$a['crc']})];
        }
        $appender = $client->newAppender(BUCKET, $key);
        foreach ($bodies as $body) {
            $appender->append($body);
        }
        return ['ok' => true, 'next' => $appender->position(), 'crc' => fmt($appender->crc64())];
    } catch (Throwable $e) {
        return classify($e);
    }
}

$mode = $argv[1];
$url = $argv[2];
$key = $argv[3];
if (in_array($mode, ['append-once', 'appender', 'head'], true)) {
    echo json_encode(oneCall($mode, $url, $key, array_slice($argv, 4))), "\n";
    exit(0);
}
$client = client($url, 0.8, 6);
if ($mode === 'print-client') {
    ob_start();
    var_dump($client);
    print_r($client);
    echo $client, "\n";
    var_export((array) $client);
    echo "\n", ob_get_clean();
    exit(0);
}
$integrityClass = ns() . '\\Runtime\\IntegrityException';
if ($mode === 'integrity') {
    $appender = openAppender($client, $key);
    try {
        $appender->append('integrity check');
        $result = ['integrityError' => false, 'error' => 'accepted'];
    } catch (Throwable $e) {
        $result = ['integrityError' => $e instanceof $integrityClass, 'error' => scrub(get_class($e) . ': ' . $e->getMessage())];
    }
    echo json_encode(['lang' => 'php'] + $result), "\n";
    exit(0);
}
$data = (string) file_get_contents($argv[4]);
$sizes = array_map('intval', preg_split('/\s+/', trim((string) file_get_contents($argv[5]))));
$appender = openAppender($client, $key);
$opens = 1;
$errors = 0;
$integrity = 0;
$landedAfterError = 0;
$offset = 0;
foreach ($sizes as $size) {
    $chunk = substr($data, $offset, $size);
    while (true) {
        $before = $appender->position();
        try {
            $appender->append($chunk);
            break;
        } catch (Throwable $e) {
            // Every failure is settled by reading back.
            $errors++;
            if ($e instanceof $integrityClass) {
                $integrity++;
            }
        }
        $appender = openAppender($client, $key);
        $opens++;
        if ($appender->position() === $before + $size) {
            $landedAfterError++;
            break;
        }
        if ($appender->position() !== $before) {
            fwrite(STDERR, 'object is ' . $appender->position() . " bytes, neither $before nor " . ($before + $size) . "\n");
            exit(1);
        }
    }
    $offset += $size;
}
echo json_encode(['lang' => 'php', 'chunks' => count($sizes), 'bytes' => $offset, 'position' => $appender->position(), 'crc' => fmt($appender->crc64()), 'errors' => $errors, 'integrityErrors' => $integrity, 'landedAfterError' => $landedAfterError, 'opens' => $opens]), "\n";
