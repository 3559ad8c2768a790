package ai.molecule.host.engine;

import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;

/**
 * The process's one scheduler for event streams: their idle limits and the waits between
 * reconnects, for every engine ({@code connect}'s one, all of {@code serve}'s). Its tasks are
 * short (they start an asynchronous request, or cancel one), so one daemon thread serves any
 * number of workspaces; it exists from the first stream on.
 */
final class EventTimer {

  private static final ScheduledExecutorService SHARED = create();

  private EventTimer() {}

  static ScheduledExecutorService shared() {
    return SHARED;
  }

  private static ScheduledExecutorService create() {
    ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1, runnable -> {
      Thread thread = new Thread(runnable, "molecule-event-timer");
      thread.setDaemon(true);
      return thread;
    });
    timer.setRemoveOnCancelPolicy(true); // an idle check cancelled by each stream's end does not linger
    return timer;
  }
}
