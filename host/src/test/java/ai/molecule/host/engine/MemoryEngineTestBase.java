package ai.molecule.host.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.molecule.host.testing.FakeClock;
import ai.molecule.host.testing.MemoryPlatform;
import ai.molecule.spi.Backend;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.io.TempDir;

/**
 * For each engine test: the platform in memory, a fake clock, and a state directory. The engine
 * runs on the production settings ({@link #settings()}): time is virtual, so a 1 s interval or a 60 s backoff costs
 * nothing, and no test waits on real seconds.
 */
abstract class MemoryEngineTestBase {

  static final Instant T0 = Instant.parse("2026-11-25T10:00:00Z");

  @TempDir Path stateDir;

  final FakeClock clock = new FakeClock(T0.plusSeconds(600));
  final MemoryPlatform platform = new MemoryPlatform(clock);

  /**
   * The production settings, without the event stream: the poll loop is then the only loop that
   * waits on the clock, so each poll's virtual time is exact (the stream has its own tests, on the
   * sandbox).
   */
  static EngineSettings settings() {
    return EngineSettings.defaults().toBuilder().events(false).build();
  }

  EngineRun run(Backend backend) {
    return run(backend, settings());
  }

  EngineRun run(Backend backend, EngineSettings settings) {
    return new EngineRun(platform, clock, backend, stateDir, settings);
  }

  /** Runs the engine forward (the clock moving as its waits fall due) until the condition holds. */
  void until(String what, BooleanSupplier condition) {
    clock.until(what, condition);
  }

  /** Runs the engine forward until the saved cursor is {@code rowId}: that row and all before it are done. */
  void untilSaved(String rowId) {
    until("the cursor saved past " + rowId, () -> {
      try {
        return rowId.equals(savedCursor());
      } catch (Exception unreadableYet) {
        return false;
      }
    });
  }

  /** The text of the one reply sent to message {@code messageId}. */
  String replyTo(String messageId) {
    List<String> texts = platform.agentReplies().stream()
        .filter(r -> messageId.equals(MemoryPlatform.inReplyTo(r)))
        .map(MemoryPlatform::replyText)
        .toList();
    assertEquals(1, texts.size(), "replies to " + messageId + ": " + texts);
    return texts.get(0);
  }

  JsonObject savedState() throws Exception {
    Path file = stateDir.resolve(ai.molecule.host.testing.Rows.WORKSPACE + ".json");
    return Files.exists(file) ? JsonParser.parseString(Files.readString(file)).getAsJsonObject() : new JsonObject();
  }

  String savedCursor() throws Exception {
    JsonObject state = savedState();
    return state.has("cursor") ? state.get("cursor").getAsString() : null;
  }
}
