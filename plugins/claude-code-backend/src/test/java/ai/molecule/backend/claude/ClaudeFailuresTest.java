package ai.molecule.backend.claude;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.molecule.process.ProcessResult;
import ai.molecule.spi.BackendException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class ClaudeFailuresTest {

  private static final ClaudeSettings SETTINGS = new ClaudeSettings(Path.of("/bin/claude"), Optional.empty(),
      Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), OptionalInt.of(2), null,
      Duration.ofMinutes(5), List.of(), true, true, false, 2, Path.of("/data"));

  private static BackendException ofFixture(String fixture) {
    ProcessResult run = new ProcessResult("claude", 1, "", false, "", Duration.ofSeconds(1));
    return ClaudeFailures.of(run, ClaudeResult.parse(Fixtures.read(fixture)), SETTINGS);
  }

  private static BackendException ofStderr(String stderr) {
    ProcessResult run = new ProcessResult("claude", 1, "", false, stderr, Duration.ofSeconds(1));
    return ClaudeFailures.of(run, Optional.empty(), SETTINGS);
  }

  @Test
  void refusedCredentialsAndNoLoginArePermanentAndSayWhatToFix() {
    BackendException unauthorized = ofFixture("result-api-401.json");
    assertFalse(unauthorized.retryable());
    assertEquals("the Anthropic API answered 401 (authentication_error): Claude Code's credentials were refused:"
        + " Invalid API key · Fix external API key; fix: give molecule a valid ANTHROPIC_API_KEY, or run"
        + " 'claude auth login' as the user molecule runs as", unauthorized.getMessage());
    BackendException notLoggedIn = ofFixture("result-not-logged-in.json");
    assertFalse(notLoggedIn.retryable());
    assertEquals("Claude Code is not logged in and has no API key: Not logged in · Please run /login; "
        + ClaudeFailures.LOGIN_FIX, notLoggedIn.getMessage());
  }

  @Test
  void runningOutOfTurnsIsPermanent() {
    BackendException e = ofFixture("result-error-max-turns.json");
    assertFalse(e.retryable());
    assertEquals("claude stopped at max_turns (2) before it finished: Reached maximum number of turns (2);"
        + " fix: raise --backend-opt max_turns, or ask for less in one message", e.getMessage());
  }

  @Test
  void anOverloadedOrFailingApiIsTriedAgain() {
    for (String fixture : List.of("result-api-529.json", "result-api-500.json")) {
      BackendException e = ofFixture(fixture);
      assertTrue(e.retryable(), fixture);
      assertTrue(e.getMessage().startsWith("claude gave up after its own retries: the Anthropic API answered 5"),
          e.getMessage());
    }
  }

  @Test
  void whatTheRealCliPrintsOnStderrIsClassified() {
    String[] samples = Fixtures.read("stderr-samples.txt").split("\n\n");
    BackendException root = ofStderr(sample(samples, "bypassPermissions"));
    assertFalse(root.retryable());
    assertTrue(root.getMessage().startsWith("claude refused permission_mode=bypassPermissions as root; "
        + ClaudeFailures.ROOT_FIX), root.getMessage());
    BackendException withoutVerbose = ofStderr(sample(samples, "no --verbose"));
    assertFalse(withoutVerbose.retryable());
    assertTrue(withoutVerbose.getMessage().startsWith("claude refused its command line; fix: check --backend-opt args"),
        withoutVerbose.getMessage());
    assertTrue(ofStderr(sample(samples, "11111111-2222")).retryable(), "a lost session is handled before this");
  }

  /** The stderr of the sample whose command mentions {@code mark}. */
  private static String sample(String[] samples, String mark) {
    String block = Arrays.stream(samples).filter(s -> s.lines().findFirst().orElse("").contains(mark))
        .findFirst().orElseThrow();
    return block.substring(block.indexOf('\n') + 1);
  }

  @Test
  void thePinnedPermissionModesAreThePinnedHelpsChoicesAndDefault() {
    Matcher choices = Pattern.compile("--permission-mode <mode>[^(]*\\(choices: ([^)]*)\\)", Pattern.DOTALL)
        .matcher(Fixtures.read("claude-help.txt"));
    assertTrue(choices.find());
    List<String> listed = Arrays.stream(choices.group(1).replaceAll("\\s+", " ").split(","))
        .map(choice -> choice.strip().replace("\"", "")).toList();
    assertEquals(PinnedClaudeCode.PERMISSION_MODES.stream().filter(mode -> !mode.equals("default")).sorted().toList(),
        listed.stream().sorted().toList());
  }
}
