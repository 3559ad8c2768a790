package ai.molecule.dist;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.molecule.host.testing.Await;
import ai.molecule.host.testing.FakePlatform;
import ai.molecule.host.testing.Rows;
import com.github.tomakehurst.wiremock.client.WireMock;
import com.google.gson.JsonParser;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code molecule connect --mode push} from the built launcher: answers a call, and a SIGTERM lets a slow one finish. */
class PushModeTest {

  private static final String SECRET = "inbound-secret-for-the-dist-test";

  @TempDir Path home;

  @Test
  void sigtermWithASlowCallInFlightFinishesItThenExitsZero() throws Exception {
    try (FakePlatform platform = FakePlatform.start(Rows.WORKSPACE).acceptingEverything()) {
      for (String endpoint : new String[] {"/registry/register", "/registry/heartbeat"}) {
        platform.server().stubFor(WireMock.post(endpoint).atPriority(5).willReturn(WireMock.okJson(
            "{\"status\":\"ok\",\"platform_inbound_secret\":\"" + SECRET + "\"}")));
      }
      int port;
      try (ServerSocket free = new ServerSocket(0)) {
        port = free.getLocalPort();
      }
      String url = "http://127.0.0.1:" + port + "/molecule";
      var running = new Distribution(home).with("MOLECULE_API_URL", platform.url())
          .with("MOLECULE_WORKSPACE_TOKEN", FakePlatform.TOKEN)
          .start("connect", Rows.WORKSPACE, "--backend", "exec", "--backend-opt", "cmd=sleep 3; echo \"slow $(cat)\"",
              "--mode", "push", "--public-url", url, "--listen", "127.0.0.1:" + port, "--grace", "30s");
      Await.until("molecule serves push calls", Duration.ofSeconds(60), () -> {
        try {
          return running.stderr().contains("serving the platform's calls at " + url) || !running.process().isAlive();
        } catch (java.io.IOException e) {
          return false;
        }
      });
      assertTrue(running.process().isAlive(), running.stderr());
      String register = platform.registrations().get(0).getBodyAsString();
      assertTrue(register.contains("\"delivery_mode\":\"push\"") && register.contains(url), register);

      HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
      String call = "{\"jsonrpc\":\"2.0\",\"id\":\"r1\",\"method\":\"message/send\",\"params\":{\"message\":"
          + "{\"role\":\"user\",\"messageId\":\"m1\",\"contextId\":\"c1\",\"parts\":[{\"kind\":\"text\",\"text\":"
          + "\"hello\"}]}}}";
      CompletableFuture<HttpResponse<String>> answer = http.sendAsync(HttpRequest.newBuilder(URI.create(url))
          .timeout(Duration.ofSeconds(60)).header("Authorization", "Bearer " + SECRET)
          .POST(HttpRequest.BodyPublishers.ofString(call)).build(), HttpResponse.BodyHandlers.ofString());
      Await.until("the turn in hand", Duration.ofSeconds(30), () -> platform.heartbeats().stream()
          .anyMatch(beat -> beat.getBodyAsString().contains("\"active_tasks\":1")));

      running.process().destroy(); // SIGTERM, as a supervisor stops it
      HttpResponse<String> response = answer.get(30, TimeUnit.SECONDS);
      assertEquals(200, response.statusCode(), response.body());
      assertEquals("slow hello", JsonParser.parseString(response.body()).getAsJsonObject().getAsJsonObject("result")
          .getAsJsonArray("parts").get(0).getAsJsonObject().get("text").getAsString());
      assertTrue(running.process().waitFor(30, TimeUnit.SECONDS), "molecule did not stop after the call finished");
      assertEquals(0, running.process().exitValue(), running.stderr());
      String log = running.stderr();
      assertTrue(log.contains("SIGTERM received"), log);
      assertTrue(!log.contains(SECRET) && !log.contains(FakePlatform.TOKEN), "no secret is logged");
    }
  }
}
