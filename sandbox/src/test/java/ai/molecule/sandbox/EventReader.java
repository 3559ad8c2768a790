package ai.molecule.sandbox;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Flow;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** A test's reader of {@code events/stream}: its lines as they come, and whether the stream ended. */
final class EventReader implements AutoCloseable {

  /** What {@link #nextLine} answers once the server ended the stream. */
  static final String ENDED = "<ended>";

  private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
  private final CompletableFuture<Integer> status = new CompletableFuture<>();
  private final CompletableFuture<HttpResponse<Void>> response;
  private volatile Flow.Subscription subscription;

  private EventReader(URI base, String workspaceId, String token) {
    HttpRequest request = HttpRequest.newBuilder(base.resolve("/workspaces/" + workspaceId + "/events/stream"))
        .header("Authorization", "Bearer " + token).GET().build();
    Flow.Subscriber<String> subscriber = new Flow.Subscriber<>() {
      @Override
      public void onSubscribe(Flow.Subscription s) {
        subscription = s;
        s.request(Long.MAX_VALUE);
      }

      @Override
      public void onNext(String line) {
        lines.add(line);
      }

      @Override
      public void onError(Throwable error) {
        lines.add(ENDED);
      }

      @Override
      public void onComplete() {
        lines.add(ENDED);
      }
    };
    // The response future completes with the body; the status is wanted as soon as the headers come.
    this.response = Http.client().sendAsync(request, info -> {
      status.complete(info.statusCode());
      return HttpResponse.BodySubscribers.fromLineSubscriber(subscriber);
    });
  }

  static EventReader open(URI base, String workspaceId, String token) {
    return new EventReader(base, workspaceId, token);
  }

  /** The response status, once the headers came. */
  int status(Duration within) throws Exception {
    return status.get(within.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** The next line, waiting up to {@code within}; {@code null} when none came. */
  String nextLine(Duration within) throws InterruptedException {
    return lines.poll(within.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** The next event ({@code data:} line) as JSON, skipping blank lines; {@code null} when none came or it ended. */
  JsonObject nextEvent(Duration within) throws InterruptedException {
    long deadline = System.nanoTime() + within.toNanos();
    while (System.nanoTime() < deadline) {
      String line = nextLine(Duration.ofNanos(Math.max(1, deadline - System.nanoTime())));
      if (line == null || line.equals(ENDED)) {
        return null;
      }
      if (line.startsWith("data: ")) {
        return JsonParser.parseString(line.substring(6)).getAsJsonObject();
      }
    }
    return null;
  }

  /** Whether the stream ends within {@code within}, events before the end skipped. */
  boolean ends(Duration within) throws InterruptedException {
    long deadline = System.nanoTime() + within.toNanos();
    while (System.nanoTime() < deadline) {
      String line = nextLine(Duration.ofNanos(Math.max(1, deadline - System.nanoTime())));
      if (ENDED.equals(line)) {
        return true;
      }
    }
    return false;
  }

  @Override
  public void close() {
    Flow.Subscription s = subscription;
    if (s != null) {
      s.cancel();
    }
    response.cancel(true);
  }
}
