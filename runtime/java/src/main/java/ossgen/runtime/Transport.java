package ossgen.runtime;

import java.io.IOException;

/** Sends one request and returns its answer as soon as the headers are in. Tests replace it with a fake. */
@FunctionalInterface
public interface Transport {
  /**
   * @throws java.net.http.HttpTimeoutException when the request's timeout runs out
   * @throws IOException when the exchange fails (refused, reset, cut short)
   */
  WireResponse send(WireRequest request) throws IOException, InterruptedException;
}
