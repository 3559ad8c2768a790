package ai.molecule.backend.claude;

import ai.molecule.process.ProcessBackendProvider;
import ai.molecule.process.ProcessOptions;
import ai.molecule.spi.Backend;
import ai.molecule.spi.BackendContext;
import ai.molecule.spi.BackendException;
import ai.molecule.spi.BackendInfo;
import ai.molecule.spi.OptionSpec;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Declares the {@code claude-code} backend: the Claude Code CLI answers each message. Listed in
 * META-INF/services so the host finds it.
 */
public final class ClaudeCodeBackendProvider extends ProcessBackendProvider {

  private static final BackendInfo INFO = new BackendInfo(
      "claude-code",
      "Answers with the Claude Code CLI (claude -p), one Claude session per conversation.",
      List.of(
          OptionSpec.optional(ClaudeSettings.BIN, "the claude executable: a name looked up on the PATH, or a path",
              "claude"),
          OptionSpec.optional(ClaudeSettings.MODEL, "the model, e.g. sonnet or opus (--model)", null),
          OptionSpec.optional(ClaudeSettings.SYSTEM_PROMPT,
              "text added to Claude Code's system prompt (--append-system-prompt)", null),
          OptionSpec.optional(ClaudeSettings.PERMISSION_MODE,
              String.join(", ", PinnedClaudeCode.PERMISSION_MODES) + " (--permission-mode)", null),
          OptionSpec.optional(ClaudeSettings.ALLOWED_TOOLS,
              "tools Claude may use without asking, e.g. 'Read Grep Bash(git:*)' (--allowedTools)", null),
          OptionSpec.optional(ClaudeSettings.DISALLOWED_TOOLS, "tools Claude may not use (--disallowedTools)", null),
          OptionSpec.optional(ClaudeSettings.MAX_TURNS, "the most agentic turns per message (--max-turns)", null),
          OptionSpec.optional(ClaudeSettings.CWD, "the agent's working directory (default: molecule's)", null),
          ProcessOptions.timeoutSpec("5m"),
          OptionSpec.optional(ClaudeSettings.ARGS,
              "more claude arguments, split like a shell would (quotes, backslashes), never run through one", null),
          ProcessOptions.passMetaSpec(),
          OptionSpec.optional(ClaudeSettings.SESSIONS,
              "on: each conversation continues its own Claude session (--resume), also after a restart", "on"),
          OptionSpec.optional(ClaudeSettings.API_RETRIES, "how often Claude retries a failed API request within"
              + " one message (CLAUDE_CODE_MAX_RETRIES, 0 to " + ClaudeSettings.MAX_API_RETRIES + ")",
              Integer.toString(ClaudeSettings.DEFAULT_API_RETRIES)),
          OptionSpec.optional(ClaudeSettings.SLASH_COMMANDS, "on: a message starting with / runs a Claude Code command"
              + " (/config, /compact, ...). WARNING: any sender could then change this agent's settings", "off")));

  /** The provider the host instantiates: claude runs with molecule's environment. */
  public ClaudeCodeBackendProvider() {
    this(System.getenv());
  }

  /** A provider that looks claude up on, and runs it with, this environment (for tests). */
  ClaudeCodeBackendProvider(Map<String, String> environment) {
    super(INFO, environment);
  }

  @Override
  public Backend create(BackendContext context) throws BackendException {
    ClaudeSettings settings = ClaudeSettings.from(context, environment());
    StartupChecks.run(settings, environment());
    Optional<SessionStore> sessions = settings.sessions()
        ? Optional.of(SessionStore.open(context.dataDirectory(), SessionStore.LIMIT))
        : Optional.empty();
    return new ClaudeCodeBackend(settings, environment(), sessions);
  }
}
