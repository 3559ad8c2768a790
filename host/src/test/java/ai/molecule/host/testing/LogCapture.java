package ai.molecule.host.testing;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/** Captures what is logged (tinylog writes to stderr in the tests) while some code runs. */
public final class LogCapture {

  public interface Action {
    void run() throws Exception;
  }

  private static volatile ByteArrayOutputStream active;

  private LogCapture() {}

  /** What the capture under way has seen so far; empty when none is under way. */
  public static String current() {
    ByteArrayOutputStream now = active;
    if (now == null) {
      return "";
    }
    synchronized (now) {
      return now.toString(StandardCharsets.UTF_8);
    }
  }

  public static synchronized String during(Action action) throws Exception {
    PrintStream original = System.err;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    System.setErr(new PrintStream(new TeeStream(original, captured), true, StandardCharsets.UTF_8));
    active = captured;
    try {
      action.run();
    } finally {
      active = null;
      System.setErr(original);
    }
    return captured.toString(StandardCharsets.UTF_8);
  }

  /** Keeps the output visible in the test report too. */
  private static final class TeeStream extends java.io.OutputStream {
    private final java.io.OutputStream first;
    private final java.io.OutputStream second;

    TeeStream(java.io.OutputStream first, java.io.OutputStream second) {
      this.first = first;
      this.second = second;
    }

    @Override
    public void write(int b) throws java.io.IOException {
      first.write(b);
      synchronized (second) {
        second.write(b);
      }
    }

    @Override
    public void write(byte[] b, int off, int len) throws java.io.IOException {
      first.write(b, off, len);
      synchronized (second) {
        second.write(b, off, len);
      }
    }
  }
}
