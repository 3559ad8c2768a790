package ai.molecule.dist;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.molecule.backend.claude.FakeClaude;
import ai.molecule.host.testing.Await;
import ai.molecule.host.testing.FakePlatform;
import ai.molecule.host.testing.Rows;
import com.google.gson.JsonObject;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The bundled process backends, claude-code (with a fake claude) and exec, in the built distribution. */
class ProcessBackendsTest {

  private static final String INSTALL_HINT = "install Claude Code with 'npm install -g @anthropic-ai/claude-code',"
      + " or set --backend-opt bin=/path/to/claude";

  @TempDir Path home;
  @TempDir Path fake;

  @Test
  void backendsListsTheBundledBackendsWithTheirOptions() throws Exception {
    var backends = new Distribution(home).run("backends");
    assertEquals(0, backends.exitCode(), backends.err());
    String out = backends.out();
    assertTrue(out.contains("echo - Replies with the text it received"), out);
    assertTrue(out.contains("exec - Answers with a shell command of yours"), out);
    assertTrue(out.contains("claude-code - Answers with the Claude Code CLI"), out);
    for (String option : List.of("bin", "model", "system_prompt", "permission_mode", "allowed_tools",
        "disallowed_tools", "max_turns", "cwd", "timeout", "args", "pass_meta", "sessions", "cmd", "format")) {
      assertTrue(out.matches("(?s).*\n    " + option + " +\\S.*"), option + " is not listed:\n" + out);
    }
    assertTrue(out.contains("(default: 5m)") && out.contains("(default: 60s)") && out.contains("(required)"), out);
    assertFalse(backends.err().contains("skipped"), backends.err());
  }

  @Test
  void claudeCodeAnswersEachMessageAndResumesTheConversation() throws Exception {
    FakeClaude claude = FakeClaude.install(fake);
    try (FakePlatform platform = FakePlatform.start(Rows.WORKSPACE).acceptingEverything()) {
      Instant now = Instant.now();
      platform.firstPage(Rows.page(
          Rows.message(Rows.id(3), null, "from the canvas", now.minusSeconds(1)),
          inConversation(Rows.message(Rows.id(2), Rows.PEER, "second", now.minusSeconds(2)), "ctx-chat"),
          inConversation(Rows.message(Rows.id(1), Rows.PEER, "first", now.minusSeconds(3)), "ctx-chat")));
      var running = connected(platform)
          .with("PATH", claude.pathBefore(System.getenv("PATH")))
          .start("connect", Rows.WORKSPACE, "--backend", "claude-code", "--interval", "200ms");
      Await.until("the replies", Duration.ofSeconds(30),
          () -> platform.agentReplies().size() == 2 && platform.notifications().size() == 1);
      assertEquals(0, running.terminate(Duration.ofSeconds(20)), running.stderr());

      FakeClaude.Call first = call(claude, "first");
      FakeClaude.Call second = call(claude, "second");
      assertEquals(Optional.empty(), first.resumed());
      assertEquals(Optional.of("session-" + first.number()), second.resumed());
      assertEquals(Optional.empty(), call(claude, "from the canvas").resumed());
      assertEquals(Rows.PEER, second.moleculeVariables().get("MOLECULE_CALLER_ID"));
      assertFalse(second.moleculeVariables().containsKey("MOLECULE_WORKSPACE_TOKEN"));

      assertEquals(Set.of("answer " + first.number(), "answer " + second.number()),
          platform.agentReplies().stream().map(FakePlatform::replyText).collect(Collectors.toSet()));
      assertEquals("answer " + call(claude, "from the canvas").number(),
          platform.notifications().get(0).get("message").getAsString());
      assertTrue(Files.exists(home.resolve(".config/molecule/data/" + Rows.WORKSPACE + "/claude-code/claude-sessions.json")));
    }
  }

  @Test
  void aMissingClaudeStopsConnectAtStartWithOneClearLine() throws Exception {
    Distribution molecule = new Distribution(home)
        .with("PATH", pathWithoutClaude())
        .with("JAVA_HOME", System.getProperty("java.home"));
    var result = molecule.run("connect", Rows.WORKSPACE, "--backend", "claude-code", "--dry-run");
    assertEquals(6, result.exitCode(), result.err());
    assertEquals("molecule: backend claude-code cannot start: cannot find 'claude' on the PATH; " + INSTALL_HINT,
        result.err().strip());

    FakeClaude claude = FakeClaude.install(fake);
    var withClaude = molecule.with("PATH", claude.pathBefore(pathWithoutClaude()))
        .run("connect", Rows.WORKSPACE, "--backend", "claude-code", "--dry-run");
    assertEquals(0, withClaude.exitCode(), withClaude.err());
    assertTrue(withClaude.out().contains("dry run: the backend started"), withClaude.out());
  }

  @Test
  void doctorReportsAMissingClaudeWithTheInstallHintAndFails() throws Exception {
    var result = new Distribution(home)
        .with("PATH", pathWithoutClaude())
        .with("JAVA_HOME", System.getProperty("java.home"))
        .with("NO_COLOR", "1")
        .run("doctor", "--backend", "claude-code");
    assertEquals(9, result.exitCode(), result.out());
    assertTrue(result.out().lines().anyMatch(line -> line.startsWith("FAIL") && line.contains("backend claude-code")
        && line.contains("cannot find 'claude' on the PATH") && line.contains(INSTALL_HINT)), result.out());
    assertTrue(result.out().lines().anyMatch(line -> line.contains("ok") && line.contains("plugin claude-code-backend")),
        result.out());
  }

  @Test
  void execAnswersWithTheOperatorsCommand() throws Exception {
    try (FakePlatform platform = FakePlatform.start(Rows.WORKSPACE).acceptingEverything()) {
      platform.firstPage(Rows.page(Rows.message(Rows.id(1), Rows.PEER, "shout this", Instant.now().minusSeconds(1))));
      var running = connected(platform).start("connect", Rows.WORKSPACE, "--backend", "exec",
          "--backend-opt", "cmd=tr a-z A-Z; echo \" ($MOLECULE_CALLER_ID)\"", "--interval", "200ms");
      Await.until("the reply", Duration.ofSeconds(30), () -> platform.agentReplies().size() == 1);
      assertEquals(0, running.terminate(Duration.ofSeconds(20)), running.stderr());
      assertEquals("SHOUT THIS (" + Rows.PEER + ")", FakePlatform.replyText(platform.agentReplies().get(0)));
    }
  }

  private Distribution connected(FakePlatform platform) {
    return new Distribution(home)
        .with("MOLECULE_API_URL", platform.url())
        .with("MOLECULE_WORKSPACE_TOKEN", FakePlatform.TOKEN);
  }

  /** Puts the row's message into the conversation {@code contextId}. */
  private static JsonObject inConversation(JsonObject row, String contextId) {
    FakePlatform.message(row.getAsJsonObject("request_body")).addProperty("contextId", contextId);
    return row;
  }

  private static FakeClaude.Call call(FakeClaude claude, String stdin) {
    return claude.calls().stream().filter(c -> c.stdin().equals(stdin)).findFirst()
        .orElseThrow(() -> new AssertionError("claude was not asked '" + stdin + "': " + claude.calls()));
  }

  /** This JVM's PATH without the directories that hold a real claude. */
  private static String pathWithoutClaude() {
    return Arrays.stream(System.getenv("PATH").split(File.pathSeparator))
        .filter(directory -> !directory.isEmpty() && !Files.isExecutable(Path.of(directory, "claude")))
        .collect(Collectors.joining(File.pathSeparator));
  }
}
