package ai.molecule.host.engine;

import ai.molecule.host.platform.Platform;
import ai.molecule.host.platform.PlatformException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.tinylog.Logger;

/**
 * Keeps the workspace's event stream open and rings the {@link Doorbell} when an event announces
 * a new inbound row, so a message is read within milliseconds instead of at the next poll. A hint,
 * never the source of truth: the poll after the cursor still reads every row, so a lost event or a
 * dropped stream costs latency, never a message. A dropped stream is reconnected with backoff and
 * jitter (at most about 4 s apart, and at once after a successful poll). A platform that refuses
 * the stream (404, 401, an answer that is not a stream) is asked again ever more rarely (1 s,
 * doubling, at most every 5 minutes), so a stream that comes back, or a platform upgraded to have
 * one, is used again without a restart. One line when the stream goes up or down, or is refused,
 * none per retry.
 *
 * <p>No thread of its own (decisions.md: streams are read without a thread per workspace): the
 * stream is read by the HTTP client's threads, and the waits between attempts are tasks on the
 * process's one {@link EventTimer}.
 */
final class EventWatcher implements AutoCloseable {

  private static final Duration BACKOFF_CAP = Duration.ofSeconds(4);
  private static final Duration REFUSED_FIRST = Duration.ofSeconds(1);
  private static final Duration REFUSED_CAP = Duration.ofMinutes(5);

  private final Platform client;
  private final StopSignal signal;
  private final Duration idleLimit;
  private final Doorbell pollDoorbell;
  private final ScheduledExecutorService timer;
  private volatile boolean up;
  private volatile boolean refused;
  // Guarded by this: the attempt under way, the next one waiting, and the counts that pace them.
  private CompletableFuture<Void> stream;
  private ScheduledFuture<?> retry;
  private boolean closed;
  private int failures;
  private int refusals;
  private boolean everUp;

  EventWatcher(Platform client, StopSignal signal, Duration idleLimit, Doorbell pollDoorbell,
      ScheduledExecutorService timer) {
    this.client = client;
    this.signal = signal;
    this.idleLimit = idleLimit;
    this.pollDoorbell = pollDoorbell;
    this.timer = timer;
  }

  void start() {
    connect();
  }

  /** Whether the stream is open now: the poll loop then only needs its slow safety poll. */
  boolean up() {
    return up;
  }

  /** A poll succeeded: the platform is there, so a stream that is down is tried again at once. */
  void pollSucceeded() {
    if (!up && !refused) {
      synchronized (this) {
        if (retry != null && retry.cancel(false)) {
          retry = null;
          timer.execute(this::connect);
        }
      }
    }
  }

  private void connect() {
    CompletableFuture<Void> attempt;
    synchronized (this) {
      retry = null;
      if (closed || signal.isStopped()) {
        return;
      }
      try {
        attempt = client.events(idleLimit, timer, this::opened, pollDoorbell::ring);
      } catch (RuntimeException e) {
        Logger.error(e, "the event stream failed unexpectedly");
        attempt = CompletableFuture.failedFuture(e);
      }
      stream = attempt;
    }
    attempt.whenComplete((done, error) -> ended(error));
  }

  private void opened() {
    up = true;
    refused = false;
    Logger.info("event stream open: messages are read as they arrive (a safety poll still runs)");
    pollDoorbell.ring(); // a row may have come while the stream was down
  }

  /** The attempt ended (closed, dropped, refused, or never opened): the next is scheduled. */
  private void ended(Throwable error) {
    Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
    boolean wasUp = up;
    up = false;
    Duration wait;
    synchronized (this) {
      if (closed || signal.isStopped()) {
        return;
      }
      if (cause instanceof PlatformException e && e.kind() != PlatformException.Kind.TRANSIENT) {
        if (refusals++ == 0) {
          Logger.info("the platform offers no event stream here ({}); polling every --interval, and asking"
              + " again now and then", e.getMessage());
        }
        refused = true;
        wait = min(REFUSED_CAP, REFUSED_FIRST.multipliedBy(1L << Math.min(refusals - 1, 10)));
      } else {
        if (cause != null && !(cause instanceof PlatformException)
            && !(cause instanceof java.util.concurrent.CancellationException)) {
          Logger.error(cause, "the event stream failed unexpectedly");
        }
        if (wasUp) {
          refusals = 0;
        }
        everUp |= wasUp;
        if (wasUp) {
          failures = 0;
          Logger.info("event stream closed; polling every --interval until it is back");
        }
        failures++;
        if (!everUp && failures == 3) {
          Logger.info("the event stream cannot be opened yet; polling every --interval, retrying now and then");
        }
        wait = Duration.ofMillis(Math.min(BACKOFF_CAP.toMillis(), 250L << Math.min(failures - 1, 8)));
      }
      long millis = wait.toMillis();
      retry = timer.schedule(this::connect, millis / 2 + ThreadLocalRandom.current().nextLong(millis / 2 + 1),
          TimeUnit.MILLISECONDS);
    }
  }

  private static Duration min(Duration a, Duration b) {
    return a.compareTo(b) <= 0 ? a : b;
  }

  /** Closes the stream and cancels the next attempt; nothing of it runs afterwards. */
  @Override
  public void close() {
    CompletableFuture<Void> open;
    synchronized (this) {
      closed = true;
      if (retry != null) {
        retry.cancel(false);
      }
      open = stream;
    }
    up = false;
    if (open != null) {
      open.cancel(true);
    }
  }
}
