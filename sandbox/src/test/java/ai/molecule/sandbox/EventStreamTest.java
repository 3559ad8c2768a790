package ai.molecule.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** {@code GET /workspaces/<id>/events/stream}: the events, the buffer, and the operator's faults. */
class EventStreamTest extends SandboxTest {

  private static final Duration SOON = Duration.ofSeconds(10);

  @Test
  void aPingThenOneEventPerActivityRowHeartbeatAndNotify() throws Exception {
    try (EventReader events = open()) {
      assertEquals(200, events.status(SOON));
      assertEquals(": ping", events.nextLine(SOON));

      SentMessage sent = sandbox.sendAsHuman(workspace.id(), "wake up");
      JsonObject logged = events.nextEvent(SOON);
      assertEquals("ACTIVITY_LOGGED", logged.get("type").getAsString());
      assertEquals(clock.millis(), logged.get("timestamp").getAsLong());
      JsonObject data = logged.getAsJsonObject("data");
      assertEquals("a2a_receive", data.get("activity_type").getAsString());
      assertEquals("message/send", data.get("method").getAsString());
      assertEquals(sent.messageId(), data.get("message_id").getAsString());
      assertTrue(data.get("source_id").isJsonNull());
      assertTrue(data.has("request_body") && data.has("summary") && data.has("status") && data.has("target_id"));
      assertFalse(data.has("id") || data.has("seq") || data.has("created_at"), "no row id, seq or time");

      agent.post("/registry/heartbeat", Bodies.heartbeat(workspace.id(), 0, 1, "working"));
      assertEquals("WORKSPACE_HEARTBEAT", events.nextEvent(SOON).get("type").getAsString());

      agent.post("/workspaces/" + workspace.id() + "/notify", Bodies.notify("done"));
      JsonObject update = new JsonObject();
      update.addProperty("activity_type", "task_update");
      update.addProperty("summary", "after the notify");
      agent.post(activityPath(), update);
      JsonObject message = events.nextEvent(SOON);
      assertEquals("AGENT_MESSAGE", message.get("type").getAsString());
      assertEquals("done", message.getAsJsonObject("data").get("message").getAsString());
      JsonObject next = events.nextEvent(SOON);
      assertEquals("task_update", next.getAsJsonObject("data").get("activity_type").getAsString(),
          "the notify raised no ACTIVITY_LOGGED of its own");
    }
  }

  @Test
  void anUnknownWorkspaceIs404AWrongToken401AndAStreamNotOffered404() throws Exception {
    try (EventReader unknown = EventReader.open(sandbox.url(), UUID.randomUUID().toString(), workspace.token());
        EventReader wrong = EventReader.open(sandbox.url(), workspace.id(), "x".repeat(43))) {
      assertEquals(404, unknown.status(SOON));
      assertEquals(401, wrong.status(SOON));
    }
    sandbox.offerEventStreams(false);
    try (EventReader off = open()) {
      assertEquals(404, off.status(SOON));
    }
    Http.operator(sandbox.url()).post("/sandbox/faults", "{\"fault\":\"streams_on\"}");
    try (EventReader on = open()) {
      assertEquals(200, on.status(SOON));
    }
  }

  @Test
  void droppingTheStreamsEndsThemNow() throws Exception {
    try (EventReader events = open()) {
      assertEquals(": ping", events.nextLine(SOON));
      awaitOpenStreams(1);
      Http.Answer dropped = Http.operator(sandbox.url()).post("/sandbox/faults", "{\"fault\":\"streams_drop\"}");
      assertEquals(200, dropped.status(), dropped.body());
      assertTrue(events.ends(SOON));
      awaitOpenStreams(0);
    }
  }

  @Test
  void aStalledStreamStaysOpenKeeps64EventsAndDropsTheRest() throws Exception {
    try (EventReader events = open()) {
      assertEquals(": ping", events.nextLine(SOON));
      awaitOpenStreams(1);
      sandbox.stallEventStreams(true);
      for (int i = 0; i < 70; i++) {
        sandbox.sendAsHuman(workspace.id(), "event " + i);
      }
      assertNull(events.nextEvent(Duration.ofMillis(300)), "stalled: nothing is sent");
      assertEquals(1, sandbox.openEventStreams(), "but the stream stays open");

      sandbox.stallEventStreams(false);
      List<String> texts = new ArrayList<>();
      for (int i = 0; i < EventHub.BUFFER; i++) {
        texts.add(Bodies.text(events.nextEvent(SOON).getAsJsonObject("data")));
      }
      assertEquals("event 0", texts.get(0));
      assertEquals("event 63", texts.get(63));
      sandbox.sendAsHuman(workspace.id(), "after");
      assertEquals("after", Bodies.text(events.nextEvent(SOON).getAsJsonObject("data")), "events 64 to 69 were lost");
    }
  }

  private EventReader open() {
    return EventReader.open(sandbox.url(), workspace.id(), workspace.token());
  }

  private void awaitOpenStreams(int count) throws InterruptedException {
    long deadline = System.nanoTime() + SOON.toNanos();
    while (sandbox.openEventStreams() != count) {
      assertTrue(System.nanoTime() < deadline, "open streams: " + sandbox.openEventStreams() + ", not " + count);
      Thread.sleep(10);
    }
  }
}
