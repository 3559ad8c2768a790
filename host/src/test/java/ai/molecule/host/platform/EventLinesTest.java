package ai.molecule.host.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Flow;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The lines of an event stream, and its idle limit kept on a scheduler rather than a waiting thread. */
class EventLinesTest {

  private final ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1);

  @AfterEach
  void stopTimer() {
    timer.shutdownNow();
  }

  /** A subscription that records a cancel. */
  private static final class Subscription implements Flow.Subscription {
    final AtomicBoolean cancelled = new AtomicBoolean();
    final CountDownLatch cancel = new CountDownLatch(1);

    @Override
    public void request(long n) {}

    @Override
    public void cancel() {
      cancelled.set(true);
      cancel.countDown();
    }
  }

  @Test
  void linesAreHandedOnAndASilentStreamIsGivenUpAndCancelled() throws Exception {
    List<String> seen = new CopyOnWriteArrayList<>();
    CountDownLatch idle = new CountDownLatch(1);
    EventLines lines = new EventLines(timer, TimeUnit.MILLISECONDS.toNanos(50), seen::add, idle::countDown);
    Subscription subscription = new Subscription();
    lines.onSubscribe(subscription);
    lines.onNext("data: {}");
    assertEquals(List.of("data: {}"), seen);
    assertTrue(idle.await(10, TimeUnit.SECONDS), "given up after its idle limit");
    assertTrue(subscription.cancelled.get(), "its connection is closed");
    assertEquals(0, timer.getQueue().size(), "no check left behind");
  }

  @Test
  void anEndedStreamLeavesNoCheckBehindAndIsNeverCalledIdle() throws Exception {
    AtomicBoolean idle = new AtomicBoolean();
    timer.setRemoveOnCancelPolicy(true);
    EventLines lines = new EventLines(timer, TimeUnit.HOURS.toNanos(1), line -> {}, () -> idle.set(true));
    Subscription subscription = new Subscription();
    lines.onSubscribe(subscription);
    assertEquals(1, timer.getQueue().size(), "one check scheduled, an hour away");
    lines.onComplete();
    assertEquals(0, timer.getQueue().size(), "the check is cancelled with the stream's end");
    assertFalse(idle.get());
    assertFalse(subscription.cancelled.get(), "a stream that ended by itself needs no cancel");
  }
}
