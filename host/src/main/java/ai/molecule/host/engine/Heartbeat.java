package ai.molecule.host.engine;

import ai.molecule.host.ExitCode;
import ai.molecule.host.MoleculeException;
import ai.molecule.host.PlatformFailure;
import ai.molecule.host.platform.PlatformAnswers;
import ai.molecule.host.platform.Platform;
import ai.molecule.host.platform.PlatformException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.tinylog.Logger;

/**
 * Heartbeats on a thread of their own, so no amount of work can delay one: the platform marks a
 * workspace offline when they stop. {@link #nudge()} sends an extra one soon (a message started or
 * finished), coalesced so a burst of messages costs at most one extra heartbeat a second.
 */
final class Heartbeat implements AutoCloseable {

  private static final Duration MIN_SPACING = Duration.ofSeconds(1);
  /** Refusals in a row (4xx other than 401/403) after which the engine ends: an unseen workspace is no use. */
  static final int REFUSALS_TO_FAIL = 5;

  private final Platform client;
  private final WorkspaceStats stats;
  private final Registration registration;
  private final StopSignal signal;
  private final Clock clock;
  private final Duration interval;
  private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(runnable -> {
    Thread thread = new Thread(runnable, "molecule-heartbeat");
    thread.setDaemon(true);
    return thread;
  });
  private final AtomicBoolean nudgePending = new AtomicBoolean();
  /** Heartbeats go on through a stop's grace period (the work in hand is still answered) until closed. */
  private volatile boolean closed;
  private volatile Instant lastSent;
  private volatile Instant lastSuccess;
  private int refusals;

  Heartbeat(Platform client, WorkspaceStats stats, Registration registration, StopSignal signal, Clock clock,
      Duration interval) {
    this.clock = clock;
    this.lastSent = clock.instant().minus(MIN_SPACING);
    this.lastSuccess = clock.instant();
    this.client = client;
    this.stats = stats;
    this.registration = registration;
    this.signal = signal;
    this.interval = interval;
  }

  void start() {
    lastSuccess = clock.instant();
    scheduler.scheduleAtFixedRate(this::beat, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** Sends an extra heartbeat soon, so the canvas shows the current task and busy state. */
  void nudge() {
    if (!nudgePending.compareAndSet(false, true)) {
      return;
    }
    long wait = Math.max(0, Duration.between(clock.instant(), lastSent.plus(MIN_SPACING)).toNanos());
    try {
      scheduler.schedule(() -> {
        nudgePending.set(false);
        beat();
      }, wait, TimeUnit.NANOSECONDS);
    } catch (java.util.concurrent.RejectedExecutionException closed) {
      nudgePending.set(false);
    }
  }

  private void beat() {
    if (closed || signal.failure() != null) {
      return;
    }
    lastSent = clock.instant();
    try {
      PlatformAnswers.Beat answer = client.heartbeat(stats.figures());
      stats.observedGeneration(answer.generation());
      registration.inboundSecret(answer.inboundSecret());
      lastSuccess = clock.instant();
      refusals = 0;
      stats.heartbeatAccepted();
    } catch (PlatformException e) {
      if (closed) {
        return; // interrupted by the shutdown: nothing to report
      }
      switch (e.kind()) {
        case AUTH -> signal.fail(PlatformFailure.exit(e));
        case NOT_FOUND -> {
          // The newest platform never answers 404 here; an older one forgot us: register again.
          Logger.warn("the platform does not know this workspace any more; registering again");
          registration.registerAgain();
        }
        case PERMANENT, GONE, TOO_LARGE -> refused(e);
        default -> {
          Logger.warn("heartbeat failed, the next one is due in {} s: {}", interval.toSeconds(), e.getMessage());
          stats.unreachable(e.getMessage());
        }
      }
    } catch (RuntimeException e) {
      // A scheduled task that throws is never run again: keep the heartbeat alive whatever happens.
      Logger.error(e, "heartbeat failed unexpectedly");
    }
  }

  /**
   * The platform refused a heartbeat: while it does, the workspace looks silent and is swept to
   * {@code awaiting_agent}. Said every time; after {@link #REFUSALS_TO_FAIL} in a row, the engine ends.
   */
  private void refused(PlatformException e) {
    refusals++;
    stats.failure(e.getMessage());
    Logger.error("the platform refused a heartbeat ({} in a row): {}; the workspace looks offline while this lasts",
        refusals, e.getMessage());
    if (refusals >= REFUSALS_TO_FAIL) {
      signal.fail(new MoleculeException(ExitCode.REJECTED, "the platform refused " + refusals
          + " heartbeats in a row, so the workspace cannot stay online; last: " + e.getMessage(), e));
    }
  }

  /** Since the last heartbeat the platform accepted. */
  Duration sinceLastSuccess() {
    return Duration.between(lastSuccess, clock.instant());
  }

  @Override
  public void close() {
    closed = true;
    scheduler.shutdownNow();
  }
}
