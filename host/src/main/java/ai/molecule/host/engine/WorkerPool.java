package ai.molecule.host.engine;

import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The threads every engine of the process runs its turns and deliveries on. Unbounded itself: each
 * engine bounds its own share ({@link BoundedWorkers}), so one workspace's slow turns or held
 * replies never take another's threads. Threads idle for a minute end.
 */
final class WorkerPool {

  private static final Duration IDLE = Duration.ofSeconds(60);
  private static final ExecutorService SHARED = create();

  private WorkerPool() {}

  static ExecutorService shared() {
    return SHARED;
  }

  private static ExecutorService create() {
    AtomicInteger count = new AtomicInteger();
    return new ThreadPoolExecutor(0, Integer.MAX_VALUE, IDLE.toMillis(), TimeUnit.MILLISECONDS,
        new SynchronousQueue<>(), runnable -> {
          Thread thread = new Thread(runnable, "molecule-worker-" + count.incrementAndGet());
          thread.setDaemon(true);
          return thread;
        });
  }
}
