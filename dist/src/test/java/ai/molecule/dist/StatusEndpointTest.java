package ai.molecule.dist;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.molecule.host.testing.Await;
import ai.molecule.host.testing.FakePlatform;
import ai.molecule.host.testing.Rows;
import ai.molecule.sandbox.SandboxOptions;
import ai.molecule.sandbox.SandboxPlatform;
import ai.molecule.sandbox.WorkspaceCredentials;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** connect and serve with --status-addr and --log-format json, as an operator runs it, watched with curl's eyes and molecule status. */
class StatusEndpointTest {

  @TempDir Path home;

  @Test
  void connectServesItsStatusAndLogsOneJsonObjectPerLine() throws Exception {
    try (FakePlatform platform = FakePlatform.start(Rows.WORKSPACE).acceptingEverything()) {
      Instant now = Instant.now();
      platform.firstPage(Rows.page(
          Rows.message(Rows.id(2), Rows.PEER, "the private second", now.minusSeconds(1)),
          Rows.message(Rows.id(1), Rows.PEER, "the private first", now.minusSeconds(2))));
      Distribution molecule = new Distribution(home)
          .with("MOLECULE_API_URL", platform.url())
          .with("MOLECULE_WORKSPACE_TOKEN", FakePlatform.TOKEN);
      var running = molecule.start("connect", Rows.WORKSPACE, "--backend", "echo", "--interval", "200ms",
          "--status-addr", "0", "--log-format", "json");
      int port = statusPort(running);
      Await.until("two replies", Duration.ofSeconds(30), () -> platform.agentReplies().size() == 2);
      HttpClient http = HttpClient.newHttpClient();
      String base = "http://127.0.0.1:" + port;
      Await.until("ready", Duration.ofSeconds(10), () -> code(http, base + "/readyz") == 200);
      String metrics = http.send(HttpRequest.newBuilder(URI.create(base + "/metrics")).build(),
          HttpResponse.BodyHandlers.ofString()).body();
      assertTrue(metrics.contains("molecule_messages_total{outcome=\"answered\",workspace=\"" + Rows.WORKSPACE
          + "\"} 2.0"), metrics);

      var status = molecule.run("status", "--status-addr", String.valueOf(port));
      assertEquals(0, status.exitCode(), status.err());
      assertTrue(status.out().lines().anyMatch(l -> l.matches(Rows.WORKSPACE + " +connected +yes .*")), status.out());

      assertEquals(0, running.terminate(Duration.ofSeconds(20)), running.stderr());
      List<String> lines = running.stderr().lines().toList();
      int messages = 0;
      for (String line : lines) {
        JsonObject entry = JsonParser.parseString(line).getAsJsonObject(); // every line is one JSON object
        assertTrue(entry.has("time") && entry.has("level") && entry.has("message"), line);
        if (entry.has("outcome")) {
          messages++;
          assertEquals("info", entry.get("level").getAsString());
          assertEquals("answered", entry.get("outcome").getAsString());
          assertEquals(Rows.WORKSPACE, entry.get("workspace").getAsString());
          assertEquals("peer", entry.get("sender").getAsString());
        }
      }
      assertEquals(2, messages, running.stderr());
      assertFalse(running.stderr().contains("private"), "no message text without --verbose");
      assertFalse(running.stderr().contains(FakePlatform.TOKEN));
    }
  }

  @Test
  void serveTakesItsStatusAddressAndLogFormatFromTheServeFileAndShowsAParkedWorkspace() throws Exception {
    try (SandboxPlatform sandbox = SandboxPlatform.start(SandboxOptions.defaults().withRateLimitPerMinute(0))) {
      List<WorkspaceCredentials> ws = sandbox.createWorkspaces(2, "ws");
      Path file = home.resolve("serve.properties");
      // A revocation of every token leaves register and heartbeat accepted (platform-api.md), so the
      // refusal is first seen by a poll: with the event stream up that is the idle safety poll.
      ServeReloadTest.writeServeFile(file, sandbox, ws, "status_addr = 0\nlog_format = json\nidle_interval = 1s\n");
      Distribution molecule = new Distribution(home);
      var running = molecule.start("serve", file.toString());
      int port = statusPort(running);
      HttpClient http = HttpClient.newHttpClient();
      String base = "http://127.0.0.1:" + port;
      Await.until("both ready", Duration.ofSeconds(30), () -> code(http, base + "/readyz") == 200);
      sandbox.revokeTokens(ws.get(1).id());
      try {
        Await.until("ws-1 ready, ws-2 parked", Duration.ofSeconds(30), () -> code(http, base + "/readyz") == 200
            && body(http, base + "/readyz").contains(ws.get(1).id()));
      } catch (AssertionError e) {
        throw new AssertionError(e.getMessage() + ": " + body(http, base + "/readyz") + running.stderr(), e);
      }
      assertEquals(503, code(http, base + "/readyz?strict"));
      String metrics = body(http, base + "/metrics");
      assertTrue(metrics.contains("molecule_workspace_state{state=\"parked\",workspace=\"" + ws.get(1).id()
          + "\"} 1.0"), metrics);
      assertTrue(metrics.contains("molecule_workspace_state{state=\"connected\",workspace=\"" + ws.get(0).id()
          + "\"} 1.0"), metrics);

      var status = molecule.run("status", "--status-addr", String.valueOf(port));
      assertEquals(0, status.exitCode(), status.err());
      assertTrue(status.out().lines().anyMatch(l -> l.matches(ws.get(1).id() + " +parked +yes .* 1 +.*parked until.*")),
          status.out());

      assertEquals(0, running.terminate(Duration.ofSeconds(20)), running.stderr());
      List<String> messages = new java.util.ArrayList<>();
      for (String line : running.stderr().lines().toList()) {
        // The serve file's log_format: every line is JSON.
        messages.add(JsonParser.parseString(line).getAsJsonObject().get("message").getAsString());
      }
      List<String> afterTerm = messages.subList(
          messages.indexOf(messages.stream().filter(m -> m.startsWith("SIGTERM received")).findFirst().orElseThrow()),
          messages.size());
      for (WorkspaceCredentials served : ws) {
        assertEquals(1, afterTerm.stream().filter(m -> m.startsWith("workspace " + served.id() + ": stopped")).count(),
            "one line as each workspace stops, the running one and the parked one alike: " + afterTerm);
      }
    }
  }

  /** The port of the status endpoint, from its (JSON) log line. */
  private static int statusPort(Distribution.Running running) {
    AtomicInteger port = new AtomicInteger();
    Await.until("the status endpoint's log line", Duration.ofSeconds(30), () -> {
      try {
        for (String line : running.stderr().lines().toList()) {
          String message = JsonParser.parseString(line).getAsJsonObject().get("message").getAsString();
          if (message.startsWith("status endpoint on http://127.0.0.1:")) {
            port.set(Integer.parseInt(message.replaceAll("^status endpoint on http://127\\.0\\.0\\.1:(\\d+)/.*", "$1")));
          }
        }
        return port.get() > 0;
      } catch (java.io.IOException e) {
        throw new IllegalStateException(e);
      }
    });
    return port.get();
  }

  private static String body(HttpClient http, String url) {
    try {
      return http.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString()).body();
    } catch (Exception e) {
      return "";
    }
  }

  private static int code(HttpClient http, String url) {
    try {
      return http.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.discarding())
          .statusCode();
    } catch (Exception e) {
      return -1;
    }
  }
}
