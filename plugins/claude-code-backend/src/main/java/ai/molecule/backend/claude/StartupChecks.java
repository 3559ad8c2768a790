package ai.molecule.backend.claude;

import ai.molecule.process.ChildEnvironment;
import ai.molecule.process.ProcessResult;
import ai.molecule.process.ProcessRunner;
import ai.molecule.process.ProcessSpec;
import ai.molecule.spi.BackendException;
import com.google.gson.JsonElement;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Claude Code's own cheap checks, run when the backend starts (and so by {@code molecule doctor}
 * and {@code --dry-run}): that {@code bin} is Claude Code ({@code --version}), that it is logged in
 * or has a key ({@code auth status}, which spends no token), and that the permission mode is one it
 * will run with. Each failure says what to fix.
 */
final class StartupChecks {

  private static final Duration CHECK_TIMEOUT = Duration.ofSeconds(30);
  private static final String VERSION_MARK = "(Claude Code)";
  /** Claude refuses to skip permission checks as root unless told it runs in a sandbox. */
  private static final String SANDBOX_VARIABLE = "IS_SANDBOX";

  private StartupChecks() {}

  /** Runs the checks; returns the version line, e.g. {@code 2.1.328 (Claude Code)}. */
  static String run(ClaudeSettings settings, Map<String, String> environment) throws BackendException {
    Map<String, String> childEnvironment = ChildEnvironment.of(environment, null, false);
    try (ProcessRunner runner = new ProcessRunner("claude")) {
      String version = version(settings, runner, childEnvironment);
      loggedIn(settings, runner, childEnvironment);
      rootMayBypass(settings, environment);
      return version;
    }
  }

  private static String version(ClaudeSettings settings, ProcessRunner runner, Map<String, String> environment)
      throws BackendException {
    ProcessResult run = runner.run(spec(settings, environment, "--version"));
    String line = ToolUse.cut(run.stdout().lines().findFirst().orElse(""));
    if (run.exitCode() != 0 || !line.contains(VERSION_MARK)) {
      throw BackendException.permanent("option bin: " + settings.executable() + " is not Claude Code ('--version'"
          + " printed '" + line + "', exit code " + run.exitCode() + "); " + ClaudeSettings.INSTALL_HINT
          + " (molecule is tested with " + PinnedClaudeCode.VERSION + ")");
    }
    return line;
  }

  private static void loggedIn(ClaudeSettings settings, ProcessRunner runner, Map<String, String> environment)
      throws BackendException {
    ProcessResult run = runner.run(spec(settings, environment, "auth", "status", "--json"));
    JsonElement status;
    try {
      status = JsonParser.parseString(run.stdout());
    } catch (JsonParseException e) {
      status = null;
    }
    if (status == null || !status.isJsonObject() || !status.getAsJsonObject().has("loggedIn")) {
      throw BackendException.permanent("cannot tell whether Claude Code is logged in: 'claude auth status --json'"
          + " printed no status (exit code " + run.exitCode() + "), which Claude Code " + PinnedClaudeCode.VERSION
          + " does; " + ClaudeFailures.LOGIN_FIX);
    }
    if (!status.getAsJsonObject().get("loggedIn").getAsBoolean()) {
      throw BackendException.permanent("Claude Code is not logged in and has no API key ('claude auth status');"
          + " " + ClaudeFailures.LOGIN_FIX);
    }
  }

  private static void rootMayBypass(ClaudeSettings settings, Map<String, String> environment)
      throws BackendException {
    boolean bypass = settings.permissionMode().filter("bypassPermissions"::equals).isPresent()
        || settings.extraArgs().contains("--dangerously-skip-permissions");
    boolean root = "root".equals(System.getProperty("user.name"));
    if (bypass && root && !"1".equals(environment.get(SANDBOX_VARIABLE))) {
      throw BackendException.permanent("Claude Code refuses permission_mode=bypassPermissions as root; "
          + ClaudeFailures.ROOT_FIX);
    }
  }

  private static ProcessSpec spec(ClaudeSettings settings, Map<String, String> environment, String... args) {
    List<String> command = new ArrayList<>(List.of(settings.executable().toString()));
    command.addAll(List.of(args));
    return new ProcessSpec(command, settings.directory(), environment, "", CHECK_TIMEOUT);
  }
}
