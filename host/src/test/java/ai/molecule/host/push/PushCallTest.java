package ai.molecule.host.push;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.molecule.host.testing.Await;
import ai.molecule.host.testing.LogCapture;
import ai.molecule.spi.Backend;
import ai.molecule.spi.BackendException;
import ai.molecule.spi.Reply;
import com.google.gson.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Push mode's calls, end to end over HTTP: the bearer, the answer, de-duplication, lanes, system turns. */
class PushCallTest {

  @TempDir Path stateDir;
  @TempDir Path dataDir;

  private final Backend echo = message -> Reply.text("echo: " + message.text());

  @Test
  void aWrongOrMissingBearerIsRefusedBeforeTheBodyIsRead() throws Exception {
    AtomicInteger turns = new AtomicInteger();
    // Bodies never arrive, and the server waits a minute for one: a 401 within seconds shows it never waited.
    try (PushRun run = new PushRun(message -> {
      turns.incrementAndGet();
      return Reply.text("never");
    }, stateDir, dataDir, PushRun.settings())) {
      for (String authorization : new String[] {"Authorization: Bearer not-the-secret\r\n", ""}) {
        try (Socket socket = new Socket("127.0.0.1", run.port())) {
          socket.setSoTimeout(5_000);
          OutputStream out = socket.getOutputStream();
          out.write(("POST " + PushRun.BASE + " HTTP/1.1\r\nHost: x\r\n" + authorization
              + "Content-Type: application/json\r\nContent-Length: 100000\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
          out.flush();
          String answer = readAll(socket.getInputStream());
          assertTrue(answer.startsWith("HTTP/1.1 401 "), answer);
          assertTrue(answer.contains("Connection: close"), answer);
          assertTrue(answer.endsWith("{\"error\":\"unauthorized\"}"), answer);
        }
      }
      assertEquals(0, turns.get());
      assertEquals(200, run.post(PushRun.call("r1", "m1", "c1", "hi")).statusCode(), "the right bearer passes");
    }
  }

  @Test
  void theAnswerIsSynchronousWithTheWholeTextInTheFirstPart() throws Exception {
    try (PushRun run = new PushRun(message -> new Reply(List.of(ai.molecule.spi.Part.text("one"),
        ai.molecule.spi.Part.text("two")), java.util.Map.of()), stateDir, dataDir, PushRun.settings())) {
      HttpResponse<String> response = run.post(PushRun.call("req-7", "m-7", "ctx-7", "hi"));
      assertEquals(200, response.statusCode());
      JsonObject json = PushRun.json(response);
      assertEquals("2.0", json.get("jsonrpc").getAsString());
      assertEquals("req-7", json.get("id").getAsString());
      JsonObject result = json.getAsJsonObject("result");
      assertEquals("message", result.get("kind").getAsString());
      assertEquals("agent", result.get("role").getAsString());
      assertEquals("ctx-7", result.get("contextId").getAsString());
      assertEquals(1, result.getAsJsonArray("parts").size());
      assertEquals("one\n\ntwo", PushRun.text(response));
      assertFalse(response.body().contains("queued"), response.body());
    }
  }

  @Test
  void aRepeatedMessageIdDuringAndAfterTheFirstCallRunsTheBackendOnce() throws Exception {
    AtomicInteger turns = new AtomicInteger();
    CountDownLatch started = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    try (PushRun run = new PushRun(message -> {
      turns.incrementAndGet();
      started.countDown();
      await(release);
      return Reply.text("answer " + turns.get());
    }, stateDir, dataDir, PushRun.settings())) {
      String body = PushRun.call("r", "same-message", "c", "hi");
      CompletableFuture<HttpResponse<String>> first = run.http.sendAsync(run.request(body).build(),
          HttpResponse.BodyHandlers.ofString());
      assertTrue(started.await(10, TimeUnit.SECONDS));
      AtomicReference<CompletableFuture<HttpResponse<String>>> during = new AtomicReference<>();
      AtomicReference<HttpResponse<String>> after = new AtomicReference<>();
      String log = LogCapture.during(() -> {
        during.set(run.http.sendAsync(run.request(body).build(), HttpResponse.BodyHandlers.ofString()));
        Await.until("the repeat waits for the first", Duration.ofSeconds(10),
            () -> LogCapture.current().contains("delivered again while its turn runs"));
        assertFalse(during.get().isDone());
        release.countDown();
        first.get(10, TimeUnit.SECONDS);
        after.set(run.post(body));
      });
      assertTrue(log.contains("delivered again after its turn"), log);
      String answer = first.get(10, TimeUnit.SECONDS).body();
      assertEquals(answer, during.get().get(10, TimeUnit.SECONDS).body());
      assertEquals(answer, after.get().body());
      assertEquals("answer 1", PushRun.text(after.get()));
      assertEquals(1, turns.get(), "one backend turn for three deliveries");
    }
  }

  @Test
  void twoConversationsRunConcurrentlyAndOneConversationsCallsInOrder() throws Exception {
    List<String> startedTexts = new CopyOnWriteArrayList<>();
    ConcurrentHashMap<String, CountDownLatch> gates = new ConcurrentHashMap<>();
    gates.put("a1", new CountDownLatch(1));
    try (PushRun run = new PushRun(message -> {
      startedTexts.add(message.text());
      CountDownLatch gate = gates.get(message.text());
      if (gate != null) {
        await(gate);
      }
      return Reply.text("done " + message.text());
    }, stateDir, dataDir, PushRun.settings())) {
      CompletableFuture<HttpResponse<String>> a1 = async(run, PushRun.call("1", "m-a1", "conv-a", "a1"));
      Await.until("a1 running", Duration.ofSeconds(10), () -> startedTexts.contains("a1"));
      CompletableFuture<HttpResponse<String>> a2 = async(run, PushRun.call("2", "m-a2", "conv-a", "a2"));
      // Another conversation is answered while conv-a's first turn still runs.
      assertEquals("done b1", PushRun.text(run.post(PushRun.call("3", "m-b1", "conv-b", "b1"))));
      assertFalse(startedTexts.contains("a2"), "a2 waits for a1: " + startedTexts);
      assertFalse(a1.isDone());
      gates.get("a1").countDown();
      assertEquals("done a1", PushRun.text(a1.get(10, TimeUnit.SECONDS)));
      assertEquals("done a2", PushRun.text(a2.get(10, TimeUnit.SECONDS)));
      assertEquals(List.of("a1", "b1", "a2"), startedTexts);
    }
  }

  @Test
  void heartbeatsSayWhatIsInHandDuringALongTurn() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    try (PushRun run = new PushRun(message -> {
      await(release);
      return Reply.text("late");
    }, stateDir, dataDir, PushRun.settings())) {
      CompletableFuture<HttpResponse<String>> call = async(run, PushRun.call("1", "m-long", "c", "think hard"));
      Await.until("a heartbeat with the turn in hand", Duration.ofSeconds(10), () -> run.platform.heartbeats()
          .stream().anyMatch(h -> h.getBodyAsString().contains("\"active_tasks\":1")));
      release.countDown();
      assertEquals("late", PushRun.text(call.get(10, TimeUnit.SECONDS)));
      Await.until("a heartbeat with nothing in hand", Duration.ofSeconds(10), () -> {
        var beats = run.platform.heartbeats();
        return beats.get(beats.size() - 1).getBodyAsString().contains("\"active_tasks\":0");
      });
    }
  }

  @Test
  void aBackendFailureIsAJsonRpcError() throws Exception {
    try (PushRun run = new PushRun(message -> {
      throw BackendException.permanent("the model is down");
    }, stateDir, dataDir, PushRun.settings())) {
      HttpResponse<String> response = run.post(PushRun.call("r", "m", "c", "hi"));
      assertEquals(200, response.statusCode());
      JsonObject error = PushRun.json(response).getAsJsonObject("error");
      assertEquals(-32000, error.get("code").getAsInt());
      assertEquals("the model is down", error.get("message").getAsString());
      assertEquals("the model is down", error.getAsJsonObject("data").get(ai.molecule.wire.Marks.ERROR).getAsString(),
          "a bridge reading the answer knows it is an error");
      assertFalse(PushRun.json(response).has("result"));
    }
  }

  @Test
  void onlyPostedMessageSendIsServed() throws Exception {
    try (PushRun run = new PushRun(echo, stateDir, dataDir, PushRun.settings())) {
      HttpResponse<String> other = run.post("{\"jsonrpc\":\"2.0\",\"id\":5,\"method\":\"tasks/get\",\"params\":{}}");
      assertEquals(-32601, PushRun.json(other).getAsJsonObject("error").get("code").getAsInt());
      assertEquals(5, PushRun.json(other).get("id").getAsInt());
      HttpResponse<String> notJson = run.post("{nope");
      assertEquals(-32700, PushRun.json(notJson).getAsJsonObject("error").get("code").getAsInt());
      HttpResponse<String> get = run.http.send(java.net.http.HttpRequest.newBuilder(run.url(""))
          .header("Authorization", "Bearer " + PushRun.SECRET).GET().build(), HttpResponse.BodyHandlers.ofString());
      assertEquals(405, get.statusCode());
      HttpResponse<String> elsewhere = run.http.send(java.net.http.HttpRequest.newBuilder(run.url("/other"))
          .header("Authorization", "Bearer " + PushRun.SECRET).GET().build(), HttpResponse.BodyHandlers.ofString());
      assertEquals(404, elsewhere.statusCode());
    }
  }

  @Test
  void aBodyOverTheLimitIsRefused() throws Exception {
    PushSettings small = PushRun.settings().withLimits(8, 1024, Duration.ofSeconds(10), Duration.ofSeconds(60));
    try (PushRun run = new PushRun(echo, stateDir, dataDir, small)) {
      HttpResponse<String> response = run.post(PushRun.call("r", "m", "c", "x".repeat(2000)));
      assertEquals(413, response.statusCode());
      assertEquals("echo: small", PushRun.text(run.post(PushRun.call("r", "m2", "c", "small"))));
    }
  }

  @Test
  void aLivenessCheckIsAnsweredAtOnceAndReportedAsATaskUpdate() throws Exception {
    AtomicInteger turns = new AtomicInteger();
    try (PushRun run = new PushRun(message -> {
      turns.incrementAndGet();
      return Reply.text("no");
    }, stateDir, dataDir, PushRun.settings())) {
      String probe = "{\"jsonrpc\":\"2.0\",\"id\":\"p\",\"method\":\"message/send\",\"params\":{\"message\":{"
          + "\"role\":\"user\",\"messageId\":\"stall-probe-1\",\"contextId\":\"canvas-x\",\"parts\":[{\"kind\":"
          + "\"text\",\"text\":\"Liveness check: ...\"}],\"metadata\":{\"source\":\"platform\",\"kind\":"
          + "\"stall_probe\",\"source_type\":\"self-stall\"}}}}";
      HttpResponse<String> response = run.post(probe);
      assertEquals(200, response.statusCode());
      assertEquals("alive", PushRun.text(response));
      Await.until("a task update", Duration.ofSeconds(10), () -> run.platform.taskUpdates().stream()
          .anyMatch(u -> "task_update".equals(u.get("activity_type").getAsString())));
      assertEquals(0, turns.get(), "a system turn never reaches the backend");
    }
  }

  @Test
  void registersInPushModeWithTheUrl() throws Exception {
    try (PushRun run = new PushRun(echo, stateDir, dataDir, PushRun.settings())) {
      JsonObject body = com.google.gson.JsonParser.parseString(run.platform.registrations().get(0).getBodyAsString())
          .getAsJsonObject();
      assertEquals("push", body.get("delivery_mode").getAsString());
      assertEquals("http://127.0.0.1/molecule", body.get("url").getAsString());
    }
  }

  @Test
  void aStopFinishesTheCallInHandAndClosesNewOnesUnanswered() throws Exception {
    CountDownLatch started = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    PushRun run = new PushRun(message -> {
      started.countDown();
      await(release);
      return Reply.text("finished " + message.text());
    }, stateDir, dataDir, PushRun.settings());
    try {
      CompletableFuture<HttpResponse<String>> slow = async(run, PushRun.call("1", "m-slow", "c", "slow"));
      assertTrue(started.await(10, TimeUnit.SECONDS));
      run.engine.stop();
      // A new call during the grace period: its connection is closed without an answer.
      try (Socket socket = new Socket("127.0.0.1", run.port())) {
        socket.setSoTimeout(5_000);
        socket.getOutputStream().write(("POST " + PushRun.BASE + " HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer "
            + PushRun.SECRET + "\r\nContent-Length: 2\r\n\r\n{}").getBytes(StandardCharsets.US_ASCII));
        assertEquals("", readAll(socket.getInputStream()));
      }
      release.countDown();
      assertEquals("finished slow", PushRun.text(slow.get(10, TimeUnit.SECONDS)));
      assertEquals(null, run.stop(Duration.ofSeconds(20)));
    } finally {
      release.countDown();
      run.platform.close();
    }
  }

  private static CompletableFuture<HttpResponse<String>> async(PushRun run, String body) {
    return run.http.sendAsync(run.request(body).build(), HttpResponse.BodyHandlers.ofString());
  }

  static String readAll(InputStream in) throws java.io.IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try {
      in.transferTo(bytes);
    } catch (java.net.SocketException reset) {
      // closed by the server: what came before is the answer
    }
    return bytes.toString(StandardCharsets.UTF_8);
  }

  private static void await(CountDownLatch latch) {
    try {
      if (!latch.await(30, TimeUnit.SECONDS)) {
        throw new IllegalStateException("the test never released the backend");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
