package ossgen.runtime;

import java.net.URI;
import java.time.Duration;
import java.util.Map;

/**
 * One signed HTTP request as the transport sends it. {@code headers} are the exact headers to send
 * (the transport adds only Host, Content-Length and what HTTP itself needs); {@code body} is null
 * for a request without one.
 */
public record WireRequest(String method, URI uri, Map<String, String> headers, MeteredBody body, Duration timeout) {}
