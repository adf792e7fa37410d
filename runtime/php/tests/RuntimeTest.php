<?php

declare(strict_types=1);

namespace OssGen\Runtime\Tests;

use OssGen\Runtime\Body;
use OssGen\Runtime\Core;
use OssGen\Runtime\Crc64;
use OssGen\Runtime\CurlTransport;
use OssGen\Runtime\NetworkException;
use OssGen\Runtime\ProtocolException;
use OssGen\Runtime\RecordingTransport;
use OssGen\Runtime\ErrorDocument;
use OssGen\Runtime\Signer;
use OssGen\Runtime\Transport;
use OssGen\Runtime\ValidationException;
use OssGen\Runtime\Validator;
use OssGen\Runtime\Wire;
use OssGen\Runtime\WireRequest;
use OssGen\Runtime\WireResponse;
use PHPUnit\Framework\TestCase;

require_once __DIR__ . '/Fixture.php';

/** The static runtime's primitives, checked where they live against published values and hand-built strings. */
final class RuntimeTest extends TestCase
{
    /** The table path, whatever the machine has: the primitives below are checked on it. */
    private static function crc(): Crc64
    {
        return new Crc64(Fixture::protocol()['crc64']['polynomial'], false);
    }

    /** CRC-64/XZ (= ECMA-182 reflected, all-ones init and xor-out): the published check value and more vectors, on both paths. */
    public function testCrc64PublishedVectors(): void
    {
        $vectors = [
            '' => '0',
            '123456789' => '11051210869376104954',
            'a' => '3675645893302102789',
            'The quick brown fox jumps over the lazy dog' => '6583902852472283588',
        ];
        foreach ([self::crc(), new Crc64(Fixture::protocol()['crc64']['polynomial'])] as $crc) {
            foreach ($vectors as $data => $want) {
                self::assertSame($want, Crc64::format($crc->update(0, (string) $data)), $crc->implementation . ': ' . $data);
            }
            self::assertSame('15357192874899391488', Crc64::format($crc->update(0, str_repeat(implode('', array_map('chr', range(0, 255))), 4))), $crc->implementation);
            self::assertSame('995dc9bbdf1939fa', sprintf('%016x', $crc->update(0, '123456789')), $crc->implementation);
        }
    }

    /**
     * liblzma through FFI is the path where it can be: php-cli has FFI and the machines this runs on have
     * liblzma.so.5 (scripts/setup.sh installs both). It continues a CRC as the table does; OSSGEN_CRC64=php and
     * the constructor's $native = false choose the table.
     */
    public function testCrc64NativePath(): void
    {
        $polynomial = Fixture::protocol()['crc64']['polynomial'];
        $native = new Crc64($polynomial);
        self::assertSame('liblzma', $native->implementation);
        self::assertSame('php', self::crc()->implementation);
        $data = random_bytes(100_003);
        self::assertSame(self::crc()->update(0, $data), $native->update(0, $data));
        self::assertSame(self::crc()->update(12345, $data), $native->update(12345, $data));
        putenv('OSSGEN_CRC64=php');
        try {
            self::assertSame('php', (new Crc64($polynomial))->implementation);
        } finally {
            putenv('OSSGEN_CRC64');
        }
    }

    public function testCrc64ContinuesAcrossBlocks(): void
    {
        $data = random_bytes(4096);
        $whole = self::crc()->update(0, $data);
        $c = 0;
        foreach (str_split($data, 777) as $block) {
            $c = self::crc()->update($c, $block);
        }
        self::assertSame($whole, $c);
    }

    /** The CRC of A then B from the CRCs of A and B (what an append's whole-object CRC is checked with). */
    public function testCrc64Combine(): void
    {
        $c = self::crc();
        $data = random_bytes(3000);
        foreach ([0, 1, 7, 8, 9, 1500, 2999, 3000] as $cut) {
            $a = substr($data, 0, $cut);
            $b = substr($data, $cut);
            self::assertSame($c->update(0, $data), $c->combine($c->update(0, $a), $c->update(0, $b), strlen($b)), 'cut at ' . $cut);
        }
    }

    public function testUnsignedNumbersNeverGoThroughFloats(): void
    {
        self::assertSame(-1, Wire::parseUnsigned('18446744073709551615'));
        self::assertSame(PHP_INT_MIN, Wire::parseUnsigned('9223372036854775808'));
        self::assertSame(PHP_INT_MAX, Wire::parseUnsigned('9223372036854775807'));
        self::assertNull(Wire::parseUnsigned('18446744073709551616'));
        self::assertNull(Wire::parseUnsigned(''));
        self::assertNull(Wire::parseUnsigned('0x10'));
        self::assertSame(0, Wire::add(PHP_INT_MAX, PHP_INT_MIN + 1));
        self::assertSame(PHP_INT_MIN, Wire::add(PHP_INT_MAX, 1));
        self::assertNull(Wire::parseLong('9223372036854775808'));
        self::assertNull(Wire::parseLong('-5'));
        self::assertSame(42, Wire::parseLong(' 42 '));
    }

    public function testUriEncodingAndCanonicalQuery(): void
    {
        self::assertSame('a%20b/%E6%97%A5%2B~', Signer::uriEncode("a b/\u{65e5}+~", true));
        self::assertSame('a%2Fb', Signer::uriEncode('a/b', false));
        self::assertSame('append&position=10&x=a%20b', Signer::canonicalQuery([['position', '10'], ['x', 'a b'], ['append', null]]));
        // By encoded name (a name before a longer one it begins), then by the whole part.
        self::assertSame('a&a=1&a=2&a-b=0&b', Signer::canonicalQuery([['b', null], ['a', '2'], ['a-b', '0'], ['a', '1'], ['a', null]]));
    }

    /** V1: the string to sign as the documentation builds it, then HMAC-SHA1 and base64. */
    public function testV1SignatureOfAHandBuiltStringToSign(): void
    {
        $signer = new Signer(Fixture::protocol());
        $headers = ['Content-Type' => 'text/plain', 'X-OSS-Meta-B' => ' 2 ', 'x-oss-meta-a' => '1', 'Other' => 'ignored'];
        $date = 'Wed, 28 Oct 2026 07:28:00 GMT';
        $want = base64_encode(hash_hmac('sha1', "POST\n\ntext/plain\n" . $date . "\nx-oss-meta-a:1\nx-oss-meta-b:2\n/bucket/k%y?append&position=0", 'secret', true));
        self::assertSame($want, $signer->v1Signature('POST', 'bucket', 'k%y', [['position', '0'], ['append', null], ['uploads2', 'x']], $headers, 'secret', $date, ['append', 'position']));
    }

    /** V4: canonical request, string to sign and the four-step key chain, built by hand. */
    public function testV4SignatureOfAHandBuiltCanonicalRequest(): void
    {
        $p = Fixture::protocol();
        $signer = new Signer($p);
        // One request after another, headers, stamp and secret changing and back (the Signer keeps the last
        // canonical headers and the last second's keyed hashes).
        foreach ([['20261028T072800Z', 'text/plain', 'secret'], ['20261028T072800Z', 'text/plain', 'secret'], ['20261028T072800Z', 'text/csv', 'secret'], ['20261028T072801Z', 'text/csv', 'secret'], ['20261028T072801Z', 'text/csv', 'other'], ['20261028T072800Z', 'text/plain', 'secret']] as [$stamp, $type, $secret]) {
            $key = hash_hmac('sha256', '20261028', 'aliyun_v4' . $secret, true);
            foreach (['cn-hangzhou', 'oss', 'aliyun_v4_request'] as $part) {
                $key = hash_hmac('sha256', $part, $key, true);
            }
            $headers = ['Content-Type' => $type, 'x-oss-date' => $stamp, 'x-oss-content-sha256' => 'UNSIGNED-PAYLOAD', 'Host' => 'not-signed'];
            $canonical = "POST\n/bucket/a%20b\nappend&position=0\ncontent-type:" . $type . "\nx-oss-content-sha256:UNSIGNED-PAYLOAD\nx-oss-date:" . $stamp . "\n\n\nUNSIGNED-PAYLOAD";
            $toSign = "OSS4-HMAC-SHA256\n" . $stamp . "\n20261028/cn-hangzhou/oss/aliyun_v4_request\n" . hash('sha256', $canonical);
            self::assertSame(hash_hmac('sha256', $toSign, $key), $signer->v4Signature('POST', 'bucket', 'a b', [['append', null], ['position', '0']], $headers, $secret, 'cn-hangzhou', $stamp, 'UNSIGNED-PAYLOAD'), $stamp . ' ' . $type . ' ' . $secret);
        }
        $signed = $signer->signV4('POST', 'bucket', 'a b', [['append', null], ['position', '0']], ['Content-Type' => 'text/plain'], 'id', 'secret', 'cn-hangzhou', 1700000000);
        self::assertSame('20231114T221320Z', $signed['x-oss-date']);
        self::assertStringStartsWith('OSS4-HMAC-SHA256 Credential=id/20231114/cn-hangzhou/oss/aliyun_v4_request,Signature=', $signed['Authorization']);
    }

    public function testErrorDocumentsAreReadSafely(): void
    {
        self::assertSame(['Code' => 'NoSuchKey', 'Message' => 'gone'], ErrorDocument::parse('<?xml version="1.0"?><Error><Code>NoSuchKey</Code><Message>gone</Message></Error>', 'Error'));
        self::assertSame([], ErrorDocument::parse('<Other><Code>X</Code></Other>', 'Error'));
        self::assertSame([], ErrorDocument::parse('not xml', 'Error'));
        self::assertSame([], ErrorDocument::parse('<!DOCTYPE e [<!ENTITY x SYSTEM "file:///etc/passwd">]><Error><Code>&x;</Code></Error>', 'Error'));
        // Bad character references stay as written; the rest of the document is still read.
        self::assertSame(['Code' => 'InvalidArgument', 'Message' => "bad &#x110000; &#0; \u{e9} &bogus; <&", 'RequestId' => "r\u{1F600}"], ErrorDocument::parse('<?xml version="1.0"?><Error><Code>InvalidArgument</Code><Message>bad &#x110000; &#0; &#xE9; &bogus; &lt;&amp;</Message><RequestId>r&#x1F600;</RequestId></Error>', 'Error'));
        self::assertSame(['Code' => 'X'], ErrorDocument::parse('<Error><Code>X</Code><Message>unclosed', 'Error'));
    }

    public function testValidationRefusesBeforeSending(): void
    {
        $v = new Validator(Fixture::protocol());
        $op = ['inputs' => [
            ['name' => 'bucket', 'location' => 'host', 'wire' => null, 'type' => 'string', 'format' => null, 'enum' => null, 'required' => true, 'minimum' => null, 'firstAppendOnly' => null],
            ['name' => 'key', 'location' => 'path', 'wire' => null, 'type' => 'string', 'format' => null, 'enum' => null, 'required' => true, 'minimum' => null, 'firstAppendOnly' => null],
            ['name' => 'position', 'location' => 'query', 'wire' => 'position', 'type' => 'int64', 'format' => null, 'enum' => null, 'required' => true, 'minimum' => 0, 'firstAppendOnly' => null],
            ['name' => 'tagging', 'location' => 'header', 'wire' => 'x-oss-tagging', 'type' => 'string', 'format' => 'tagging', 'enum' => null, 'required' => false, 'minimum' => null, 'firstAppendOnly' => 'reject'],
            ['name' => 'body', 'location' => 'body', 'wire' => null, 'type' => 'blob', 'format' => null, 'enum' => null, 'required' => true, 'minimum' => null, 'firstAppendOnly' => null],
        ], 'append' => ['position' => 'position']];
        $good = ['bucket' => 'b-1', 'key' => 'k', 'position' => 0, 'body' => Body::fromString('x')];
        $v->check($op, $good);
        $bad = [
            ['bucket' => 'B_1'] + $good,
            ['key' => ''] + $good,
            ['key' => '/abs'] + $good,
            ['key' => "\xff"] + $good,
            \array_replace($good, ['position' => -1]),
            ['tagging' => "a=b\n"] + $good,
            ['position' => 5, 'tagging' => 'a=b'] + $good,
            \array_replace($good, ['body' => null]),
        ];
        // Without the operation's name every input is walked; with it, only the required and the given ones
        // (sorted out once per operation): both refuse the same requests, naming the same member.
        foreach ([null, 'AppendObject'] as $operation) {
            $v->check($op, $good, false, $operation);
            $refused = 0;
            foreach ($bad as $i => $values) {
                try {
                    $v->check($op, $values, false, $operation);
                } catch (ValidationException) {
                    $refused++;
                    continue;
                }
                self::fail('case ' . $i . ' was not refused');
            }
            self::assertSame(count($bad), $refused);
            // Several faults: the first in model order is the one named, a missing input among them.
            foreach ([['tagging' => "a=b\n", 'key' => null, 'bucket' => 'b-1'], ['body' => null, 'tagging' => "\n"]] as $i => $values) {
                try {
                    $v->check($op, $values + $good, false, $operation);
                    self::fail('faults ' . $i . ' were not refused');
                } catch (ValidationException $e) {
                    self::assertSame($i === 0 ? 'key' : 'tagging', $e->member);
                }
            }
        }
    }

    /** One Signer signs requests for one object after another, each as a fresh Signer would (it keeps the last path). */
    public function testV4SignatureFollowsTheObject(): void
    {
        $signer = new Signer(Fixture::protocol());
        foreach ([['b', 'k1'], ['b', 'k1'], ['b', 'k2'], ['c', 'k2'], ['b', 'k1']] as [$bucket, $key]) {
            $fresh = (new Signer(Fixture::protocol()))->signV4('POST', $bucket, $key, [['append', null]], [], 'id', 'secret', 'cn-hangzhou', 1700000000);
            self::assertSame($fresh, $signer->signV4('POST', $bucket, $key, [['append', null]], [], 'id', 'secret', 'cn-hangzhou', 1700000000));
        }
    }

    /** A protocol with one operation, Op: a flag, a query member and two headers in, and the outputs below out. @return array<string, mixed> */
    private static function oneOperation(): array
    {
        $input = static fn (string $name, string $location, ?string $wire, string $type, bool $required = false): array => ['name' => $name, 'location' => $location, 'wire' => $wire, 'type' => $type, 'format' => null, 'enum' => null, 'required' => $required, 'minimum' => null, 'firstAppendOnly' => null];
        $output = static fn (string $name, string $location, string $wire, string $type, bool $required = false): array => ['name' => $name, 'location' => $location, 'wire' => $wire, 'type' => $type, 'required' => $required];
        $op = [
            'method' => 'GET', 'flags' => ['acl'], 'append' => null, 'outputBody' => null, 'crcOutput' => null, 'rangeInput' => null,
            'inputs' => [
                $input('bucket', 'host', null, 'string', true), $input('key', 'path', null, 'string', true),
                $input('zeta', 'header', 'x-oss-zeta', 'string'), $input('count', 'query', 'count', 'int64'), $input('alpha', 'header', 'x-oss-alpha', 'string'),
            ],
            'outputs' => [
                $output('tag', 'header', 'ETag', 'string', true), $output('size', 'header', 'X-Oss-Size', 'int64'),
                $output('crc', 'header', 'x-oss-crc', 'uint64'), $output('meta', 'header-map', 'x-oss-meta-', 'map'), $output('note', 'header', 'x-oss-note', 'string'),
            ],
        ];
        return Fixture::protocol() + [
            'defaultRegion' => 'cn-hangzhou', 'endpointTemplate' => 'https://oss-{region}.aliyuncs.com', 'pathStyleForLocalhost' => true, 'pathStyleForIp' => true,
            'env' => ['accessKeyId' => 'X_ID', 'accessKeySecret' => 'X_SECRET', 'securityToken' => 'X_TOKEN'], 'defaultAuth' => 'v4', 'timeoutMs' => 1000,
            'retry' => ['maxAttempts' => 1, 'statuses' => [500, 503]], 'securityTokenHeader' => 'x-oss-security-token', 'requestIdHeader' => 'x-oss-request-id',
            'operations' => ['Op' => $op],
        ];
    }

    /** A request's query and headers are its given members in model order; an answer's outputs are read by kind, a required one must be there. */
    public function testMembersInAndOutputsOut(): void
    {
        $settings = ['endpoint' => 'http://127.0.0.1:9', 'accessKeyId' => 'id', 'accessKeySecret' => 'secret'];
        $fake = new RecordingTransport(200, ['ETag' => '"e"', 'X-OSS-SIZE' => ' 42 ', 'x-oss-crc' => '18446744073709551615', 'x-oss-meta-b' => '2', 'x-oss-meta-a' => '1']);
        $core = new Core(self::oneOperation(), $settings + ['transport' => $fake]);
        $out = $core->invoke('Op', ['key' => 'k', 'alpha' => 'a', 'bucket' => 'bk', 'count' => 3, 'zeta' => 'z', 'other' => 'x']);
        self::assertSame(['tag' => '"e"', 'size' => 42, 'crc' => -1, 'meta' => ['a' => '1', 'b' => '2'], 'note' => null], $out);
        self::assertSame('http://127.0.0.1:9/bk/k?acl&count=3', $fake->requests[0]->url);
        self::assertSame(['x-oss-zeta', 'x-oss-alpha'], array_slice(array_keys($fake->requests[0]->headers), 0, 2));
        $out = $core->invoke('Op', ['bucket' => 'bk', 'key' => 'k']);
        self::assertSame('http://127.0.0.1:9/bk/k?acl', $fake->requests[1]->url);
        self::assertSame([], array_intersect(['x-oss-zeta', 'x-oss-alpha'], array_keys($fake->requests[1]->headers)));
        foreach ([['X-Oss-Size' => '4x2', 'ETag' => '"e"'], ['x-oss-crc' => '1']] as $i => $headers) {
            $core = new Core(self::oneOperation(), $settings + ['transport' => new RecordingTransport(200, $headers)]);
            try {
                $core->invoke('Op', ['bucket' => 'bk', 'key' => 'k']);
                self::fail('answer ' . $i . ' was believed');
            } catch (ProtocolException $e) {
                self::assertStringContainsString($i === 0 ? 'X-Oss-Size header is not a int64' : 'lacks the ETag header', $e->getMessage());
            }
        }
    }

    /** One client makes the URLs of one object after another as a fresh client would (it keeps the last path). */
    public function testUrlFollowsTheObject(): void
    {
        $p = Fixture::protocol() + ['defaultRegion' => 'cn-hangzhou', 'endpointTemplate' => 'https://oss-{region}.aliyuncs.com', 'pathStyleForLocalhost' => true, 'pathStyleForIp' => true, 'env' => ['accessKeyId' => 'X_ID', 'accessKeySecret' => 'X_SECRET', 'securityToken' => 'X_TOKEN'], 'defaultAuth' => 'v4', 'timeoutMs' => 1000, 'retry' => ['maxAttempts' => 1]];
        foreach (['https://oss-cn-hangzhou.aliyuncs.com', 'http://127.0.0.1:9'] as $endpoint) {
            $settings = ['endpoint' => $endpoint, 'accessKeyId' => 'id', 'accessKeySecret' => 'secret'];
            $core = new Core($p, $settings);
            foreach ([['b', 'k1', ''], ['b', 'k1', 'append'], ['b', 'k 2', 'append'], ['c', 'k 2', ''], ['b', 'k1', '']] as [$bucket, $key, $query]) {
                self::assertSame((new Core($p, $settings))->urlOf($bucket, $key, $query), $core->urlOf($bucket, $key, $query));
            }
        }
        self::assertSame('http://127.0.0.1:9/b/k%202?append', $core->urlOf('b', 'k 2', 'append'));
    }

    /** A protocol with one append operation, Append: bucket, key, position, a first-append-only header, a header, a query member after the position and a body. @return array<string, mixed> */
    private static function appendOperation(): array
    {
        $input = static fn (string $name, string $location, ?string $wire, string $type, bool $required = false, ?int $minimum = null, ?string $format = null, ?string $firstAppendOnly = null): array => ['name' => $name, 'location' => $location, 'wire' => $wire, 'type' => $type, 'format' => $format, 'enum' => null, 'required' => $required, 'minimum' => $minimum, 'firstAppendOnly' => $firstAppendOnly];
        $output = static fn (string $name, string $wire, string $type): array => ['name' => $name, 'location' => 'header', 'wire' => $wire, 'type' => $type, 'required' => true];
        $op = [
            'method' => 'POST', 'flags' => ['append'], 'append' => ['position' => 'position', 'nextPosition' => 'next', 'crc' => 'crc'], 'outputBody' => null, 'crcOutput' => null, 'rangeInput' => null,
            'inputs' => [
                $input('bucket', 'host', null, 'string', true), $input('key', 'path', null, 'string', true), $input('position', 'query', 'position', 'int64', true, 0),
                $input('tagging', 'header', 'x-oss-tagging', 'string', false, null, 'tagging', 'reject'), $input('contentType', 'header', 'Content-Type', 'string'), $input('zone', 'query', 'zone', 'string'),
                $input('body', 'body', null, 'blob', true),
            ],
            'outputs' => [$output('next', 'x-oss-next-append-position', 'int64'), $output('crc', 'x-oss-hash-crc64ecma', 'uint64')],
        ];
        return Fixture::protocol() + [
            'defaultRegion' => 'cn-hangzhou', 'endpointTemplate' => 'https://oss-{region}.aliyuncs.com', 'pathStyleForLocalhost' => true, 'pathStyleForIp' => true,
            'env' => ['accessKeyId' => 'X_ID', 'accessKeySecret' => 'X_SECRET', 'securityToken' => 'X_TOKEN'], 'defaultAuth' => 'v4', 'timeoutMs' => 1000,
            'retry' => ['maxAttempts' => 1, 'statuses' => [500, 503]], 'securityTokenHeader' => 'x-oss-security-token', 'requestIdHeader' => 'x-oss-request-id',
            'operations' => ['Append' => $op],
        ];
    }

    /** A transport that takes every append: the next position from the URL's and the body's length, the body's own CRC-64. */
    private static function appendServer(): Transport
    {
        return new class () implements Transport {
            /** @var list<WireRequest> */
            public array $requests = [];

            public function send(WireRequest $request, string $operation): WireResponse
            {
                $this->requests[] = $request;
                $bytes = (string) $request->body?->bytes();
                ($request->onSent)($bytes);
                \preg_match('/[?&]position=(-?\d+)/', $request->url, $m);
                $crc = (new Crc64(Fixture::protocol()['crc64']['polynomial'], false))->update(0, $bytes);
                return new WireResponse(200, ['x-oss-next-append-position' => (string) ((int) $m[1] + \strlen($bytes)), 'x-oss-hash-crc64ecma' => Crc64::format($crc)], '');
            }
        };
    }

    /**
     * One client's appends, one after another, are sent as a fresh client would send each (URL, headers, V4 and V1
     * signatures): it keeps the parts of the last append that its position and body do not change, and a change
     * of any other member (the object, a header given or left out) is seen.
     */
    public function testAppendsOneAfterAnotherAreSentAsAFreshClientsWould(): void
    {
        $calls = [
            ['key' => 'k 1', 'position' => 0, 'tagging' => 'a=b', 'contentType' => 'text/plain'],
            ['key' => 'k 1', 'position' => 3], ['key' => 'k 1', 'position' => 10], ['key' => 'k 1', 'position' => 1000000],
            ['key' => 'k/2', 'position' => 5], ['key' => 'k/2', 'position' => 7, 'contentType' => 'text/csv'],
            ['key' => 'k/2', 'position' => 9, 'contentType' => 'text/csv'], ['key' => 'k/2', 'position' => 9, 'contentType' => 'text/html'],
            ['key' => 'k 1', 'position' => 11], ['key' => 'k 1', 'position' => 12, 'zone' => 'z 1'], ['key' => 'k 1', 'position' => 13, 'zone' => 'z 1'],
            ['key' => 'k 1', 'position' => 14, 'zone' => 'z2'],
        ];
        foreach (['v4', 'v1'] as $auth) {
            $settings = ['endpoint' => 'http://127.0.0.1:9', 'accessKeyId' => 'id', 'accessKeySecret' => 'secret', 'auth' => $auth, 'clock' => static fn (): int => 1700000000];
            $server = self::appendServer();
            $core = new Core(self::appendOperation(), $settings + ['transport' => $server]);
            foreach ($calls as $i => $call) {
                $values = ['bucket' => 'bk'] + $call + ['body' => 'xyz' . $i];
                $fresh = self::appendServer();
                $want = (new Core(self::appendOperation(), $settings + ['transport' => $fresh]))->invoke('Append', $values);
                self::assertSame($want, $core->invoke('Append', $values), $auth . ' call ' . $i);
                $sent = $server->requests[$i];
                self::assertSame([$fresh->requests[0]->url, $fresh->requests[0]->headers], [$sent->url, $sent->headers], $auth . ' call ' . $i);
                self::assertStringContainsString('position=' . $call['position'], $sent->url);
            }
        }
    }

    /** An append like the last one but for its position and body has those checked again, and the rules over the whole request. */
    public function testAppendsOneAfterAnotherAreCheckedAsAFreshClientWould(): void
    {
        $server = self::appendServer();
        $core = new Core(self::appendOperation(), ['endpoint' => 'http://127.0.0.1:9', 'accessKeyId' => 'id', 'accessKeySecret' => 'secret', 'transport' => $server]);
        $good = ['bucket' => 'bk', 'key' => 'k', 'position' => 5, 'body' => 'x'];
        $tagged = ['bucket' => 'bk', 'key' => 'k', 'position' => 0, 'tagging' => 'a=b', 'body' => 'x'];
        $cases = [
            [$good, \array_replace($good, ['position' => -1]), 'position'],
            [$good, \array_replace($good, ['position' => '6']), 'position'],
            [$good, \array_replace($good, ['body' => 42]), 'body'],
            [$good, \array_replace($good, ['body' => null]), 'body'],
            [$good, \array_replace($good, ['position' => 5368709120]), 'body'],
            [$tagged, \array_replace($tagged, ['position' => 5]), 'tagging'],
        ];
        // Each refused request differs from the one before only in its position or body (the members in the same
        // order): the one a client keeps the other parts of.
        foreach ($cases as $i => [$passes, $refused, $member]) {
            $core->invoke('Append', $passes);
            $core->invoke('Append', $passes);
            $sent = \count($server->requests);
            try {
                $core->invoke('Append', $refused);
                self::fail('case ' . $i . ' was not refused');
            } catch (ValidationException $e) {
                self::assertSame($member, $e->member, 'case ' . $i);
            }
            self::assertCount($sent, $server->requests, 'case ' . $i . ' was sent');
        }
    }

    /**
     * An append like the last one but for its position and body (the narrow path a client keeps for it) fails on a
     * bad answer exactly as a fresh client's first append does: the same exception, message and fields, sent once
     * (a retryable status is not retried, an append's outcome is left to the Appender), the answer checked alike.
     */
    public function testAppendsOneAfterAnotherFailAsAFreshClientWould(): void
    {
        $p = self::appendOperation() + [
            'errorBody' => ['root' => 'Error', 'code' => 'Code', 'message' => 'Message', 'requestId' => 'RequestId', 'hostId' => 'HostId', 'ec' => 'EC', 'bodylessHeader' => 'x-oss-err'],
            'codeByStatus' => [409 => 'PositionNotEqualToLength', 503 => 'ServiceUnavailable'],
            'errorCodeHeader' => 'x-oss-ec',
            'errors' => [],
        ];
        $crcOf = static fn (string $bytes): int => (new Crc64(Fixture::protocol()['crc64']['polynomial'], false))->update(0, $bytes);
        $first = 'abc';
        $body = 'defgh';
        $next = 5 + \strlen($first) + \strlen($body);
        $whole = (new Crc64(Fixture::protocol()['crc64']['polynomial'], false))->update($crcOf($first), $body);
        $answers = [
            'taken' => [200, ['x-oss-next-append-position' => (string) $next, 'x-oss-hash-crc64ecma' => Crc64::format($whole), 'x-oss-request-id' => 'r1'], ''],
            'position error' => [409, ['x-oss-next-append-position' => '7', 'x-oss-request-id' => 'r2'], '<Error><Code>PositionNotEqualToLength</Code><Message>m</Message><RequestId>r3</RequestId></Error>'],
            'retryable status' => [503, ['retry-after' => '0', 'x-oss-ec' => '0002-1'], ''],
            'another status' => [400, ['x-oss-err' => \base64_encode('<Error><Code>InvalidArgument</Code></Error>')], ''],
            'next position past the bytes' => [200, ['x-oss-next-append-position' => (string) ($next + 1), 'x-oss-hash-crc64ecma' => Crc64::format($whole)], ''],
            'no next position' => [200, ['x-oss-hash-crc64ecma' => Crc64::format($whole)], ''],
            'no CRC' => [200, ['x-oss-next-append-position' => (string) $next], ''],
            'a CRC not a number' => [200, ['x-oss-next-append-position' => (string) $next, 'x-oss-hash-crc64ecma' => '12x'], ''],
            'a wrong CRC' => [200, ['x-oss-next-append-position' => (string) $next, 'x-oss-hash-crc64ecma' => Crc64::format($whole ^ 1), 'x-oss-request-id' => 'r4'], ''],
            'no answer' => null,
        ];
        $outcome = static function (Core $core, array $values, ?int $previousCrc): array {
            try {
                return ['taken', $core->invoke('Append', $values, $previousCrc)];
            } catch (\Throwable $e) {
                return [$e::class, $e->getMessage(), $e instanceof \OssGen\Runtime\ServiceException ? [$e->statusCode, $e->errorCode, $e->requestId, $e->ec, $e->headers] : null];
            }
        };
        foreach ($answers as $case => $answer) {
            foreach ([null, $crcOf($first)] as $previousCrc) {
                $script = static function (WireRequest $request) use ($answer): WireResponse {
                    if ($answer === null) {
                        throw new NetworkException('Append', 'the connection died');
                    }
                    ($request->onSent)((string) $request->body?->bytes());
                    return new WireResponse(...$answer);
                };
                $scripted = static function (array $script): Transport {
                    return new class ($script) implements Transport {
                        public int $sent = 0;

                        /** @param list<\Closure(WireRequest): WireResponse> $script */
                        public function __construct(private array $script)
                        {
                        }

                        public function send(WireRequest $request, string $operation): WireResponse
                        {
                            return ($this->script[$this->sent++])($request);
                        }
                    };
                };
                $settings = ['endpoint' => 'http://127.0.0.1:9', 'accessKeyId' => 'id', 'accessKeySecret' => 'secret', 'clock' => static fn (): int => 1700000000];
                $values = ['bucket' => 'bk', 'key' => 'k', 'position' => 5 + \strlen($first), 'body' => $body];
                // A fresh client: the generic path.
                $fresh = $scripted([$script]);
                $want = $outcome(new Core($p, $settings + ['transport' => $fresh]), $values, $previousCrc);
                // A client whose last append had this one's shape.
                $taken = static function (WireRequest $request) use ($crcOf, $first): WireResponse {
                    ($request->onSent)((string) $request->body?->bytes());
                    return new WireResponse(200, ['x-oss-next-append-position' => (string) (5 + \strlen($first)), 'x-oss-hash-crc64ecma' => Crc64::format($crcOf($first))], '');
                };
                $used = $scripted([$taken, $script]);
                $core = new Core($p, $settings + ['transport' => $used]);
                $core->invoke('Append', ['bucket' => 'bk', 'key' => 'k', 'position' => 5, 'body' => $first]);
                self::assertSame($want, $outcome($core, $values, $previousCrc), $case);
                self::assertSame([1, 2], [$fresh->sent, $used->sent], $case . ': sent once');
                // Believed: a good answer, and a CRC-64 that cannot be checked (no CRC-64 before it given).
                self::assertSame($case === 'taken' || ($case === 'a wrong CRC' && $previousCrc === null), $want[0] === 'taken', $case);
            }
        }
    }

    /** One Signer signs requests of different seconds, regions and secrets, each with its own (it keeps the last stamp, scope and keys). */
    public function testV4StampFollowsTheClock(): void
    {
        $signer = new Signer(Fixture::protocol());
        $turns = [[1700000000, 'cn-hangzhou', 'secret'], [1700000000, 'cn-hangzhou', 'secret'], [1700000001, 'cn-hangzhou', 'secret'], [1700086400, 'cn-hangzhou', 'secret'], [1700086400, 'cn-beijing', 'secret'], [1700086400, 'cn-beijing', 'other'], [1700086400, 'cn-hangzhou', 'secret']];
        foreach ($turns as [$now, $region, $secret]) {
            $signed = $signer->signV4('POST', 'bucket', 'k', [['append', null]], [], 'id', $secret, $region, $now);
            $fresh = (new Signer(Fixture::protocol()))->signV4('POST', 'bucket', 'k', [['append', null]], [], 'id', $secret, $region, $now);
            self::assertSame(gmdate('Ymd\THis\Z', $now), $signed['x-oss-date']);
            self::assertStringContainsString('/' . gmdate('Ymd', $now) . '/' . $region . '/', $signed['Authorization']);
            self::assertSame($fresh, $signed);
        }
    }

    /**
     * A server in a child process that reads one request (a body at about 12 MiB/s), then writes `$head` and
     * the bytes of `$trickle` one every 50 ms (too fast for the 1 byte/s stall limit), then closes. Returns its URL.
     *
     * @return array{0: string, 1: resource}
     */
    private static function tricklingServer(string $head, string $trickle): array
    {
        $script = <<<'PHP'
            $server = stream_socket_server('tcp://127.0.0.1:0');
            fwrite(STDOUT, stream_socket_get_name($server, false) . "\n");
            fflush(STDOUT);
            $c = stream_socket_accept($server, 10);
            $request = '';
            while (!str_contains($request, "\r\n\r\n") && ($block = fread($c, 8192)) !== false && $block !== '') {
                $request .= $block;
            }
            [$head, $body] = explode("\r\n\r\n", $request, 2);
            $left = preg_match('/^content-length: *(\d+)/mi', $head, $m) === 1 ? (int) $m[1] - strlen($body) : 0;
            for ($read = 0; $left > 0 && ($block = fread($c, min($left, 1 << 16))) !== false && $block !== ''; $read += strlen($block)) {
                $left -= strlen($block);
                if (intdiv($read + strlen($block), 1 << 20) > intdiv($read, 1 << 20)) {
                    usleep(80000);
                }
            }
            fwrite($c, base64_decode($argv[1]));
            foreach (str_split(base64_decode($argv[2])) as $byte) {
                usleep(50000);
                if (@fwrite($c, $byte) !== 1) {
                    break;
                }
            }
            fclose($c);
            PHP;
        $process = proc_open([PHP_BINARY, '-r', $script, base64_encode($head), base64_encode($trickle)], [1 => ['pipe', 'w']], $pipes);
        self::assertIsResource($process);
        return ['http://' . trim((string) fgets($pipes[1])) . '/b/k', $process];
    }

    /**
     * The attempt's time limits besides a stall: the answer's headers within the timeout of the last byte sent, and
     * an error answer whole within the timeout of its headers; a streamed download has no overall limit. Each server
     * here trickles (never stalls), so only these limits can end the attempt as a timeout; a body that takes
     * longer than the timeout to go out, but keeps going, is no timeout.
     */
    public function testTimeoutsOfHeadersAndErrorBodyButNotOfADownload(): void
    {
        $cases = [
            'headers trickle' => ["HTTP/1.1 200 OK\r\n", str_repeat('x', 20), 'POST', true],
            'error body trickles' => ["HTTP/1.1 403 Forbidden\r\nContent-Length: 20\r\n\r\n", str_repeat('x', 20), 'POST', true],
            'download trickles' => ["HTTP/1.1 200 OK\r\nContent-Length: 20\r\n\r\n", str_repeat('x', 20), 'GET', false],
            'upload read slowly' => ["HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n", '', 'PUT', false],
        ];
        $transport = new CurlTransport();
        foreach ($cases as $name => [$head, $trickle, $method, $timesOut]) {
            [$url, $process] = self::tricklingServer($head, $trickle);
            $received = '';
            $body = match ($method) {
                'POST' => Body::fromString('abc'),
                // 2 s at the server's pace, against a timeout of 1 s; what the kernel's buffers hold is read in 0.5 s.
                'PUT' => Body::fromString(str_repeat('u', 24 << 20)),
                default => null,
            };
            // Headers as a signed request has (curl's own lines stay below the request's least size).
            $request = new WireRequest($method, $url, ['x-oss-date' => '20261202T000000Z', 'Authorization' => str_repeat('a', 120)], $body, $method === 'PUT' ? 1.0 : 0.3, null, $method === 'GET' ? static function (string $block) use (&$received): void {
                $received .= $block;
            } : null);
            try {
                $response = $transport->send($request, 'Op');
                self::assertFalse($timesOut, $name . ': answered (HTTP ' . $response->status . ') instead of timing out');
                self::assertSame($method === 'GET' ? str_repeat('x', 20) : '', $received, $name);
            } catch (NetworkException $e) {
                self::assertTrue($timesOut && $e->timedOut, $name . ': ' . $e->getMessage());
            } finally {
                proc_terminate($process);
                proc_close($process);
            }
        }
    }
}
