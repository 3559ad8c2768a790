package ai.molecule.host.engine;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

/**
 * At most {@code limit} tasks at once on a pool shared with others; the rest wait in order and
 * hold no thread. One engine's bound, on threads the whole process shares: a serve process with a
 * hundred mostly idle workspaces keeps a few warm threads instead of a pool per workspace that
 * empties between two messages (starting a thread for each message cost half a millisecond).
 * Its {@link #shutdown(Duration)} waits for and interrupts only its own tasks.
 */
final class BoundedWorkers implements Executor {

  private final Executor pool;
  private final int limit;
  private final Deque<Runnable> waiting = new ArrayDeque<>();
  /** The pool threads running one of our tasks now: the ones a forced stop interrupts. */
  private final Set<Thread> running = new HashSet<>();
  /** Tasks handed to the pool and not yet finished (some may not have started). */
  private int active;
  private boolean shutdown;
  /** Past the grace period: tasks not started by then are dropped. */
  private boolean forced;

  BoundedWorkers(Executor pool, int limit) {
    if (limit < 1) {
      throw new IllegalArgumentException("the limit must be at least 1");
    }
    this.pool = pool;
    this.limit = limit;
  }

  @Override
  public synchronized void execute(Runnable task) {
    if (shutdown) {
      throw new RejectedExecutionException("stopping: no new work is taken");
    }
    waiting.addLast(task);
    handOn();
  }

  /** Hands waiting tasks to the pool while there is room under the limit. */
  private void handOn() {
    while (active < limit && !waiting.isEmpty()) {
      Runnable task = waiting.pollFirst();
      active++;
      try {
        pool.execute(() -> run(task));
      } catch (RejectedExecutionException e) {
        active--;
        throw e;
      }
    }
  }

  private void run(Runnable task) {
    Thread thread = Thread.currentThread();
    synchronized (this) {
      if (forced) {
        active--;
        notifyAll();
        return;
      }
      running.add(thread);
    }
    try {
      task.run();
    } finally {
      synchronized (this) {
        running.remove(thread);
        // An interrupt meant for our task must not reach the next owner of this pool thread.
        Thread.interrupted();
        active--;
        handOn();
        notifyAll();
      }
    }
  }

  /**
   * Takes no new task; the tasks taken still run. Waits up to {@code grace} for them; past it,
   * drops those that had not started and interrupts the running ones, and waits a few seconds more.
   *
   * @return whether every task finished within the grace period
   */
  boolean shutdown(Duration grace) {
    long deadline = System.nanoTime() + grace.toNanos();
    synchronized (this) {
      shutdown = true;
      try {
        if (awaitIdle(deadline)) {
          return true;
        }
        force();
        awaitIdle(System.nanoTime() + Duration.ofSeconds(5).toNanos());
      } catch (InterruptedException e) {
        force();
        Thread.currentThread().interrupt();
      }
      return false;
    }
  }

  private void force() {
    forced = true;
    waiting.clear();
    running.forEach(Thread::interrupt);
  }

  /** Waits (holding the lock between waits) until no task is active or waiting, or the deadline. */
  private boolean awaitIdle(long deadlineNanos) throws InterruptedException {
    while (active > 0 || !waiting.isEmpty()) {
      long left = deadlineNanos - System.nanoTime();
      if (left <= 0) {
        return false;
      }
      wait(Math.max(1, left / 1_000_000));
    }
    return true;
  }
}
