package ai.molecule.process;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Reads a child's output stream to its end on a thread of its own, keeping a bounded part of it:
 * the first {@code limit} bytes ({@link Keep#HEAD}, for a reply) or the last ({@link Keep#TAIL},
 * for an error log). It reads on after the limit, so a chatty child never blocks on a full pipe.
 * The buffer grows with the output, up to the limit: a one-line reply costs a few kilobytes, not
 * the limit. With a {@link LineTap} it reads line by line and keeps only the lines the tap leaves;
 * a line is held whole only up to {@code maxLine} bytes (longer ones reach the tap cut), so a line
 * costs what it is long, and the stream as a whole is never bounded.
 */
final class StreamCapture {

  /** Which end of the stream to keep once it is longer than the limit. */
  enum Keep { HEAD, TAIL }

  private static final int FIRST_BUFFER = 8192;

  private final Keep keep;
  private final int limit;
  private final LineTap tap;
  private final int maxLine;
  private final Runnable onEnough;
  private byte[] buffer;
  private final Thread thread;
  private int length;
  private long total;
  /** Set on the reading thread once the tap has had enough. */
  private boolean enough;

  private StreamCapture(InputStream in, Keep keep, int limit, LineTap tap, int maxLine, Runnable onEnough,
      String threadName) {
    this.keep = keep;
    this.limit = limit;
    this.tap = tap;
    this.maxLine = maxLine;
    this.onEnough = onEnough;
    this.buffer = new byte[Math.min(limit, FIRST_BUFFER)];
    this.thread = new Thread(() -> {
      if (tap == LineTap.NONE) {
        drain(in);
      } else {
        drainLines(in);
      }
    }, threadName);
    thread.setDaemon(true);
  }

  /** Starts reading {@code in} at once, keeping it byte for byte. */
  static StreamCapture start(InputStream in, Keep keep, int limit, String threadName) {
    return start(in, keep, limit, LineTap.NONE, 0, () -> { }, threadName);
  }

  /**
   * Starts reading {@code in} at once, offering each line to {@code tap} (when not {@link
   * LineTap#NONE}) and keeping the lines it leaves, each with a {@code \n}. When the tap has had
   * {@linkplain LineTap.Enough enough}, {@code onEnough} runs (on the reading thread) and the
   * reading goes on to the end of the stream, offering nothing more.
   */
  static StreamCapture start(InputStream in, Keep keep, int limit, LineTap tap, int maxLine, Runnable onEnough,
      String threadName) {
    StreamCapture capture = new StreamCapture(in, keep, limit, tap, maxLine, onEnough, threadName);
    capture.thread.start();
    return capture;
  }

  /** Waits up to {@code millis} for the end of the stream; returns whether it came. */
  boolean awaitEnd(long millis) throws InterruptedException {
    thread.join(Math.max(1, millis));
    return !thread.isAlive();
  }

  /** What was kept so far. */
  synchronized byte[] bytes() {
    return Arrays.copyOf(buffer, length);
  }

  /** Whether the stream was longer than what was kept. */
  synchronized boolean overflowed() {
    return total > limit;
  }

  private void drain(InputStream in) {
    byte[] chunk = new byte[8192];
    try (in) {
      int n;
      while ((n = in.read(chunk)) >= 0) {
        append(chunk, n);
      }
    } catch (IOException e) {
      // The stream was closed under us (the process was killed): keep what was read.
    }
  }

  private void drainLines(InputStream in) {
    LineReader lines = new LineReader(maxLine);
    byte[] chunk = new byte[8192];
    try (in) {
      int n;
      while ((n = in.read(chunk)) >= 0) {
        lines.feed(chunk, n, this::offer);
      }
      lines.end(this::offer);
    } catch (IOException e) {
      // As in drain: keep what was read.
    }
  }

  private void offer(String line) {
    if (enough) {
      return;
    }
    boolean taken;
    try {
      taken = tap.take(line);
    } catch (LineTap.Enough e) {
      enough = true;
      onEnough.run();
      return;
    } catch (RuntimeException e) {
      taken = false; // a failing tap must not stop the reading: the child would block on a full pipe
    }
    if (!taken) {
      byte[] kept = (line + "\n").getBytes(StandardCharsets.UTF_8);
      append(kept, kept.length);
    }
  }

  private synchronized void append(byte[] chunk, int n) {
    total += n;
    if (length + n > buffer.length && buffer.length < limit) {
      // Double, or more for a big chunk, but never past the limit.
      buffer = Arrays.copyOf(buffer, (int) Math.min(limit, Math.max(2L * buffer.length, (long) length + n)));
    }
    if (keep == Keep.HEAD) {
      int room = Math.min(n, buffer.length - length);
      System.arraycopy(chunk, 0, buffer, length, room);
      length += room;
    } else if (n >= buffer.length) {
      System.arraycopy(chunk, n - buffer.length, buffer, 0, buffer.length);
      length = buffer.length;
    } else {
      int drop = Math.max(0, length + n - buffer.length);
      System.arraycopy(buffer, drop, buffer, 0, length - drop);
      length -= drop;
      System.arraycopy(chunk, 0, buffer, length, n);
      length += n;
    }
  }
}
