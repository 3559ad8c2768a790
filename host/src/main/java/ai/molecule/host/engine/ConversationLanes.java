package ai.molecule.host.engine;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import org.tinylog.Logger;

/**
 * Runs work one conversation at a time, several conversations at once: each task waits for the
 * previous task of its conversation, and at most {@code concurrency} run together. A waiting task
 * holds no thread, so a slow conversation never blocks the others.
 */
final class ConversationLanes {

  private final BoundedWorkers workers;
  private final Map<String, CompletableFuture<Void>> tails = new HashMap<>();

  /** At most {@code concurrency} tasks at once, on the process's shared worker threads. */
  ConversationLanes(int concurrency) {
    this(concurrency, WorkerPool.shared());
  }

  ConversationLanes(int concurrency, Executor pool) {
    this.workers = new BoundedWorkers(pool, concurrency);
  }

  /**
   * Runs {@code task} after every task submitted before it for the same conversation.
   *
   * @return completes when the task has run, or exceptionally when the lanes closed before it could
   */
  synchronized CompletableFuture<Void> submit(String conversation, Runnable task) {
    CompletableFuture<Void> previous = tails.getOrDefault(conversation, CompletableFuture.completedFuture(null));
    CompletableFuture<Void> next = previous.thenRunAsync(() -> {
      try {
        task.run();
      } catch (RuntimeException | Error e) {
        // A failed task must not stop the lane: the next message of the conversation still runs.
        Logger.error(e, "a worker failed unexpectedly");
      }
    }, workers);
    tails.put(conversation, next);
    next.whenComplete((ignored, error) -> forget(conversation, next));
    return next;
  }

  private synchronized void forget(String conversation, CompletableFuture<Void> finished) {
    tails.remove(conversation, finished); // only if nothing was queued behind it
  }

  /**
   * Stops taking work and waits up to {@code grace} for what is running; then interrupts it.
   *
   * @return whether everything finished within the grace period
   */
  boolean shutdown(Duration grace) {
    return workers.shutdown(grace);
  }
}
