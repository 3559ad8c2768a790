package ai.molecule.host.platform;

import java.util.concurrent.Flow;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.tinylog.Logger;

/**
 * The lines of an open event stream, handed on as the HTTP client's threads deliver them, and the
 * stream's idle limit kept by a shared scheduler: no thread waits on the stream. A stream silent
 * for the limit is given up ({@code onIdle}): our own heartbeats are its only keepalive, so silence
 * means a dead connection, or a proxy that holds it without passing anything on.
 */
final class EventLines implements Flow.Subscriber<String> {

  private final ScheduledExecutorService timer;
  private final long idleNanos;
  private final Consumer<String> onLine;
  private final Runnable onIdle;
  private volatile long lastSeen = System.nanoTime();
  private Flow.Subscription subscription;
  private ScheduledFuture<?> check;
  private boolean done;

  EventLines(ScheduledExecutorService timer, long idleNanos, Consumer<String> onLine, Runnable onIdle) {
    this.timer = timer;
    this.idleNanos = idleNanos;
    this.onLine = onLine;
    this.onIdle = onIdle;
  }

  @Override
  public void onSubscribe(Flow.Subscription subscription) {
    synchronized (this) {
      if (done) {
        subscription.cancel();
        return;
      }
      this.subscription = subscription;
      lastSeen = System.nanoTime();
      schedule(idleNanos);
    }
    subscription.request(Long.MAX_VALUE); // a line is handled at once: nothing piles up
  }

  @Override
  public void onNext(String line) {
    lastSeen = System.nanoTime();
    onLine.accept(line);
  }

  @Override
  public void onError(Throwable error) {
    finish();
  }

  @Override
  public void onComplete() {
    finish();
  }

  /** Stops reading: the subscription is cancelled (the connection is closed) and the timer let go. */
  void cancel() {
    Flow.Subscription reading;
    synchronized (this) {
      reading = subscription;
      finish();
    }
    if (reading != null) {
      reading.cancel();
    }
  }

  private synchronized void finish() {
    done = true;
    if (check != null) {
      check.cancel(false);
    }
  }

  private synchronized void schedule(long delayNanos) {
    if (!done) {
      check = timer.schedule(this::checkIdle, delayNanos, TimeUnit.NANOSECONDS);
    }
  }

  /** Runs on the timer: gives the stream up after {@code idleNanos} of silence, else looks again when it could be. */
  private void checkIdle() {
    long silent = System.nanoTime() - lastSeen;
    if (silent < idleNanos) {
      schedule(idleNanos - silent);
      return;
    }
    synchronized (this) {
      if (done) {
        return;
      }
    }
    Logger.debug("event stream silent for {} s: given up as dead", TimeUnit.NANOSECONDS.toSeconds(silent));
    cancel();
    onIdle.run();
  }
}
