package ai.molecule.backend.claude;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.molecule.testkit.RecordingTurn;
import ai.molecule.spi.Backend;
import ai.molecule.spi.BackendContext;
import ai.molecule.spi.BackendException;
import ai.molecule.spi.Cost;
import ai.molecule.spi.InboundMessage;
import ai.molecule.spi.Part;
import ai.molecule.spi.Reply;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The backend with the real Claude Code CLI, pointed at a local stand-in for the Anthropic API with
 * a dummy key, in a home of its own. Each claude run takes about half a second and 230 MB: few runs.
 */
@Timeout(120)
class RealClaudeTest {

  @TempDir Path home;
  @TempDir Path data;
  @TempDir Path work;

  private Path claude;
  private AnthropicStandIn api;

  @BeforeEach
  void start() {
    claude = RealClaude.executable();
    api = AnthropicStandIn.start();
  }

  @AfterEach
  void stop() {
    api.close();
  }

  @Test
  void aConversationContinuesAcrossThreeMessagesAndARestartAndItsSpendIsTheLastCumulativeCost() throws Exception {
    RecordingTurn turn = new RecordingTurn();
    try (Backend backend = create(Map.of())) {
      assertEquals("turn 1: first", text(backend.handle(message("m1", "first"), turn)));
      assertEquals("turn 2: second", text(backend.handle(message("m2", "second"), turn)));
    }
    try (Backend restarted = create(Map.of())) {
      assertEquals("turn 3: third", text(restarted.handle(message("m3", "third"), turn)));
    }
    BigDecimal last = SessionStore.open(data, SessionStore.LIMIT).session("ctx").orElseThrow().cost();
    assertTrue(last.signum() > 0, "the stand-in's usage costs something");
    assertEquals(3, turn.costs().size());
    assertEquals(last, turn.costs().stream().map(Cost::amount).reduce(BigDecimal.ZERO, BigDecimal::add));
  }

  @Test
  void aSlashCommandIsRefusedAndChangesNothingInTheOperatorsSettings() throws Exception {
    Path settings = home.resolve(".claude/settings.json");
    try (Backend backend = create(Map.of())) {
      Files.createDirectories(settings.getParent());
      Files.writeString(settings, "{\"verbose\": false}");
      Reply reply = backend.handle(message("m1", "/config autoCompact=false verbose=true"), new RecordingTurn());
      assertTrue(text(reply).contains("/config isn't available"), text(reply));
    }
    assertEquals("{\"verbose\": false}", Files.readString(settings));
    assertFalse(Files.readString(home.resolve(".claude/.claude.json")).contains("\"autoCompactEnabled\": false"));

    // The same message with slash commands on: what the test would see had the refusal failed.
    try (Backend unsafe = create(Map.of("slash_commands", "on"))) {
      unsafe.handle(message("m2", "/config autoCompact=false verbose=true"), new RecordingTurn());
    }
    assertTrue(Files.readString(settings).contains("\"verbose\": true"), Files.readString(settings));
  }

  @Test
  void anInvalidKeyIsAnsweredWithinSecondsNamingTheFix() throws Exception {
    api.failAlways(401);
    try (Backend backend = create(Map.of())) {
      long started = System.nanoTime();
      BackendException e = assertThrows(BackendException.class,
          () -> backend.handle(message("m1", "hello"), new RecordingTurn()));
      Duration took = Duration.ofNanos(System.nanoTime() - started);
      System.err.println("real claude: an invalid key was answered in " + took.toMillis() + " ms");
      assertFalse(e.retryable());
      assertTrue(e.getMessage().contains("credentials were refused") && e.getMessage().contains("ANTHROPIC_API_KEY"),
          e.getMessage());
      assertTrue(took.compareTo(Duration.ofSeconds(20)) < 0, "took " + took);
    }
  }

  @Test
  void anOverloadedApiRecoversAndProgressShowsTheRetriesToolsAndRefusals() throws Exception {
    api.failNext(529, 2);
    RecordingTurn turn = new RecordingTurn();
    try (Backend backend = create(Map.of())) {
      assertEquals("turn 1: hello", text(backend.handle(message("m1", "hello"), turn)));
      Reply tool = backend.handle(message("m2", "tool: look"), turn);
      assertTrue(text(tool).endsWith("(Not permitted by this agent's settings: Read " + AnthropicStandIn.OUTSIDE_FILE
          + ".)"), text(tool));
      assertEquals("Read " + AnthropicStandIn.OUTSIDE_FILE, tool.metadata().get("permission_denials"));
    }
    List<String> progress = turn.progressLines();
    assertEquals(2, progress.stream().filter(line -> line.startsWith("the API answered 529")).count(),
        progress.toString());
    assertTrue(progress.contains("Read " + AnthropicStandIn.OUTSIDE_FILE), progress.toString());
    assertTrue(progress.stream().anyMatch(line -> line.startsWith("permission denied: Read")), progress.toString());
  }

  @Test
  void aFailedTryDoesNotReappearInTheNextTurnsRequest() throws Exception {
    try (Backend backend = create(Map.of("api_retries", "0"))) {
      backend.handle(message("m1", "first"), new RecordingTurn());
      api.failAlways(500);
      BackendException e = assertThrows(BackendException.class,
          () -> backend.handle(message("m2", "second"), new RecordingTurn()));
      assertTrue(e.retryable(), e.getMessage());
      api.failAlways(0);
      assertEquals("turn 2: second", text(backend.handle(message("m2", "second"), new RecordingTurn())));
      assertEquals("turn 3: third", text(backend.handle(message("m3", "third"), new RecordingTurn())));
    }
    List<AnthropicStandIn.Request> requests = api.requests();
    assertEquals(List.of("first", "second", "third"), requests.get(requests.size() - 1).userTexts());
  }

  @Test
  void startUpFindsAClaudeWithNoKeyAndNoLoginWithoutSpendingAToken() throws Exception {
    Map<String, String> environment = new HashMap<>(RealClaude.environment(home, api));
    environment.remove("ANTHROPIC_API_KEY");
    long started = System.nanoTime();
    BackendException e = assertThrows(BackendException.class,
        () -> new ClaudeCodeBackendProvider(environment).create(context(Map.of())));
    System.err.println("real claude: start-up checks took " + Duration.ofNanos(System.nanoTime() - started).toMillis()
        + " ms");
    assertEquals("Claude Code is not logged in and has no API key ('claude auth status'); " + ClaudeFailures.LOGIN_FIX,
        e.getMessage());
    assertEquals(List.of(), api.requests(), "no API request");
  }

  private Backend create(Map<String, String> options) throws BackendException {
    return new ClaudeCodeBackendProvider(RealClaude.environment(home, api)).create(context(options));
  }

  private BackendContext context(Map<String, String> options) {
    Map<String, String> resolved = new HashMap<>();
    new ClaudeCodeBackendProvider(Map.of()).info().options().stream()
        .filter(o -> o.defaultValue() != null)
        .forEach(o -> resolved.put(o.key(), o.defaultValue()));
    resolved.put("bin", claude.toString());
    resolved.put("cwd", work.toString());
    resolved.put("timeout", "60s");
    resolved.putAll(options);
    return new BackendContext("ws", resolved, data);
  }

  private static InboundMessage message(String id, String text) {
    return new InboundMessage("ws", "peer", id, "ctx", null, null, List.of(Part.text(text)), null);
  }

  private static String text(Reply reply) {
    return ((Part.Text) reply.parts().get(0)).text();
  }
}
