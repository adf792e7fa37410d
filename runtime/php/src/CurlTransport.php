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
 * append itself), and curl opens a new one when the server has closed it.
 *
 * A body in memory shorter than 64 KiB is given as CURLOPT_POSTFIELDS, which curl writes together with the
 * headers (one write, and one wake-up of the server, instead of two). Any other body is read through
 * CURLOPT_READFUNCTION (a body in memory straight from its string, a file or stream block by block). A body
 * curl can rewind (POSTFIELDS) is sent again by curl, on a new connection, when a reused connection died
 * before any byte of the answer: an append the server took but did not answer would then be sent twice, and
 * the answer to the second (a position error) would hide that the first landed. Curl counts the bytes of
 * every send of a transfer (CURLINFO_REQUEST_SIZE), so a request sent twice is seen, and an answer to it that
 * is not a success is not believed: the attempt fails as a network error, an unknown outcome the Appender
 * settles by reading the object. A success is believed (and checked as any): the server's position check
 * let only one of the sends land. Without a way to rewind (READFUNCTION), curl fails the attempt itself.
 */
final class CurlTransport implements Transport
{
    /** The most of an error answer's body that is kept. */
    private const MAX_ERROR_BODY = 1 << 20;
    /** Curl writes a POSTFIELDS body with the headers when it is shorter than this (its MAX_INITIAL_POST_SIZE). */
    private const MAX_POSTFIELDS = 1 << 16;

    private ?\CurlHandle $curl = null;
    /**
     * The kind of body request whose options the handle holds (the last request's): 'upload' (READFUNCTION)
     * or 'post' (POSTFIELDS). A next request of the same kind sets only what differs from one request to the
     * next (curl_reset and the options that never change cost more than a small append's own work). Any other
     * request starts from curl_reset, so nothing of the last one stays.
     */
    private ?string $bodyOptions = null;

    // The request in flight, as the callbacks (made once per transport) see it.
    private ?WireRequest $request = null;
    private ?string $bytes = null;
    /** @var resource|null */
    private $stream = null;
    private int $left = 0;
    private int $status = 0;
    /** @var array<string, string> the headers after the last status line, by lower-case name, parsed line by line */
    private array $headers = [];
    private string $kept = '';
    /** When the answer's header block ended, and the last time a byte of the body went out. */
    private ?float $headersAt = null;
    private float $sentAt = 0.0;
    /**
     * When the attempt times out unless a byte goes out first (before the answer's headers) or the answer is done:
     * the last byte sent plus the timeout, then the headers' end plus the timeout (INF for a streamed download).
     * Kept up to date as those events happen, so the progress callback (about a dozen calls a request) compares.
     */
    private float $deadline = INF;
    private int $sentBytes = 0;
    private bool $timedOut = false;
    private bool $truncated = false;
    private float $timeout = 0.0;
    /** @var array<int, mixed>|null the options every request of a fresh (or reset) handle starts with */
    private ?array $handleOptions = null;

    public function send(WireRequest $request, string $operation): WireResponse
    {
        $body = $request->body;
        $bytes = $body?->bytes();
        // A HEAD request (NOBODY) never leaves its options to the next one.
        $kind = $body === null || $request->method === 'HEAD' ? null : ($bytes !== null && \strlen($bytes) < self::MAX_POSTFIELDS ? 'post' : 'upload');
        if ($this->curl === null) {
            $this->curl = \curl_init();
            $fresh = true;
        } elseif ($kind !== null && $kind === $this->bodyOptions) {
            $fresh = false;
        } else {
            // Every option back to its default (the method and body of the last request too); connections stay.
            \curl_reset($this->curl);
            $fresh = true;
        }
        $curl = $this->curl;
        $this->request = $request;
        $this->status = 0;
        $this->headers = [];
        $this->kept = '';
        $this->headersAt = null;
        $this->sentAt = \microtime(true);
        $this->deadline = $this->sentAt + $request->timeoutSeconds;
        $this->sentBytes = 0;
        $this->timedOut = false;
        $this->truncated = false;
        $this->timeout = $request->timeoutSeconds;
        $this->bytes = null;
        $this->stream = null;
        $this->left = 0;
        $timeoutMs = \max(1, (int) \ceil($request->timeoutSeconds * 1000));
        $lines = ['Expect:'];
        // The least one send of this request can be (its URL stands for the request line and Host header).
        $requestBytes = \strlen($request->url);
        $typed = false;
        foreach ($request->headers as $name => $value) {
            $line = "{$name}: {$value}";
            $lines[] = $line;
            $requestBytes += \strlen($line) + 2;
            // strlen is no function call: only a name of Content-Type's length is compared.
            $typed = $typed || (\strlen((string) $name) === 12 && \strcasecmp((string) $name, 'Content-Type') === 0);
        }
        if ($kind === 'post' && !$typed) {
            // Curl would add a form content type to a POSTFIELDS body: none is sent, as with an upload.
            $lines[] = 'Content-Type:';
        }
        $options = $fresh ? $this->handleOptions() : [];
        $options[CURLOPT_URL] = $request->url;
        $options[CURLOPT_HTTPHEADER] = $lines;
        $options[CURLOPT_CONNECTTIMEOUT_MS] = $timeoutMs;
        // A stall of the timeout (less than a byte a second) fails the attempt.
        $options[CURLOPT_LOW_SPEED_TIME] = \max(1, (int) \ceil($request->timeoutSeconds));
        if ($request->method === 'HEAD') {
            $options[CURLOPT_NOBODY] = true;
        } else {
            $options[CURLOPT_CUSTOMREQUEST] = $request->method;
        }
        if ($kind === 'post') {
            // In the headers' write; the bytes are told to onSent once curl has sent them.
            $options[CURLOPT_POSTFIELDS] = $bytes;
        } elseif ($body !== null) {
            $this->bytes = $bytes;
            if ($this->bytes === null) {
                $this->stream = $body->open();
            }
            $this->left = $body->length();
            $options[CURLOPT_INFILESIZE] = $this->left;
            if ($fresh) {
                $options[CURLOPT_UPLOAD] = true;
                // Larger reads than curl's 64 KiB default: fewer calls into PHP for a large append.
                $options[CURLOPT_UPLOAD_BUFFERSIZE] = 1 << 20;
                $options[CURLOPT_READFUNCTION] = $this->readBlock(...);
            }
        } elseif ($request->method === 'PUT' || $request->method === 'POST') {
            $options[CURLOPT_POSTFIELDS] = '';
        }
        // Until this request's options are all set, the handle's are no known body request's.
        $this->bodyOptions = null;
        \curl_setopt_array($curl, $options);
        $this->bodyOptions = $kind;
        $stream = $this->stream;
        try {
            $ok = \curl_exec($curl);
            $errno = \curl_errno($curl);
            if ($this->truncated && $errno === CURLE_WRITE_ERROR) {
                $errno = 0;
                $ok = true;
            }
            if ($ok === false || $errno !== 0) {
                $timedOut = $this->timedOut || $errno === CURLE_OPERATION_TIMEDOUT;
                throw new NetworkException($operation, $timedOut ? 'no answer within ' . $timeoutMs . ' ms' : 'curl error ' . $errno . ': ' . \curl_error($curl), $timedOut);
            }
            if ($kind === 'post') {
                // Sent twice (a reused connection died, curl resent on a new one): this answer is the second
                // send's. A success is the truth (an append's position check let only one send land); anything
                // else (a position error when the first landed) cannot tell whether the first landed.
                $failed = $this->status < 200 || $this->status >= 300;
                if ($failed && \curl_getinfo($curl, CURLINFO_REQUEST_SIZE) >= 2 * ($requestBytes + \strlen((string) $bytes))) {
                    throw new NetworkException($operation, 'the connection died after the request was sent and curl sent it again; its answer (HTTP ' . $this->status . ') cannot tell whether the first landed');
                }
                $onSent = $request->onSent;
                if ($onSent !== null) {
                    $onSent((string) $bytes);
                }
            }
            if ($this->headersAt === null) {
                // A status line and some headers, then the connection ended: nothing in it can be trusted.
                throw new NetworkException($operation, 'the answer ended inside its headers');
            }
            if ($body !== null && $this->left > 0) {
                throw new NetworkException($operation, 'the body ended ' . $this->left . ' bytes early');
            }
            return new WireResponse($this->status, $this->headers, $this->kept);
        } finally {
            if ($stream !== null && $body !== null && $body->ownsStream()) {
                \fclose($stream);
            }
            // Nothing of the request (its body, its callbacks) is held past it.
            $this->request = null;
            $this->bytes = null;
            $this->stream = null;
            $this->kept = '';
            $this->headers = [];
        }
    }

    /**
     * The options that are the same for every request, set after curl_init or curl_reset.
     *
     * @return array<int, mixed>
     */
    private function handleOptions(): array
    {
        return $this->handleOptions ??= [
            CURLOPT_FOLLOWLOCATION => false,
            // The path as signed: curl squashes /./ and /../ otherwise, and an object key may hold such
            // segments (logs/../app.log is a key of its own), which would then be sent as another key.
            CURLOPT_PATH_AS_IS => true,
            CURLOPT_LOW_SPEED_LIMIT => 1,
            CURLOPT_HTTP_VERSION => CURL_HTTP_VERSION_1_1,
            CURLOPT_HEADERFUNCTION => $this->headerLine(...),
            CURLOPT_WRITEFUNCTION => $this->bodyBlock(...),
            // The attempt's time limits besides a stall: the answer's headers within the timeout of the last
            // byte sent, and an answer that is not a streamed download (an error) whole within the timeout of
            // its headers. A streamed download has no overall limit.
            CURLOPT_NOPROGRESS => false,
            CURLOPT_XFERINFOFUNCTION => $this->progress(...),
        ];
    }

    /** Called for every line of the answer's head: a header goes to the headers at once, by lower-case name. */
    private function headerLine(\CurlHandle $ch, string $line): int
    {
        if (\str_starts_with($line, 'HTTP/') && \preg_match('#^HTTP/\S+\s+(\d{3})#', $line, $m) === 1) {
            // A new status line (after a 100 Continue): forget the headers of the one before.
            $this->status = (int) $m[1];
            $this->headers = [];
            $this->headersAt = null;
            $this->deadline = $this->sentAt + $this->timeout;
        } elseif (($colon = \strpos($line, ':')) !== false) {
            $this->headers[\strtolower(\trim(\substr($line, 0, $colon)))] = \trim(\substr($line, $colon + 1));
        } elseif ($line === "\r\n" || \trim($line) === '') {
            $this->headersAt = \microtime(true);
            // The rest of an answer that is not a streamed download (an error) is due within the timeout.
            $streamed = $this->status >= 200 && $this->status < 300 && $this->request?->onBody !== null;
            $this->deadline = $streamed ? INF : $this->headersAt + $this->timeout;
        }
        return \strlen($line);
    }

    private function bodyBlock(\CurlHandle $ch, string $data): int
    {
        $onBody = $this->request?->onBody;
        if ($this->status >= 200 && $this->status < 300 && $onBody !== null) {
            $onBody($data);
            return \strlen($data);
        }
        $this->kept .= \substr($data, 0, self::MAX_ERROR_BODY - \strlen($this->kept));
        if (\strlen($this->kept) >= self::MAX_ERROR_BODY) {
            // Enough of an answer that is not a download: stop reading (an endless body ends here).
            $this->truncated = true;
            return 0;
        }
        return \strlen($data);
    }

    private function progress(\CurlHandle $ch, int $downTotal, int $down, int $upTotal, int $up): int
    {
        $now = \microtime(true);
        if ($up > $this->sentBytes) {
            $this->sentBytes = $up;
            $this->sentAt = $now;
            if ($this->headersAt === null) {
                $this->deadline = $now + $this->timeout;
            }
        }
        if ($now > $this->deadline) {
            $this->timedOut = true;
            return 1;
        }
        return 0;
    }

    /** The body as curl asks for it: from its string (no copy into a stream first) or its stream. */
    private function readBlock(\CurlHandle $ch, mixed $fd, int $length): string
    {
        if ($this->left <= 0) {
            return '';
        }
        if ($this->bytes !== null) {
            $block = \substr($this->bytes, \strlen($this->bytes) - $this->left, \min($length, $this->left));
        } else {
            $block = $this->stream === null ? false : \fread($this->stream, \min($length, $this->left));
            if ($block === false || $block === '') {
                // The body ended early: curl fails the upload (it was promised Content-Length bytes).
                return '';
            }
        }
        $this->left -= \strlen($block);
        $onSent = $this->request?->onSent;
        if ($onSent !== null) {
            $onSent($block);
        }
        return $block;
    }
}
