package ai.molecule.host.engine;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.tinylog.Logger;

/**
 * Watches the engine's loops, so that none can stop silently. Every request already has a deadline
 * for its whole exchange; this is the backstop behind it: a poll loop that has not finished an
 * iteration within its bound is logged and its request aborted (which frees the loop), and a
 * heartbeat loop with no accepted heartbeat for three periods is logged once per episode.
 */
final class LoopWatchdog implements AutoCloseable {

  private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
    Thread thread = new Thread(runnable, "molecule-watchdog");
    thread.setDaemon(true);
    return thread;
  });
  private final Duration pollBound;
  private final Duration heartbeatBound;
  private final Heartbeat heartbeat;
  private final Runnable abortPoll;
  private final Clock clock;
  private volatile Instant pollIteration;
  private volatile boolean pollIdle;
  private boolean heartbeatReported;

  LoopWatchdog(Clock clock, Duration pollBound, Duration heartbeatInterval, Heartbeat heartbeat, Runnable abortPoll) {
    this.clock = clock;
    this.pollIteration = clock.instant();
    this.pollBound = pollBound;
    // Three missed beats, and never less than a few seconds: a quick test heartbeat is not a stall.
    Duration three = heartbeatInterval.multipliedBy(3);
    this.heartbeatBound = three.compareTo(Duration.ofSeconds(5)) < 0 ? Duration.ofSeconds(5) : three;
    this.heartbeat = heartbeat;
    this.abortPoll = abortPoll;
  }

  void start() {
    long period = Math.max(250, Math.min(pollBound.toMillis(), heartbeatBound.toMillis()) / 4);
    timer.scheduleWithFixedDelay(this::check, period, period, TimeUnit.MILLISECONDS);
  }

  /** The poll loop finished an iteration. */
  void pollIterated() {
    pollIteration = clock.instant();
  }

  /** The poll loop waits on purpose (for room, or a backoff): that is not a stall. */
  void pollWaiting(boolean waiting) {
    pollIdle = waiting;
    pollIteration = clock.instant();
  }

  private void check() {
    try {
      Duration sincePoll = Duration.between(pollIteration, clock.instant());
      if (!pollIdle && sincePoll.compareTo(pollBound) > 0) {
        Logger.error("the poll loop has not completed a poll for {} s; aborting its request so it starts again",
            sincePoll.toSeconds());
        pollIteration = clock.instant();
        abortPoll.run();
      }
      Duration sinceBeat = heartbeat.sinceLastSuccess();
      if (sinceBeat.compareTo(heartbeatBound) > 0) {
        if (!heartbeatReported) {
          heartbeatReported = true;
          Logger.error("no heartbeat has been accepted for {} s; the platform marks the workspace away after 180 s",
              sinceBeat.toSeconds());
        }
      } else if (heartbeatReported) {
        heartbeatReported = false;
        Logger.info("heartbeats are accepted again");
      }
    } catch (RuntimeException e) {
      Logger.error(e, "the watchdog failed unexpectedly");
    }
  }

  @Override
  public void close() {
    timer.shutdownNow();
  }
}
