package ai.molecule.dist;

import static ai.molecule.host.testing.PluginJars.plugin;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.molecule.host.testing.Await;
import ai.molecule.host.testing.FakePlatform;
import ai.molecule.host.testing.Rows;
import com.google.gson.JsonParser;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The built distribution, end to end: launcher, bundled plugins, a platform that speaks the protocol. */
class DistributionTest {

  @TempDir Path home;

  @Test
  void helpVersionAndTheBundledEchoBackend() throws Exception {
    Distribution molecule = new Distribution(home);
    var help = molecule.run("--help");
    assertEquals(0, help.exitCode(), help.err());
    assertTrue(help.out().contains("Exit codes:"), help.out());
    var version = molecule.run("--version");
    assertTrue(version.out().startsWith("molecule "), version.out());
    var backends = molecule.run("backends");
    assertEquals(0, backends.exitCode(), backends.err());
    assertTrue(backends.out().contains("echo - Replies with the text it received"), backends.out());
    assertTrue(backends.out().contains("reply  reply template"), backends.out());
  }

  @Test
  void theFirstRunRecordsAClassDataSharingArchiveAndUsesIt() throws Exception {
    Path classLog = home.resolve("class-load.log");
    var result = new Distribution(home).withOwnCache()
        .with("MOLECULE_JAVA_OPTS", "-Xlog:class+load=info:file=" + classLog)
        .run("--version");
    assertEquals(0, result.exitCode(), result.err());
    try (var archives = Files.list(home.resolve("cache/molecule"))) {
      assertEquals(1, archives.filter(p -> p.getFileName().toString().endsWith(".jsa")).count(),
          "one archive in the cache");
    }
    // The log is the real run's (it replaced the warm-up's): its own classes came from the archive.
    String loaded = Files.readString(classLog);
    assertTrue(loaded.contains("ai.molecule.host.cli.MoleculeCommand source: shared objects file"), loaded.lines()
        .filter(line -> line.contains("ai.molecule")).findFirst().orElse(loaded));
  }

  @Test
  void aJarDroppedIntoThePluginsDirectoryAddsABackend() throws Exception {
    Distribution molecule = new Distribution(home);
    plugin("greeter-plugin").greeter("greeter").writeTo(molecule.configDirectory().resolve("plugins"), "greeter.jar");
    Files.write(molecule.configDirectory().resolve("plugins/broken.jar"), new byte[] {0, 1, 2});
    var backends = molecule.run("backends");
    assertEquals(0, backends.exitCode(), backends.err());
    assertTrue(backends.out().contains("echo - "), backends.out());
    assertTrue(backends.out().contains("greeter - greets"), backends.out());
    assertTrue(backends.err().contains("broken.jar skipped: not a readable jar"), backends.err());
  }

  @Test
  void connectAnswersEveryQueuedMessageAndStopsCleanlyOnSigterm() throws Exception {
    try (FakePlatform platform = FakePlatform.start(Rows.WORKSPACE).acceptingEverything()) {
      Instant now = Instant.now();
      platform.firstPage(Rows.page(
          Rows.message(Rows.id(3), null, "from the canvas", now.minusSeconds(1)),
          Rows.inConversation("c", Rows.message(Rows.id(2), Rows.PEER, "second", now.minusSeconds(2))),
          Rows.inConversation("c", Rows.message(Rows.id(1), Rows.PEER, "first", now.minusSeconds(3)))));
      Distribution molecule = new Distribution(home)
          .with("MOLECULE_API_URL", platform.url())
          .with("MOLECULE_WORKSPACE_TOKEN", FakePlatform.TOKEN);
      var running = molecule.start("connect", Rows.WORKSPACE, "--backend", "echo",
          "--backend-opt", "reply=echo: %s", "--interval", "200ms", "--verbose");
      Await.until("the replies", Duration.ofSeconds(30),
          () -> platform.agentReplies().size() == 2 && platform.notifications().size() == 1);
      Await.until("a poll after the newest row", Duration.ofSeconds(10), () -> platform.polledAfter(Rows.id(3)));
      String commandLine = running.process().info().commandLine().orElse("");
      assertTrue(commandLine.contains("connect"), commandLine);
      assertFalse(commandLine.contains(FakePlatform.TOKEN), "the token must not be in the process arguments");

      assertEquals(0, running.terminate(Duration.ofSeconds(20)), running.stderr());
      assertEquals(List.of("echo: first", "echo: second"),
          platform.agentReplies().stream().map(FakePlatform::replyText).toList());
      assertEquals("echo: from the canvas", platform.notifications().get(0).get("message").getAsString());
      assertFalse(platform.registrations().isEmpty());
      assertFalse(platform.heartbeats().isEmpty());

      Path state = home.resolve(".config/molecule/state/" + Rows.WORKSPACE + ".json");
      assertEquals(Rows.id(3), JsonParser.parseString(Files.readString(state)).getAsJsonObject().get("cursor").getAsString());
      assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(state)));
      String log = running.stderr();
      assertTrue(log.contains("DEBUG"), "the run logged at debug level");
      assertFalse(log.contains(FakePlatform.TOKEN), "the token must never be logged, not even at debug level");
      assertTrue(log.contains("workspace " + Rows.WORKSPACE + ": registered with"), log);
    }
  }

  @Test
  void aRefusedTokenExitsWithTheAuthenticationCode() throws Exception {
    try (FakePlatform platform = FakePlatform.start(Rows.WORKSPACE)) {
      platform.server().stubFor(com.github.tomakehurst.wiremock.client.WireMock.post("/registry/register")
          .willReturn(FakePlatform.status(401, "{\"error\":\"invalid token\"}")));
      var result = new Distribution(home)
          .with("MOLECULE_WORKSPACE_TOKEN", FakePlatform.TOKEN)
          .run("connect", Rows.WORKSPACE, "--backend", "echo", "--api-url", platform.url());
      assertEquals(3, result.exitCode(), result.err());
      assertTrue(result.err().contains("molecule: register: the platform refused the workspace token"), result.err());
      assertFalse(result.err().contains(FakePlatform.TOKEN));
    }
  }
}
