package ai.molecule.host.push;

import java.io.EOFException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;

/** The streams a request is read through: a deadline on the socket, a body's length or chunks, a size limit. */
final class BodyStreams {

  private BodyStreams() {}

  /** A body past its limit: answered 413. */
  static final class TooLarge extends IOException {
    private static final long serialVersionUID = 1L;

    TooLarge(long limit) {
      super("the body is larger than " + limit + " bytes");
    }
  }

  /**
   * The socket's input with a deadline for what is read next: each read waits at most the time left,
   * so a sender that trickles a byte at a time is cut off as surely as one that stops.
   */
  static final class Deadline extends FilterInputStream {
    private final Socket socket;
    private long deadlineNanos = Long.MAX_VALUE;

    Deadline(Socket socket, InputStream in) {
      super(in);
      this.socket = socket;
    }

    /** The next reads must be done within {@code millis}. */
    void within(long millis) {
      deadlineNanos = System.nanoTime() + millis * 1_000_000L;
    }

    private void arm() throws IOException {
      long left = (deadlineNanos - System.nanoTime()) / 1_000_000L;
      if (left <= 0) {
        throw new SocketTimeoutException("the request did not arrive in time");
      }
      socket.setSoTimeout((int) Math.min(left, Integer.MAX_VALUE));
    }

    @Override
    public int read() throws IOException {
      arm();
      return super.read();
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      arm();
      return super.read(b, off, len);
    }
  }

  /** A stream whose one-byte read is its block read's. */
  private abstract static class ByteByByte extends InputStream {
    @Override
    public int read() throws IOException {
      byte[] one = new byte[1];
      return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }
  }

  /** A body of a known length; never reads past it (the next request on the connection follows). */
  static final class Fixed extends ByteByByte {
    private final InputStream in;
    private long left;

    Fixed(InputStream in, long length) {
      this.in = in;
      this.left = length;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      if (left == 0) {
        return -1;
      }
      int n = in.read(b, off, (int) Math.min(len, left));
      if (n < 0) {
        throw new EOFException("the connection closed within the body");
      }
      left -= n;
      return n;
    }

    boolean done() {
      return left == 0;
    }
  }

  /** A chunked body (RFC 9112, 7.1); trailers are read and dropped. */
  static final class Chunked extends ByteByByte {
    private final InputStream in;
    private long chunkLeft;
    private boolean ended;

    Chunked(InputStream in) {
      this.in = in;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      if (ended) {
        return -1;
      }
      if (chunkLeft == 0) {
        chunkLeft = chunkSize();
        if (chunkLeft == 0) {
          while (!line().isEmpty()) {
            // trailers: dropped
          }
          ended = true;
          return -1;
        }
      }
      int n = in.read(b, off, (int) Math.min(len, chunkLeft));
      if (n < 0) {
        throw new EOFException("the connection closed within a chunk");
      }
      chunkLeft -= n;
      if (chunkLeft == 0 && !line().isEmpty()) {
        throw new HttpHead.Malformed(400, "a chunk not followed by CRLF");
      }
      return n;
    }

    boolean done() {
      return ended;
    }

    private long chunkSize() throws IOException {
      String line = line();
      int semicolon = line.indexOf(';');
      try {
        long size = Long.parseLong((semicolon < 0 ? line : line.substring(0, semicolon)).strip(), 16);
        if (size < 0) {
          throw new NumberFormatException();
        }
        return size;
      } catch (NumberFormatException e) {
        throw new HttpHead.Malformed(400, "a chunk size that is not a number");
      }
    }

    private String line() throws IOException {
      StringBuilder line = new StringBuilder();
      for (int b; (b = in.read()) != '\n'; ) {
        if (b < 0) {
          throw new EOFException("the connection closed within a chunked body");
        }
        if (line.length() > HttpHead.MAX_LINE) {
          throw new HttpHead.Malformed(400, "a chunk line too long");
        }
        line.append((char) b);
      }
      int end = line.length() > 0 && line.charAt(line.length() - 1) == '\r' ? line.length() - 1 : line.length();
      return new String(line.substring(0, end).getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.ISO_8859_1);
    }
  }

  /** At most {@code limit} bytes; one more is a {@link TooLarge}. */
  static final class Limited extends FilterInputStream {
    private final long limit;
    private long read;

    Limited(InputStream in, long limit) {
      super(in);
      this.limit = limit;
    }

    @Override
    public int read() throws IOException {
      int b = super.read();
      if (b >= 0 && ++read > limit) {
        throw new TooLarge(limit);
      }
      return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      int n = super.read(b, off, len);
      if (n > 0 && (read += n) > limit) {
        throw new TooLarge(limit);
      }
      return n;
    }
  }
}
