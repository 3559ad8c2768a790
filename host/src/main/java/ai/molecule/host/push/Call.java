package ai.molecule.host.push;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/** One request as a route sees it: its head, already admitted, and its body, read only when asked for. */
final class Call {

  private final HttpHead head;
  private final BodyStreams.Deadline socketIn;
  private final OutputStream out;
  private final String remote;
  private InputStream body;
  private boolean bodyDone;

  Call(HttpHead head, BodyStreams.Deadline socketIn, OutputStream out, String remote) {
    this.head = head;
    this.socketIn = socketIn;
    this.out = out;
    this.remote = remote;
  }

  HttpHead head() {
    return head;
  }

  /** Who called, for a log line. */
  String remote() {
    return remote;
  }

  /**
   * The body, at most {@code limit} bytes, to arrive within {@code timeout}. A {@code Content-Length}
   * over the limit is refused before a byte is read.
   */
  InputStream body(long limit, Duration timeout) throws IOException {
    if (body != null) {
      return body;
    }
    long length = head.contentLength();
    if (length > limit) {
      throw new BodyStreams.TooLarge(limit);
    }
    if (head.values("expect").contains("100-continue")) {
      out.write("HTTP/1.1 100 Continue\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
      out.flush();
    }
    socketIn.within(timeout.toMillis());
    InputStream raw;
    if (length < 0) {
      BodyStreams.Chunked chunked = new BodyStreams.Chunked(socketIn);
      raw = new Tracked(chunked, chunked::done);
    } else {
      BodyStreams.Fixed fixed = new BodyStreams.Fixed(socketIn, length);
      raw = new Tracked(fixed, fixed::done);
    }
    body = new BodyStreams.Limited(raw, limit);
    return body;
  }

  /** Whether the body was read to its end (else the connection cannot carry another request). */
  boolean bodyComplete() throws IOException {
    return body == null ? head.contentLength() == 0 : bodyDone;
  }

  /** Notes when the wrapped body reaches its end. */
  private final class Tracked extends java.io.FilterInputStream {
    private final java.util.function.BooleanSupplier done;

    Tracked(InputStream in, java.util.function.BooleanSupplier done) {
      super(in);
      this.done = done;
    }

    @Override
    public int read() throws IOException {
      int b = super.read();
      bodyDone |= b < 0 || done.getAsBoolean();
      return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      int n = super.read(b, off, len);
      bodyDone |= n < 0 || done.getAsBoolean();
      return n;
    }
  }
}
