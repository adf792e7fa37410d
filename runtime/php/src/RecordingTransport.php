<?php

declare(strict_types=1);

namespace OssGen\Runtime;

/** For tests: records every request (with its body's bytes) and answers each with the same canned response. */
final class RecordingTransport implements Transport
{
    /** @var list<WireRequest> */
    public array $requests = [];
    /** @var list<string> */
    public array $bodies = [];

    /** @param array<string, string> $headers */
    public function __construct(private readonly int $status = 200, private readonly array $headers = [], private readonly string $body = '')
    {
    }

    public function send(WireRequest $request, string $operation): WireResponse
    {
        $sent = '';
        if ($request->body !== null) {
            foreach ($request->body->blocks() as $block) {
                $sent .= $block;
                if ($request->onSent !== null) {
                    ($request->onSent)($block);
                }
            }
        }
        $this->requests[] = $request;
        $this->bodies[] = $sent;
        $lower = [];
        foreach ($this->headers as $name => $value) {
            $lower[\strtolower($name)] = $value;
        }
        if ($this->status >= 200 && $this->status < 300 && $request->onBody !== null) {
            ($request->onBody)($this->body);
            return new WireResponse($this->status, $lower, '');
        }
        return new WireResponse($this->status, $lower, $this->body);
    }
}
