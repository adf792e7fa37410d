<?php

declare(strict_types=1);

namespace OssGen\Runtime;

/**
 * The transport of ext-curl: the body is read from its stream as curl asks (CURLOPT_READFUNCTION, so a
 * file is never held in memory), a successful download goes block by block to the request's onBody.
 * Connecting and every stall are limited by the request's timeout; redirects are never followed.
 *
 * One curl handle serves every request of the transport, reset in between: its connection cache keeps the
 * connection alive from one request to the next (a new TCP connection per request cost more than a small
 * append itself), and curl opens a new one when the server has closed it. A body is always given through
 * CURLOPT_READFUNCTION (a body in memory straight from its string, not copied into a stream first), never
 * as CURLOPT_POSTFIELDS: curl resends a request whose reused connection died before any answer when it can
 * rewind the body, and an append the server took but did not answer would then land twice; without a way to
 * rewind, curl fails the attempt instead and the outcome is settled as any unknown one.
 */
final class CurlTransport implements Transport
{
    /** The most of an error answer's body that is kept. */
    private const MAX_ERROR_BODY = 1 << 20;

    private ?\CurlHandle $curl = null;

    public function send(WireRequest $request, string $operation): WireResponse
    {
        if ($this->curl === null) {
            $this->curl = curl_init();
        } else {
            // Every option back to its default (the callbacks of the last request too); connections stay.
            curl_reset($this->curl);
        }
        $curl = $this->curl;
        $headers = [];
        $status = 0;
        $kept = '';
        $stream = null;
        $timeout = $request->timeoutSeconds;
        // When the answer's header block ended, and the last time a byte of the body went out.
        $headersAt = null;
        $sentAt = microtime(true);
        $sentBytes = 0;
        $timedOut = false;
        $truncated = false;
        $timeoutMs = max(1, (int) ceil($request->timeoutSeconds * 1000));
        $lines = ['Expect:'];
        foreach ($request->headers as $name => $value) {
            $lines[] = $name . ': ' . $value;
        }
        $options = [
            CURLOPT_URL => $request->url,
            CURLOPT_HTTPHEADER => $lines,
            CURLOPT_FOLLOWLOCATION => false,
            CURLOPT_CONNECTTIMEOUT_MS => $timeoutMs,
            // A stall of the timeout (less than a byte a second) fails the attempt.
            CURLOPT_LOW_SPEED_LIMIT => 1,
            CURLOPT_LOW_SPEED_TIME => max(1, (int) ceil($request->timeoutSeconds)),
            CURLOPT_HTTP_VERSION => CURL_HTTP_VERSION_1_1,
            CURLOPT_HEADERFUNCTION => static function ($ch, string $line) use (&$headers, &$status, &$headersAt): int {
                // Called for every line of the answer: the pattern only for a line that can be a status line.
                if (str_starts_with($line, 'HTTP/') && preg_match('#^HTTP/\S+\s+(\d{3})#', $line, $m) === 1) {
                    // A new status line (after a 100 Continue): forget the headers of the one before.
                    $status = (int) $m[1];
                    $headers = [];
                    $headersAt = null;
                } elseif ($line === "\r\n" || trim($line) === '') {
                    $headersAt = microtime(true);
                } elseif (str_contains($line, ':')) {
                    [$name, $value] = explode(':', $line, 2);
                    $headers[strtolower(trim($name))] = trim($value);
                }
                return strlen($line);
            },
            CURLOPT_WRITEFUNCTION => static function ($ch, string $data) use (&$kept, &$status, &$truncated, $request): int {
                if ($status >= 200 && $status < 300 && $request->onBody !== null) {
                    ($request->onBody)($data);
                    return strlen($data);
                }
                $kept .= substr($data, 0, self::MAX_ERROR_BODY - strlen($kept));
                if (strlen($kept) >= self::MAX_ERROR_BODY) {
                    // Enough of an answer that is not a download: stop reading (an endless body ends here).
                    $truncated = true;
                    return 0;
                }
                return strlen($data);
            },
            // The attempt's time limits besides a stall: the answer's headers within the timeout of the last
            // byte sent, and an answer that is not a streamed download (an error) whole within the timeout of
            // its headers. A streamed download has no overall limit.
            CURLOPT_NOPROGRESS => false,
            CURLOPT_XFERINFOFUNCTION => static function ($ch, int $downTotal, int $down, int $upTotal, int $up) use (&$headersAt, &$sentAt, &$sentBytes, &$timedOut, &$status, $timeout, $request): int {
                $now = microtime(true);
                if ($up > $sentBytes) {
                    $sentBytes = $up;
                    $sentAt = $now;
                }
                $streamed = $status >= 200 && $status < 300 && $request->onBody !== null;
                if (($headersAt === null && $now - $sentAt > $timeout) || ($headersAt !== null && !$streamed && $now - $headersAt > $timeout)) {
                    $timedOut = true;
                    return 1;
                }
                return 0;
            },
        ];
        if ($request->method === 'HEAD') {
            $options[CURLOPT_NOBODY] = true;
        } else {
            $options[CURLOPT_CUSTOMREQUEST] = $request->method;
        }
        $body = $request->body;
        $bytes = $body?->bytes();
        $onSent = $request->onSent;
        $left = 0;
        if ($bytes !== null) {
            $left = strlen($bytes);
            $options[CURLOPT_UPLOAD] = true;
            $options[CURLOPT_INFILESIZE] = $left;
            // Larger reads than curl's 64 KiB default: fewer calls into PHP for a large append.
            $options[CURLOPT_UPLOAD_BUFFERSIZE] = 1 << 20;
            $options[CURLOPT_READFUNCTION] = static function ($ch, $fd, int $length) use ($bytes, &$left, $onSent): string {
                if ($left <= 0) {
                    return '';
                }
                $block = substr($bytes, strlen($bytes) - $left, min($length, $left));
                $left -= strlen($block);
                if ($onSent !== null) {
                    $onSent($block);
                }
                return $block;
            };
        } elseif ($body !== null) {
            $stream = $body->open();
            $left = $body->length();
            $options[CURLOPT_UPLOAD] = true;
            $options[CURLOPT_INFILESIZE] = $body->length();
            $options[CURLOPT_READFUNCTION] = static function ($ch, $fd, int $length) use ($stream, &$left, $onSent): string {
                if ($left <= 0) {
                    return '';
                }
                $block = fread($stream, min($length, $left));
                if ($block === false || $block === '') {
                    // The body ended early: curl fails the upload (it was promised Content-Length bytes).
                    return '';
                }
                $left -= strlen($block);
                if ($onSent !== null) {
                    $onSent($block);
                }
                return $block;
            };
        } elseif ($request->method === 'PUT' || $request->method === 'POST') {
            $options[CURLOPT_POSTFIELDS] = '';
        }
        curl_setopt_array($curl, $options);
        try {
            $ok = curl_exec($curl);
            $errno = curl_errno($curl);
            if ($truncated && $errno === CURLE_WRITE_ERROR) {
                $errno = 0;
                $ok = true;
            }
            if ($ok === false || $errno !== 0) {
                $timedOut = $timedOut || $errno === CURLE_OPERATION_TIMEDOUT;
                throw new NetworkException($operation, $timedOut ? 'no answer within ' . $timeoutMs . ' ms' : 'curl error ' . $errno . ': ' . curl_error($curl), $timedOut);
            }
            if ($headersAt === null) {
                // A status line and some headers, then the connection ended: nothing in it can be trusted.
                throw new NetworkException($operation, 'the answer ended inside its headers');
            }
            if ($body !== null && $left > 0) {
                throw new NetworkException($operation, 'the body ended ' . $left . ' bytes early');
            }
        } finally {
            if ($stream !== null && $body !== null && $body->ownsStream()) {
                fclose($stream);
            }
        }
        return new WireResponse($status, $headers, $kept);
    }
}
