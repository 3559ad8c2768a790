package ai.molecule.host.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class BoundedWorkersTest {

  private static final long WAIT_SECONDS = 10;

  private final ExecutorService pool = Executors.newCachedThreadPool();

  @AfterEach
  void stopPool() {
    pool.shutdownNow();
  }

  @Test
  void runsAtMostItsLimitAtOnceAndTheRestWhenThereIsRoom() throws Exception {
    BoundedWorkers workers = new BoundedWorkers(pool, 2);
    AtomicInteger runningNow = new AtomicInteger();
    AtomicInteger most = new AtomicInteger();
    List<Integer> started = new CopyOnWriteArrayList<>();
    CountDownLatch release = new CountDownLatch(1);
    CountDownLatch firstTwo = new CountDownLatch(2);
    CountDownLatch all = new CountDownLatch(5);
    for (int i = 0; i < 5; i++) {
      int n = i;
      workers.execute(() -> {
        most.accumulateAndGet(runningNow.incrementAndGet(), Math::max);
        started.add(n);
        firstTwo.countDown();
        try {
          release.await(WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        runningNow.decrementAndGet();
        all.countDown();
      });
    }
    assertTrue(firstTwo.await(WAIT_SECONDS, TimeUnit.SECONDS));
    assertEquals(List.of(0, 1), List.copyOf(started).stream().sorted().toList(), "the first two given run first");
    release.countDown();
    assertTrue(all.await(WAIT_SECONDS, TimeUnit.SECONDS));
    assertEquals(2, most.get(), "never more than the limit at once");
    assertEquals(5, started.size());
  }

  @Test
  void withALimitOfOneTheTasksRunOneAfterAnotherInTheOrderGiven() throws Exception {
    BoundedWorkers workers = new BoundedWorkers(pool, 1);
    List<Integer> order = new CopyOnWriteArrayList<>();
    CountDownLatch all = new CountDownLatch(4);
    for (int i = 0; i < 4; i++) {
      int n = i;
      workers.execute(() -> {
        order.add(n);
        all.countDown();
      });
    }
    assertTrue(all.await(WAIT_SECONDS, TimeUnit.SECONDS));
    assertEquals(List.of(0, 1, 2, 3), order);
  }

  @Test
  void aShutdownRefusesNewWorkAndLetsTheWorkTakenFinish() throws Exception {
    BoundedWorkers workers = new BoundedWorkers(pool, 1);
    CountDownLatch running = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    AtomicBoolean queuedRan = new AtomicBoolean();
    workers.execute(() -> {
      running.countDown();
      try {
        release.await(WAIT_SECONDS, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    });
    workers.execute(() -> queuedRan.set(true));
    assertTrue(running.await(WAIT_SECONDS, TimeUnit.SECONDS));
    CompletableFuture<Boolean> stopped = CompletableFuture.supplyAsync(
        () -> workers.shutdown(Duration.ofSeconds(WAIT_SECONDS)), pool);
    awaitRefusal(workers);
    release.countDown();
    assertTrue(stopped.get(WAIT_SECONDS, TimeUnit.SECONDS), "finished within the grace period");
    assertTrue(queuedRan.get(), "a task taken before the shutdown still runs");
  }

  @Test
  void pastTheGracePeriodItsOwnTasksAreInterruptedAndTheWaitingDroppedNotAnotherEnginesTasks()
      throws Exception {
    BoundedWorkers mine = new BoundedWorkers(pool, 1);
    BoundedWorkers theirs = new BoundedWorkers(pool, 1);
    CountDownLatch bothRunning = new CountDownLatch(2);
    CountDownLatch never = new CountDownLatch(1);
    CountDownLatch releaseTheirs = new CountDownLatch(1);
    AtomicBoolean mineInterrupted = new AtomicBoolean();
    AtomicBoolean theirsInterrupted = new AtomicBoolean();
    AtomicBoolean waitingRan = new AtomicBoolean();
    CountDownLatch theirsDone = new CountDownLatch(1);
    mine.execute(() -> {
      bothRunning.countDown();
      try {
        never.await(WAIT_SECONDS, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        mineInterrupted.set(true);
      }
    });
    mine.execute(() -> waitingRan.set(true));
    theirs.execute(() -> {
      bothRunning.countDown();
      try {
        releaseTheirs.await(WAIT_SECONDS, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        theirsInterrupted.set(true);
      }
      theirsDone.countDown();
    });
    assertTrue(bothRunning.await(WAIT_SECONDS, TimeUnit.SECONDS));

    assertFalse(mine.shutdown(Duration.ZERO), "the grace period passed with a task running");
    assertTrue(mineInterrupted.get(), "its running task was interrupted");
    assertFalse(waitingRan.get(), "its waiting task was dropped");
    releaseTheirs.countDown();
    assertTrue(theirsDone.await(WAIT_SECONDS, TimeUnit.SECONDS));
    assertFalse(theirsInterrupted.get(), "another engine's task on the same pool was left alone");
  }

  @Test
  void anInterruptMeantForOneTaskDoesNotReachTheNextTaskOnTheSameThread() throws Exception {
    // One thread that runs whatever it is given and, unlike a ThreadPoolExecutor, never clears an interrupt.
    BlockingQueue<Runnable> queue = new LinkedBlockingQueue<>();
    Thread thread = new Thread(() -> {
      try {
        while (true) {
          queue.take().run();
        }
      } catch (InterruptedException e) {
        // the test ended
      }
    });
    thread.setDaemon(true);
    thread.start();
    try {
      BoundedWorkers mine = new BoundedWorkers(queue::add, 1);
      BoundedWorkers next = new BoundedWorkers(queue::add, 1);
      CountDownLatch running = new CountDownLatch(1);
      mine.execute(() -> {
        running.countDown();
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_SECONDS);
        // Busy, not waiting: the interrupt stays set when the task returns.
        while (!Thread.currentThread().isInterrupted() && System.nanoTime() < until) {
          Thread.onSpinWait();
        }
      });
      assertTrue(running.await(WAIT_SECONDS, TimeUnit.SECONDS));
      assertFalse(mine.shutdown(Duration.ZERO));
      CompletableFuture<Boolean> interrupted = new CompletableFuture<>();
      next.execute(() -> interrupted.complete(Thread.currentThread().isInterrupted()));
      assertFalse(interrupted.get(WAIT_SECONDS, TimeUnit.SECONDS), "the next task starts uninterrupted");
    } finally {
      thread.interrupt();
    }
  }

  /** The shutdown runs on another thread: new work is refused once it has begun. */
  private static void awaitRefusal(BoundedWorkers workers) throws InterruptedException {
    long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_SECONDS);
    while (System.nanoTime() < until) {
      try {
        workers.execute(() -> { });
      } catch (RejectedExecutionException refused) {
        return;
      }
      Thread.onSpinWait();
    }
    throw new AssertionError("new work was still taken " + WAIT_SECONDS + " s into the shutdown");
  }
}
