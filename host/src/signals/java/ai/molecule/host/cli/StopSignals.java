package ai.molecule.host.cli;

import java.util.concurrent.atomic.AtomicInteger;
import org.tinylog.Logger;
import sun.misc.Signal;

/**
 * SIGTERM and SIGINT for a long-running command: the first asks for an orderly stop (finish the
 * work in hand, save, exit 0); a second one stops at once. Signal handlers rather than a shutdown
 * hook, because a hook cannot see the second signal, and exits 143 where an orderly stop is a success.
 *
 * <p>This is the one class that uses {@code sun.misc.Signal}, and javac warns about it with no way to
 * silence that under {@code --release 17}. So it lives in a source directory of its own
 * ({@code src/signals/java}), compiled first in an execution of its own that is allowed that warning;
 * the rest of the host compiles against it with warnings as errors. Keep it this small: SIGHUP
 * (serve's reload) is here for the same reason.
 */
final class StopSignals {

  private StopSignals() {}

  static void install(Runnable orderlyStop) {
    AtomicInteger received = new AtomicInteger();
    for (String name : new String[] {"TERM", "INT"}) {
      try {
        Signal.handle(new Signal(name), signal -> {
          if (received.incrementAndGet() == 1) {
            Logger.info("SIG{} received: finishing the messages in hand; send it again to stop at once", name);
            orderlyStop.run();
          } else {
            Logger.warn("SIG{} received again: stopping now; unfinished messages will be delivered again", name);
            Runtime.getRuntime().halt(128 + signal.getNumber());
          }
        });
      } catch (IllegalArgumentException unsupported) {
        // This platform has no such signal: the JVM's default handling stays.
        Logger.debug("cannot handle SIG{} here", name);
      }
    }
  }

  /** SIGHUP runs {@code reload}, each time, on the thread the JVM gives the signal. */
  static void onHangUp(Runnable reload) {
    try {
      Signal.handle(new Signal("HUP"), signal -> reload.run());
    } catch (IllegalArgumentException unsupported) {
      Logger.debug("cannot handle SIGHUP here");
    }
  }
}
