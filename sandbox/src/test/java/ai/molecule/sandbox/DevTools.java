package ai.molecule.sandbox;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Just enough of the Chrome DevTools protocol for a page test, over the JDK's WebSocket: send a
 * command, wait for its answer; evaluate script; type; take a screenshot.
 */
public final class DevTools implements AutoCloseable {

  private static final Duration ANSWER_WITHIN = Duration.ofSeconds(20);

  private final Map<Integer, CompletableFuture<JsonObject>> pending = new ConcurrentHashMap<>();
  private final AtomicInteger ids = new AtomicInteger();
  private WebSocket socket;

  private DevTools() {}

  static DevTools connect(URI endpoint) throws IOException, InterruptedException {
    DevTools devTools = new DevTools();
    try {
      devTools.socket = HttpClient.newHttpClient().newWebSocketBuilder()
          .buildAsync(endpoint, devTools.new Listener())
          .get(ANSWER_WITHIN.toSeconds(), TimeUnit.SECONDS);
    } catch (ExecutionException | TimeoutException e) {
      throw new IOException("cannot open the DevTools socket " + endpoint, e);
    }
    return devTools;
  }

  /** Runs one command and returns its {@code result}; a protocol error fails the test. */
  public JsonObject call(String method, JsonObject params) throws IOException, InterruptedException {
    int id = ids.incrementAndGet();
    CompletableFuture<JsonObject> answer = new CompletableFuture<>();
    pending.put(id, answer);
    JsonObject command = new JsonObject();
    command.addProperty("id", id);
    command.addProperty("method", method);
    command.add("params", params);
    socket.sendText(command.toString(), true);
    JsonObject message;
    try {
      message = answer.get(ANSWER_WITHIN.toSeconds(), TimeUnit.SECONDS);
    } catch (ExecutionException | TimeoutException e) {
      throw new IOException(method + " got no answer", e);
    } finally {
      pending.remove(id);
    }
    if (message.has("error")) {
      throw new AssertionError(method + " failed: " + message.get("error"));
    }
    return message.getAsJsonObject("result");
  }

  /** The value of a script expression in the page; a script error fails the test. */
  public JsonElement evaluate(String expression) throws IOException, InterruptedException {
    JsonObject params = new JsonObject();
    params.addProperty("expression", expression);
    params.addProperty("returnByValue", true);
    params.addProperty("awaitPromise", true);
    JsonObject result = call("Runtime.evaluate", params);
    if (result.has("exceptionDetails")) {
      throw new AssertionError("script failed: " + expression + "\n" + result.get("exceptionDetails"));
    }
    return result.getAsJsonObject("result").get("value");
  }

  /** Waits until a script expression is true; script errors meanwhile count as not yet. */
  public void waitFor(String what, String expression, Duration timeout) throws IOException, InterruptedException {
    String guarded = "(() => { try { return Boolean(" + expression + "); } catch (e) { return false; } })()";
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!evaluate(guarded).getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("gave up after " + timeout.toMillis() + " ms waiting for " + what);
      }
      Thread.sleep(50);
    }
  }

  /** Types {@code text} into the focused element, as the keyboard would. */
  public void type(String text) throws IOException, InterruptedException {
    JsonObject params = new JsonObject();
    params.addProperty("text", text);
    call("Input.insertText", params);
  }

  /** Presses and releases a key such as {@code Enter}. */
  public void press(String key, int keyCode) throws IOException, InterruptedException {
    for (String type : new String[] {"keyDown", "keyUp"}) {
      JsonObject params = new JsonObject();
      params.addProperty("type", type);
      params.addProperty("key", key);
      params.addProperty("code", key);
      params.addProperty("windowsVirtualKeyCode", keyCode);
      params.addProperty("nativeVirtualKeyCode", keyCode);
      call("Input.dispatchKeyEvent", params);
    }
  }

  /** Lays the page out at {@code width} x {@code height} CSS pixels, as a window of that size would. */
  public void setViewport(int width, int height) throws IOException, InterruptedException {
    JsonObject params = new JsonObject();
    params.addProperty("width", width);
    params.addProperty("height", height);
    params.addProperty("deviceScaleFactor", 1);
    params.addProperty("mobile", false);
    call("Emulation.setDeviceMetricsOverride", params);
  }

  public void screenshot(Path file) throws IOException, InterruptedException {
    JsonObject params = new JsonObject();
    params.addProperty("format", "png");
    params.addProperty("captureBeyondViewport", true); // the whole page, not just the window
    String data = call("Page.captureScreenshot", params).get("data").getAsString();
    Files.createDirectories(file.getParent());
    Files.write(file, Base64.getDecoder().decode(data));
  }

  @Override
  public void close() {
    socket.sendClose(WebSocket.NORMAL_CLOSURE, "done").orTimeout(5, TimeUnit.SECONDS).exceptionally(e -> null).join();
  }

  /** Collects each message's frames and hands a complete answer to whoever waits for its id. */
  private final class Listener implements WebSocket.Listener {
    private final StringBuilder frames = new StringBuilder();

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
      frames.append(data);
      if (last) {
        JsonObject message = JsonParser.parseString(frames.toString()).getAsJsonObject();
        frames.setLength(0);
        if (message.has("id")) {
          CompletableFuture<JsonObject> waiting = pending.get(message.get("id").getAsInt());
          if (waiting != null) {
            waiting.complete(message);
          }
        }
      }
      webSocket.request(1);
      return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
      pending.values().forEach(waiting -> waiting.completeExceptionally(error));
    }
  }
}
