package ai.molecule.host.engine;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.tinylog.Logger;

/**
 * Runs work one conversation at a time, several conversations at once: each task waits for the
 * previous task of its conversation, and at most {@code concurrency} run together. A waiting task
 * holds no thread, so a slow conversation never blocks the others.
 */
final class ConversationLanes {

  private static final java.time.Duration IDLE_WORKER = java.time.Duration.ofSeconds(2);

  private final ExecutorService workers;
  private final Map<String, CompletableFuture<Void>> tails = new HashMap<>();

  ConversationLanes(int concurrency) {
    this(concurrency, "molecule-worker-");
  }

  ConversationLanes(int concurrency, String threadPrefix) {
    AtomicInteger count = new AtomicInteger();
    // Idle workers end after a moment: a serve process holds a hundred engines' pools, mostly idle.
    ThreadPoolExecutor pool = new ThreadPoolExecutor(concurrency, concurrency, IDLE_WORKER.toMillis(),
        TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>(), runnable -> {
          Thread thread = new Thread(runnable, threadPrefix + count.incrementAndGet());
          thread.setDaemon(true);
          return thread;
        });
    pool.allowCoreThreadTimeOut(true);
    this.workers = pool;
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
    workers.shutdown();
    try {
      if (workers.awaitTermination(grace.toMillis(), TimeUnit.MILLISECONDS)) {
        return true;
      }
      workers.shutdownNow();
      workers.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      workers.shutdownNow();
      Thread.currentThread().interrupt();
    }
    return false;
  }
}
