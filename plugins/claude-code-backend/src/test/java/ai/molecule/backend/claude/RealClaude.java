package ai.molecule.backend.claude;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;

/**
 * The real Claude Code CLI for the integration tests, found where {@code .ci/run} installs it
 * ({@code MOLECULE_TEST_CLAUDE_BIN}, else its cache prefix), else on the PATH. Missing, it fails
 * the test when {@code CI} is set and skips it otherwise, saying so in one loud line.
 */
final class RealClaude {

  static final String BIN_VARIABLE = "MOLECULE_TEST_CLAUDE_BIN";

  private RealClaude() {}

  /** The claude executable; aborts or fails the test when there is none. */
  static Path executable() {
    Optional<Path> found = find();
    if (found.isEmpty()) {
      String why = "no Claude Code CLI: run .ci/run once (it installs @anthropic-ai/claude-code "
          + PinnedClaudeCode.VERSION + "), or set " + BIN_VARIABLE;
      if (System.getenv("CI") != null) {
        fail(why);
      }
      System.err.println("!!! SKIPPED the real-CLI tests: " + why);
      Assumptions.abort(why);
    }
    return found.get();
  }

  /**
   * An environment in which claude talks to {@code api} only, with a dummy key, and keeps its
   * settings and sessions under {@code home}.
   */
  static Map<String, String> environment(Path home, AnthropicStandIn api) {
    Map<String, String> environment = new HashMap<>();
    environment.put("PATH", System.getenv("PATH"));
    environment.put("HOME", home.toString());
    environment.put("CLAUDE_CONFIG_DIR", home.resolve(".claude").toString());
    environment.put("ANTHROPIC_BASE_URL", api.baseUrl());
    environment.put("ANTHROPIC_API_KEY", "sk-ant-test-dummy");
    environment.put("CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC", "1");
    environment.put("DISABLE_AUTOUPDATER", "1");
    return environment;
  }

  private static Optional<Path> find() {
    String given = System.getenv(BIN_VARIABLE);
    if (given != null && !given.isBlank()) {
      return Executables.find(given, null);
    }
    String cache = Optional.ofNullable(System.getenv("XDG_CACHE_HOME"))
        .orElse(System.getProperty("user.home") + File.separator + ".cache");
    Optional<Path> installed = Executables.find(Path.of(cache, "molecule", "claude-code-" + PinnedClaudeCode.VERSION,
        "node_modules", ".bin", "claude").toString(), null);
    return installed.isPresent() ? installed : Executables.find("claude", System.getenv("PATH"));
  }
}
