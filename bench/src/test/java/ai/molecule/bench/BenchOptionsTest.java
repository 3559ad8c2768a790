package ai.molecule.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.Test;

class BenchOptionsTest {

  @Test
  void defaultsRunEveryScenarioOnTheBuiltDistribution() {
    BenchOptions options = BenchOptions.parse();
    assertEquals(Path.of("dist/target/molecule"), options.distribution());
    assertTrue(BenchOptions.SCENARIOS.stream().filter(s -> !s.equals("fleet")).allMatch(options::runs));
    assertFalse(options.runs("fleet"), "the long fleet scenario runs only when asked for");
    assertEquals(100, options.fleetWorkspaces());
    assertEquals(300, options.fleetSeconds());
    assertEquals(9, options.startupRuns());
    assertEquals(1000, options.backlog());
    assertEquals("", options.javaOptions());
    assertFalse(options.keep());
  }

  @Test
  void readsEachOption() {
    BenchOptions options = BenchOptions.parse("some/dist", "--only", "startup,backlog", "--startup-runs", "5",
        "--backlog", "200", "--java-opts", " -Xmx64m ", "--fleet-workspaces", "10", "--fleet-seconds", "20", "--keep");
    assertEquals(Path.of("some/dist"), options.distribution());
    assertEquals(Set.of("startup", "backlog"), options.only());
    assertFalse(options.runs("trickle"));
    assertEquals(5, options.startupRuns());
    assertEquals(200, options.backlog());
    assertEquals("-Xmx64m", options.javaOptions());
    assertTrue(options.keep());
    assertEquals(10, options.fleetWorkspaces());
    assertEquals(20, options.fleetSeconds());
    assertTrue(BenchOptions.parse("--only", "fleet").runs("fleet"));
  }

  @Test
  void refusesWhatItCannotRun() {
    assertThrows(IllegalArgumentException.class, () -> BenchOptions.parse("--only", "warp"));
    assertThrows(IllegalArgumentException.class, () -> BenchOptions.parse("--backlog", "1"));
    assertThrows(IllegalArgumentException.class, () -> BenchOptions.parse("--startup-runs"));
    assertThrows(IllegalArgumentException.class, () -> BenchOptions.parse("--fast"));
  }
}
