package ai.molecule.host.engine;

import ai.molecule.host.testing.FakePlatform;
import ai.molecule.host.testing.Rows;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/** A fresh fake platform that accepts everything, and a state directory, for each engine test. */
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
}
