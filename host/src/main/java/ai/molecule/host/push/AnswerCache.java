package ai.molecule.host.push;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import java.util.function.ToLongFunction;

/**
 * One answer per message id. The platform delivers a call again after a timeout or a dropped
 * connection (same body, same {@code messageId}): a repeat while the first delivery runs waits for
 * its answer; a repeat after it gets the same answer again, kept for {@code keep} and bounded in
 * entries and bytes (the oldest go first). A turn that came to nothing (a stop) is not kept, so its
 * re-delivery runs it.
 *
 * @param <T> the answer; {@code null} means "nothing to keep"
 */
final class AnswerCache<T> {

  private record Kept<T>(T answer, Instant at, long bytes) {}

  private final Clock clock;
  private final Duration keep;
  private final int maxEntries;
  private final long maxBytes;
  private final ToLongFunction<T> size;
  private final Map<String, CompletableFuture<T>> running = new HashMap<>();
  private final LinkedHashMap<String, Kept<T>> kept = new LinkedHashMap<>();
  private long keptBytes;

  AnswerCache(Clock clock, Duration keep, int maxEntries, long maxBytes, ToLongFunction<T> size) {
    this.clock = clock;
    this.keep = keep;
    this.maxEntries = maxEntries;
    this.maxBytes = maxBytes;
    this.size = size;
  }

  /**
   * The answer to message {@code id}: the one running or kept, else a new one from {@code start}
   * (called at most once per id at a time).
   */
  synchronized CompletableFuture<T> answer(String id, Supplier<CompletableFuture<T>> start) {
    CompletableFuture<T> inFlight = running.get(id);
    if (inFlight != null) {
      return inFlight;
    }
    prune();
    Kept<T> answered = kept.get(id);
    if (answered != null) {
      return CompletableFuture.completedFuture(answered.answer());
    }
    CompletableFuture<T> started = start.get();
    running.put(id, started);
    started.whenComplete((answer, failed) -> finished(id, started, answer));
    return started;
  }

  /** Answers kept now (for tests and the log). */
  synchronized int size() {
    prune();
    return kept.size();
  }

  private synchronized void finished(String id, CompletableFuture<T> future, T answer) {
    running.remove(id, future);
    if (answer == null) {
      return;
    }
    long bytes = size.applyAsLong(answer);
    Kept<T> previous = kept.remove(id);
    if (previous != null) {
      keptBytes -= previous.bytes();
    }
    kept.put(id, new Kept<>(answer, clock.instant(), bytes));
    keptBytes += bytes;
    prune();
  }

  private void prune() {
    Instant horizon = clock.instant().minus(keep);
    Iterator<Kept<T>> oldestFirst = kept.values().iterator();
    while (oldestFirst.hasNext()) {
      Kept<T> oldest = oldestFirst.next();
      if (oldest.at().isAfter(horizon) && kept.size() <= maxEntries && keptBytes <= maxBytes) {
        break;
      }
      keptBytes -= oldest.bytes();
      oldestFirst.remove();
    }
  }
}
