package ai.molecule.bench;

import ai.molecule.sandbox.Faults;
import ai.molecule.sandbox.SandboxPlatform;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * When the agent polls. The sandbox keeps no request counts, but a fault rule counts the requests
 * it applies to: a rule that answers the next million polls 1 ms late (the mildest fault there is)
 * loses one from {@link Faults#pending()} per poll. A thread samples that every 2 ms and stamps
 * each poll it sees, so the poll times are known to within a few milliseconds.
 */
public final class PollCounter implements AutoCloseable {

  private static final int RULE_COUNT = 1_000_000;
  private static final Duration SAMPLE_EVERY = Duration.ofMillis(2);

  private final Faults faults;
  private final List<Instant> polls = new ArrayList<>();
  private final Thread sampler;
  private volatile boolean running = true;

  private PollCounter(Faults faults, int pendingAtStart) {
    this.faults = faults;
    this.sampler = new Thread(() -> sample(pendingAtStart), "poll-counter");
    this.sampler.setDaemon(true);
  }

  /**
   * Starts counting the polls of {@code workspaceId}'s feed. Other faults must not be pending
   * meanwhile: each request they take would count as a poll.
   */
  public static PollCounter start(SandboxPlatform sandbox, String workspaceId) {
    Faults faults = sandbox.faults();
    // The feed's path exactly: its ack and our task updates go elsewhere or by another method.
    faults.delayNext(RULE_COUNT, Duration.ofMillis(1), "/workspaces/" + workspaceId + "/activity$");
    PollCounter counter = new PollCounter(faults, faults.pending());
    counter.sampler.start();
    return counter;
  }

  /** The polls seen so far, oldest first. */
  public synchronized List<Instant> polls() {
    return List.copyOf(polls);
  }

  /**
   * Polls per second over the polls seen: the intervals between them, so the figure does not
   * depend on where the counting window fell between two polls.
   *
   * @return {@code NaN} with fewer than two polls
   */
  public double pollsPerSecond() {
    List<Instant> seen = polls();
    if (seen.size() < 2) {
      return Double.NaN;
    }
    double seconds = Duration.between(seen.get(0), seen.get(seen.size() - 1)).toNanos() / 1e9;
    return (seen.size() - 1) / seconds;
  }

  /** Stops counting and removes the rule (and every other pending fault of the sandbox). */
  @Override
  public void close() {
    running = false;
    sampler.interrupt();
    try {
      sampler.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      faults.clear();
    }
  }

  private void sample(int pendingAtStart) {
    int last = pendingAtStart;
    while (running) {
      int now = faults.pending();
      if (now < last) {
        Instant at = Instant.now();
        synchronized (this) {
          for (int i = 0; i < last - now; i++) {
            polls.add(at);
          }
        }
      }
      last = now;
      try {
        Thread.sleep(SAMPLE_EVERY.toMillis());
      } catch (InterruptedException e) {
        return;
      }
    }
  }
}
