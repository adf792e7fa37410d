package ossgen.runtime;

/**
 * Told as a request body goes out, byte by byte as the transport reads it. It is called on the
 * transport's thread: keep it short, and hand work to your own executor (an Android UI thread, say).
 * A resent body starts again from 0.
 */
@FunctionalInterface
public interface ProgressListener {
  /** @param bytesSent bytes of the body sent so far in this attempt; @param totalBytes the body's length */
  void onProgress(long bytesSent, long totalBytes);
}
