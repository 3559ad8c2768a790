package ai.molecule.sandbox;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Writes open event streams, each from a thread of its own: a stream stays open for hours, and it
 * must not hold one of the request threads other requests need.
 */
final class EventStreams implements AutoCloseable {

  /** How long a writer waits for an event before it looks again (a close or drop wakes it at once). */
  private static final long WAIT_MILLIS = 1000;

  private final EventHub hub;
  private final ExecutorService writers;

  EventStreams(EventHub hub) {
    this.hub = hub;
    AtomicInteger count = new AtomicInteger();
    this.writers = Executors.newCachedThreadPool(runnable -> {
      Thread thread = new Thread(runnable, "sandbox-events-" + count.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    });
  }

  /** Takes over the exchange (its headers already set): answers 200 and streams until closed. */
  void serve(HttpExchange exchange, EventHub.Subscription subscription) {
    writers.execute(() -> {
      try (exchange; OutputStream out = exchange.getResponseBody()) {
        exchange.getResponseHeaders().set("Content-Type", "text/event-stream");
        exchange.getResponseHeaders().set("Cache-Control", "no-cache");
        exchange.sendResponseHeaders(200, 0);
        write(out, ": ping\n\n");
        while (!hub.closed(subscription)) {
          EventHub.Event event = hub.next(subscription, WAIT_MILLIS);
          if (event != null) {
            write(out, event.line());
          }
        }
      } catch (IOException readerGone) {
        // The reader hung up. Without a write nothing tells: like the platform the sandbox sends no
        // keepalive, so a dead stream is found at its next event (its agent's heartbeat, at the latest).
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } finally {
        hub.unsubscribe(subscription);
      }
    });
  }

  private static void write(OutputStream out, String text) throws IOException {
    out.write(text.getBytes(StandardCharsets.UTF_8));
    out.flush();
  }

  @Override
  public void close() {
    hub.dropAll();
    writers.shutdownNow();
  }
}
