<?php

/*
 * Benchmark driver: the generated PHP client (out/php) vs a raw ext-curl request. Prints one JSON line.
 *
 *     crc   FILE REPEATS                        CRC-64 with the package's Crc64 (liblzma through FFI, else its table)
 *     big   client|raw URL KEY TOTAL CHUNK      TOTAL bytes appended in CHUNK-byte appends
 *     small client|raw URL KEY COUNT SIZE       COUNT sequential appends of SIZE bytes
 *     file  client|raw URL KEY PATH [CHUNK]     the whole file appended (client: Appender::appendFile)
 *
 * The time covers the appends only, after the client is built and the object probed.
 */

declare(strict_types=1);

require __DIR__ . '/../../../out/php/autoload.php';

use Ossgen\OssAppend\OssClient;
use Ossgen\OssAppend\Protocol;
use Ossgen\OssAppend\Runtime\Crc64;

const BUCKET = 'examplebucket';

/** A deterministic pseudo-random chunk (xorshift32 from seed 1, as the other drivers). */
function pattern(int $size): string
{
    $out = '';
    $x = 1;
    for ($i = 0; $i < $size; $i++) {
        $x ^= ($x << 13) & 0xFFFFFFFF;
        $x ^= $x >> 17;
        $x ^= ($x << 5) & 0xFFFFFFFF;
        $out .= chr($x & 0xFF);
    }
    return $out;
}

/** V1-signed appends over one keep-alive curl handle: the floor any PHP client pays. */
final class Raw
{
    private \CurlHandle $curl;

    public function __construct(private readonly string $url, private readonly string $key)
    {
        $this->curl = curl_init();
    }

    /** @param resource|null $stream */
    public function append(int $position, ?string $body, $stream = null, int $length = 0): void
    {
        $date = gmdate('D, d M Y H:i:s \G\M\T');
        $resource = '/' . BUCKET . '/' . $this->key . '?append&position=' . $position;
        $signature = base64_encode(hash_hmac('sha1', "POST\n\napplication/octet-stream\n" . $date . "\n" . $resource, 'sk', true));
        $options = [
            CURLOPT_URL => $this->url . $resource,
            CURLOPT_CUSTOMREQUEST => 'POST',
            CURLOPT_HTTPHEADER => ['Date: ' . $date, 'Content-Type: application/octet-stream', 'Authorization: OSS ak:' . $signature, 'Expect:'],
            CURLOPT_RETURNTRANSFER => true,
        ];
        if ($stream !== null) {
            $options += [CURLOPT_UPLOAD => true, CURLOPT_INFILE => $stream, CURLOPT_INFILESIZE => $length];
        } else {
            $options += [CURLOPT_UPLOAD => false, CURLOPT_POSTFIELDS => $body];
        }
        curl_setopt_array($this->curl, $options);
        curl_exec($this->curl);
        $status = curl_getinfo($this->curl, CURLINFO_RESPONSE_CODE);
        if ($status !== 200) {
            throw new RuntimeException('raw append: status ' . $status);
        }
    }
}

function client(string $url): OssClient
{
    return new OssClient(endpoint: $url, accessKeyId: 'ak', accessKeySecret: 'sk');
}

function appendMany(string $variant, string $url, string $key, int $count, int $size): float
{
    $chunk = pattern($size);
    if ($variant === 'client') {
        $a = client($url)->newAppender(BUCKET, $key, [], $size);
        $start = hrtime(true);
        for ($i = 0; $i < $count; $i++) {
            $a->append($chunk);
        }
        return (hrtime(true) - $start) / 1e6;
    }
    $raw = new Raw($url, $key);
    $start = hrtime(true);
    for ($i = 0; $i < $count; $i++) {
        $raw->append($i * $size, $chunk);
    }
    return (hrtime(true) - $start) / 1e6;
}

$mode = $argv[1] ?? '';
if ($mode === 'crc' && count($argv) === 4) {
    $data = (string) file_get_contents($argv[2]);
    $crc = new Crc64(Protocol::spec()['crc64']['polynomial']);
    $ms = [];
    $value = 0;
    for ($r = 0; $r < (int) $argv[3]; $r++) {
        $start = hrtime(true);
        $value = $crc->update(0, $data);
        $ms[] = (hrtime(true) - $start) / 1e6;
    }
    echo json_encode(['ms' => $ms, 'bytes' => strlen($data), 'crc' => Crc64::format($value), 'implementation' => $crc->implementation]), "\n";
    exit(0);
}
if (($mode === 'big' || $mode === 'small') && count($argv) === 7) {
    [, , $variant, $url, $key] = $argv;
    if ($mode === 'big') {
        $chunk = (int) $argv[6];
        $count = intdiv((int) $argv[5] + $chunk - 1, $chunk);
        echo json_encode(['ms' => appendMany($variant, $url, $key, $count, $chunk), 'bytes' => $count * $chunk]), "\n";
    } else {
        $count = (int) $argv[5];
        echo json_encode(['ms' => appendMany($variant, $url, $key, $count, (int) $argv[6]), 'ops' => $count]), "\n";
    }
    exit(0);
}
if ($mode === 'file' && count($argv) >= 6) {
    [, , $variant, $url, $key, $path] = $argv;
    $size = (int) filesize($path);
    if ($variant === 'client') {
        $a = client($url)->newAppender(BUCKET, $key, [], isset($argv[6]) ? (int) $argv[6] : 8 << 20);
        $start = hrtime(true);
        $sent = $a->appendFile($path);
    } else {
        $stream = fopen($path, 'rb');
        $start = hrtime(true);
        (new Raw($url, $key))->append(0, null, $stream, $size);
        $sent = $size;
    }
    echo json_encode(['ms' => (hrtime(true) - $start) / 1e6, 'bytes' => $sent]), "\n";
    exit(0);
}
fwrite(STDERR, "usage: driver.php crc|big|small|file ...\n");
exit(2);
