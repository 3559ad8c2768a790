package ai.molecule.host.engine;

import ai.molecule.host.platform.Platform;
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
 * poll). A platform that refuses the stream (404, 401, an answer that is not a stream) is asked
 * again ever more rarely (1 s, doubling, at most every 5 minutes), so a stream that comes back, or
 * a platform upgraded to have one, is used again without a restart. One line when the stream goes
 * up or down, or is refused, none per retry.
 */
final class EventWatcher implements AutoCloseable {

  private static final Duration BACKOFF_CAP = Duration.ofSeconds(4);
  private static final Duration REFUSED_FIRST = Duration.ofSeconds(1);
  private static final Duration REFUSED_CAP = Duration.ofMinutes(5);

  private final Platform client;
  private final StopSignal signal;
  private final Duration idleLimit;
  private final Doorbell pollDoorbell;
  private final Doorbell retryDoorbell;
  private final Thread thread;
  private volatile boolean up;
  private volatile boolean refused;

  /** @param retryDoorbell rung by a successful poll, or the close, to cut a reconnect's wait short */
  EventWatcher(Platform client, StopSignal signal, Duration idleLimit, Doorbell pollDoorbell, Doorbell retryDoorbell) {
    this.retryDoorbell = retryDoorbell;
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
    if (!up && !refused) {
      retryDoorbell.ring();
    }
  }

  private void watch() {
    int failures = 0;
    int refusals = 0;
    boolean everUp = false;
    while (!signal.isStopped()) {
      try {
        client.events(idleLimit, () -> {
          up = true;
          refused = false;
          Logger.info("event stream open: messages are read as they arrive (a safety poll still runs)");
          pollDoorbell.ring(); // a row may have come while the stream was down
        }, pollDoorbell::ring);
        refusals = 0;
      } catch (PlatformException e) {
        if (e.kind() != PlatformException.Kind.TRANSIENT) {
          if (refusals++ == 0) {
            Logger.info("the platform offers no event stream here ({}); polling every --interval, and asking"
                + " again now and then", e.getMessage());
          }
          refused = true;
          up = false;
          if (!pause(min(REFUSED_CAP, REFUSED_FIRST.multipliedBy(1L << Math.min(refusals - 1, 10))))) {
            return;
          }
          continue;
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
      long step = Math.min(BACKOFF_CAP.toMillis(), 250L << Math.min(failures - 1, 8));
      if (!pause(Duration.ofMillis(step))) {
        return;
      }
    }
  }

  /** Waits about {@code step} (half of it at least, with jitter), or until rung; false when interrupted. */
  private boolean pause(Duration step) {
    long millis = step.toMillis();
    try {
      retryDoorbell.await(Duration.ofMillis(millis / 2 + ThreadLocalRandom.current().nextLong(millis / 2 + 1)));
      return !signal.isStopped();
    } catch (InterruptedException interrupted) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  private static Duration min(Duration a, Duration b) {
    return a.compareTo(b) <= 0 ? a : b;
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
