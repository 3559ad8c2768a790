package ai.molecule.host.platform;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Flow;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A response body as an {@link InputStream} that never blocks past its limits: a read fails once
 * the whole exchange's deadline has passed, or once no byte has arrived for the idle limit. This is
 * what the JDK client's own timeout lacks (it covers the headers only), and a body that stalls
 * after its headers would otherwise hold a loop's thread for ever. {@link #abort()} ends it from any
 * thread, which is how a stop or a watchdog frees the reader.
 */
final class DeadlineBody extends InputStream implements Flow.Subscriber<List<ByteBuffer>> {

  /** Thrown by a read past a limit; an {@link java.io.InterruptedIOException} like a socket timeout. */
  static final class Expired extends InterruptedIOException {
    private static final long serialVersionUID = 1L;

    Expired(String message) {
      super(message);
    }
  }

  private static final List<ByteBuffer> END = List.of();
  private static final List<ByteBuffer> ABORTED = List.of(ByteBuffer.allocate(0));

  private final BlockingQueue<List<ByteBuffer>> chunks = new LinkedBlockingQueue<>();
  private final long deadlineNanos;
  private final long idleNanos;
  private volatile Flow.Subscription subscription;
  private volatile Throwable failure;
  private ByteBuffer current = ByteBuffer.allocate(0);
  private List<ByteBuffer> pending = List.of();
  private int pendingIndex;
  private boolean finished;

  /**
   * @param deadlineNanos the {@link System#nanoTime()} by which the whole body must have arrived
   * @param idleNanos the longest gap between two chunks
   */
  DeadlineBody(long deadlineNanos, long idleNanos) {
    this.deadlineNanos = deadlineNanos;
    this.idleNanos = idleNanos;
  }

  @Override
  public void onSubscribe(Flow.Subscription s) {
    subscription = s;
    s.request(1);
  }

  @Override
  public void onNext(List<ByteBuffer> item) {
    chunks.add(item);
  }

  @Override
  public void onError(Throwable error) {
    failure = error;
    chunks.add(END);
  }

  @Override
  public void onComplete() {
    chunks.add(END);
  }

  /** Ends the body now: a blocked read fails at once, and the connection is let go. */
  void abort() {
    Flow.Subscription s = subscription;
    if (s != null) {
      s.cancel();
    }
    chunks.add(ABORTED);
  }

  @Override
  public int read() throws IOException {
    byte[] one = new byte[1];
    int n = read(one, 0, 1);
    return n < 0 ? -1 : one[0] & 0xFF;
  }

  @Override
  public int read(byte[] buffer, int offset, int length) throws IOException {
    if (length == 0) {
      return 0;
    }
    while (!current.hasRemaining()) {
      if (finished) {
        return -1;
      }
      if (pendingIndex < pending.size()) {
        current = pending.get(pendingIndex++);
        continue;
      }
      if (!nextChunk()) {
        return -1;
      }
    }
    int n = Math.min(length, current.remaining());
    current.get(buffer, offset, n);
    return n;
  }

  private boolean nextChunk() throws IOException {
    long now = System.nanoTime();
    long wait = Math.min(deadlineNanos - now, idleNanos);
    List<ByteBuffer> next;
    try {
      next = wait <= 0 ? chunks.poll() : chunks.poll(wait, TimeUnit.NANOSECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      abort();
      throw new InterruptedIOException("interrupted while reading the answer");
    }
    if (next == null) {
      abort();
      throw new Expired(System.nanoTime() - deadlineNanos >= 0
          ? "the answer did not arrive in time" : "the answer stopped arriving");
    }
    if (next == ABORTED) {
      finished = true;
      throw new InterruptedIOException("the request was aborted");
    }
    if (next == END) {
      finished = true;
      if (failure instanceof HttpTimeoutException && !(failure instanceof HttpConnectTimeoutException)) {
        // The JDK's timer on the exchange, should it run into the body: our deadline's words.
        throw new Expired("the answer did not arrive in time");
      }
      if (failure != null) {
        throw failure instanceof IOException io ? io : new IOException(failure.getMessage(), failure);
      }
      return false;
    }
    pending = next;
    pendingIndex = 0;
    Flow.Subscription s = subscription;
    if (s != null) {
      s.request(1);
    }
    return true;
  }

  @Override
  public void close() {
    if (!finished) {
      Flow.Subscription s = subscription;
      if (s != null) {
        s.cancel();
      }
      finished = true;
    }
  }
}
