package ai.molecule.host.push;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.molecule.host.status.OperatorViews;
import ai.molecule.host.status.StatusAddress;
import ai.molecule.host.status.StatusServer;
import ai.molecule.host.testing.Await;
import ai.molecule.host.testing.MetricSamples;
import ai.molecule.host.testing.Rows;
import ai.molecule.spi.BackendException;
import ai.molecule.spi.Reply;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Push mode tells the operator's views what poll mode tells them: /readyz and /metrics work the same. */
class PushStatusTest {

  @TempDir Path stateDir;
  @TempDir Path dataDir;

  private final HttpClient http = HttpClient.newHttpClient();

  @Test
  void readyzAndMetricsFollowAPushEngine() throws Exception {
    OperatorViews views = new OperatorViews(Clock.systemUTC(), Duration.ofSeconds(70), true);
    try (StatusServer status = views.serve(StatusAddress.parse("0"), views.board())) {
      URI base = URI.create("http://127.0.0.1:" + status.address().getPort());
      assertEquals(503, get(base, "/readyz").statusCode(), "nothing registered yet");
      PushRun run = new PushRun(message -> {
        if (message.text().equals("fail")) {
          throw BackendException.permanent("no");
        }
        return Reply.text("echo: " + message.text());
      }, stateDir, dataDir, PushRun.settings(), views.observer());
      try {
        Await.until("ready: registered and heartbeating", () -> get(base, "/readyz").statusCode() == 200);
        assertEquals(200, run.post(PushRun.call("r1", "m1", "c1", "hi")).statusCode());
        assertEquals(200, run.post(PushRun.call("r1b", "m1", "c1", "hi")).statusCode(), "a re-delivery");
        assertEquals(200, run.post(PushRun.call("r2", "m2", "c1", "fail")).statusCode());
        String metrics = get(base, "/metrics").body();
        assertEquals(1.0, sample(metrics, "molecule_messages_total", "outcome=\"answered\""), metrics);
        assertEquals(1.0, sample(metrics, "molecule_messages_total", "outcome=\"failed\""), metrics);
        assertEquals(2.0, sample(metrics, "molecule_messages_received_total", "sender=\"human\""),
            "a re-delivered call is not a second message: " + metrics);
        assertEquals(1.0, sample(metrics, "molecule_workspace_state", "state=\"connected\""), metrics);
        assertTrue(sample(metrics, "molecule_seconds_since_last_poll", "") >= 0, "a served call counts as a poll");
        assertTrue(sample(metrics, "molecule_seconds_since_last_heartbeat", "") >= 0, metrics);
      } finally {
        run.close();
      }
      assertEquals(503, get(base, "/readyz").statusCode(), "stopped: not ready");
      assertEquals(1.0, sample(get(base, "/metrics").body(), "molecule_workspace_state", "state=\"stopped\""));
    }
  }

  private static double sample(String exposition, String name, String label) {
    return MetricSamples.sample(exposition, Rows.WORKSPACE, name, label);
  }

  private HttpResponse<String> get(URI base, String path) {
    try {
      return http.send(HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(5)).build(),
          HttpResponse.BodyHandlers.ofString());
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
