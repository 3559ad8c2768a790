package ai.molecule.sandbox;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.net.URI;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.UnaryOperator;

/**
 * The smallest poll-mode agent, written from platform-api.md alone: it registers, heartbeats,
 * polls its feed, answers a human with a notify and a peer with a new message/send carrying
 * {@code in_reply_to}, and answers no reply (the loop guard).
 */
final class TinyAgent implements AutoCloseable {

  private static final long IDLE_MILLIS = 25;

  private final Http http;
  private final String id;
  private final UnaryOperator<String> answer;
  private final Thread thread;
  private final List<String> failures = new CopyOnWriteArrayList<>();
  private volatile boolean running = true;

  TinyAgent(URI platform, WorkspaceCredentials workspace, UnaryOperator<String> answer) {
    this.http = Http.to(platform).token(workspace.token());
    this.id = workspace.id();
    this.answer = answer;
    this.thread = new Thread(this::run, "tiny-agent");
    this.thread.setDaemon(true);
  }

  TinyAgent start() {
    expect(200, http.post("/registry/register", Bodies.register(id)), "register");
    thread.start();
    return this;
  }

  /** What went wrong while it ran; empty when everything answered as expected. */
  List<String> failures() {
    return failures;
  }

  @Override
  public void close() {
    running = false;
    thread.interrupt();
    try {
      thread.join(5_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void run() {
    String cursor = null;
    long polls = 0;
    while (running) {
      try {
        if (polls++ % 40 == 0) {
          heartbeat(0, "");
        }
        String query = "?type=a2a_receive&limit=100" + (cursor == null ? "&since_secs=60" : "&since_id=" + cursor);
        Http.Answer page = http.get("/workspaces/" + id + "/activity" + query);
        if (page.status() == 410) {
          cursor = null;
          continue;
        }
        expect(200, page, "poll");
        List<JsonObject> rows = new ArrayList<>();
        page.array().forEach(row -> rows.add(row.getAsJsonObject()));
        if (cursor == null) {
          Collections.reverse(rows); // the first page comes newest first
        }
        for (JsonObject row : rows) {
          handle(row);
          cursor = row.get("id").getAsString();
        }
        if (rows.isEmpty()) {
          Thread.sleep(IDLE_MILLIS); // the agent's poll interval when idle
        }
      } catch (InterruptedException e) {
        return;
      } catch (RuntimeException e) {
        if (running) {
          failures.add(e.toString());
        }
      }
    }
  }

  private void handle(JsonObject row) {
    JsonElement method = row.get("method");
    if (method == null || !"message/send".equals(method.getAsString()) || !row.has("request_body")) {
      return; // notify echoes and bookkeeping rows are not messages
    }
    JsonObject message = row.getAsJsonObject("request_body").getAsJsonObject("params").getAsJsonObject("message");
    JsonObject metadata = message.getAsJsonObject("metadata");
    if (metadata != null && metadata.has("in_reply_to")) {
      return; // a reply: never answered automatically
    }
    if (metadata != null && metadata.has("source_type") && metadata.get("source_type").getAsString().startsWith("self-")) {
      return; // a platform system turn: logged and dropped, never answered
    }
    String text = message.getAsJsonArray("parts").get(0).getAsJsonObject().get("text").getAsString();
    heartbeat(1, "answering: " + text);
    String reply = answer.apply(text);
    JsonElement source = row.get("source_id");
    if (source.isJsonNull()) {
      expect(200, http.post("/workspaces/" + id + "/notify", Bodies.notify(reply)), "notify");
    } else {
      JsonObject request = Bodies.message(reply, message.get("messageId").getAsString());
      expect(200, http.header("X-Workspace-ID", id).post("/workspaces/" + source.getAsString() + "/a2a", request),
          "reply to a peer");
    }
    heartbeat(0, "");
  }

  private void heartbeat(int activeTasks, String currentTask) {
    expect(200, http.post("/registry/heartbeat", Bodies.heartbeat(id, 0, activeTasks, currentTask)), "heartbeat");
  }

  private void expect(int status, Http.Answer answer, String what) {
    if (answer.status() != status) {
      failures.add(what + ": HTTP " + answer.status() + " " + answer.body());
    }
  }
}
