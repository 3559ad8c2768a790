package ai.molecule.host.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.molecule.spi.Backend;
import java.util.List;

import ai.molecule.host.testing.FakePlatform;
import ai.molecule.host.testing.Rows;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * A fresh WireMock platform that accepts everything, and a state directory, for the engine tests
 * where HTTP is the point (stalled bodies, hung requests: {@link FaultsTest}); the others run on
 * the platform in memory ({@link MemoryEngineTestBase}).
 */
abstract class EngineTestBase {

  static final Instant T0 = Instant.parse("2026-11-25T10:00:00Z");

  @TempDir Path stateDir;

  FakePlatform platform;

  @BeforeEach
  void startPlatform() {
    platform = FakePlatform.start(Rows.WORKSPACE).acceptingEverything();
  }

  @AfterEach
  void stopPlatform() {
    platform.close();
  }

  /** The text of the one reply sent to message {@code messageId}. */
  String replyTo(String messageId) {
    List<String> texts = platform.agentReplies().stream()
        .filter(r -> messageId.equals(FakePlatform.message(r).getAsJsonObject("metadata").get("in_reply_to").getAsString()))
        .map(FakePlatform::replyText)
        .toList();
    assertEquals(1, texts.size(), "replies to " + messageId + ": " + texts);
    return texts.get(0);
  }

  EngineRun run(Backend backend) {
    return new EngineRun(platform, backend, stateDir, EngineRun.fastSettings());
  }
}
