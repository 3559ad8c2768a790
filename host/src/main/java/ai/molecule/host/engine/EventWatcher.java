package ai.molecule.host.engine;

import ai.molecule.host.platform.PlatformClient;
import ai.molecule.host.platform.PlatformException;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.tinylog.Logger;

/**
 * Keeps the workspace's event stream open on a thread of its own and rings the {@link Doorbell}
 * when an event announces a new inbound row, so a message is read within milliseconds instead of
 * at the next poll. A hint, never the source of truth: the poll after the cursor still reads every
 * row, so a lost event or a dropped stream costs latency, never a message. A dropped stream is
 * reconnected with backoff and jitter (at most about 4 s apart, and at once after a successful
 * poll); a platform without a stream (404, 401, an answer that is not a stream) is left alone for
 * good. One line when the stream goes up or down, none per retry.
 */
final class EventWatcher implements AutoCloseable {

  private static final Duration BACKOFF_CAP = Duration.ofSeconds(4);

  private final PlatformClient client;
  private final StopSignal signal;
  private final Duration idleLimit;
  private final Doorbell pollDoorbell;
  private final Doorbell retryDoorbell = new Doorbell();
  private final Thread thread;
  private volatile boolean up;
  private volatile boolean given;

  EventWatcher(PlatformClient client, StopSignal signal, Duration idleLimit, Doorbell pollDoorbell) {
    this.client = client;
    this.signal = signal;
    this.idleLimit = idleLimit;
    this.pollDoorbell = pollDoorbell;
    this.thread = new Thread(this::watch, "molecule-events");
    this.thread.setDaemon(true);
  }

  void start() {
    thread.start();
  }

  /** Whether the stream is open now: the poll loop then only needs its slow safety poll. */
  boolean up() {
    return up;
  }

  /** A poll succeeded: the platform is there, so a stream that is down is tried again at once. */
  void pollSucceeded() {
    if (!up && !given) {
      retryDoorbell.ring();
    }
  }

  private void watch() {
    int failures = 0;
    boolean everUp = false;
    while (!signal.isStopped()) {
      try {
        client.events(idleLimit, () -> {
          up = true;
          Logger.info("event stream open: messages are read as they arrive (a safety poll still runs)");
          pollDoorbell.ring(); // a row may have come while the stream was down
        }, pollDoorbell::ring);
      } catch (PlatformException e) {
        if (e.kind() != PlatformException.Kind.TRANSIENT) {
          given = true;
          Logger.info("the platform offers no event stream here ({}); polling every --interval instead",
              e.getMessage());
          return;
        }
      } catch (RuntimeException e) {
        Logger.error(e, "the event stream failed unexpectedly");
      }
      boolean wasUp = up;
      up = false;
      everUp |= wasUp;
      if (signal.isStopped()) {
        return;
      }
      if (wasUp) {
        failures = 0;
        Logger.info("event stream closed; polling every --interval until it is back");
      }
      failures++;
      if (!everUp && failures == 3) {
        Logger.info("the event stream cannot be opened yet; polling every --interval, retrying now and then");
      }
      long cap = BACKOFF_CAP.toMillis();
      long step = Math.min(cap, 250L << Math.min(failures - 1, 8));
      try {
        retryDoorbell.await(Duration.ofMillis(step / 2 + ThreadLocalRandom.current().nextLong(step / 2 + 1)));
      } catch (InterruptedException interrupted) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  @Override
  public void close() {
    retryDoorbell.ring();
    try {
      thread.join(TimeUnit.SECONDS.toMillis(2));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
