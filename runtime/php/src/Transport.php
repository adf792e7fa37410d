<?php

declare(strict_types=1);

namespace OssGen\Runtime;

/** Sends requests; the default is CurlTransport. Throws NetworkException when no complete answer arrived. */
interface Transport
{
    public function send(WireRequest $request, string $operation): WireResponse;
}
