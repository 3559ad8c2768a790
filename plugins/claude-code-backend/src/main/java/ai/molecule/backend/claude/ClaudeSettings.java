package ai.molecule.backend.claude;

import static ai.molecule.process.ProcessOptions.text;

import ai.molecule.process.ProcessOptions;
import ai.molecule.spi.BackendContext;
import ai.molecule.spi.BackendException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The claude-code backend's options, checked.
 *
 * @param executable the claude executable, absolute
 * @param model {@code --model}
 * @param systemPrompt {@code --append-system-prompt}
 * @param permissionMode {@code --permission-mode}
 * @param allowedTools {@code --allowedTools}
 * @param disallowedTools {@code --disallowedTools}
 * @param maxTurns {@code --max-turns}
 * @param directory the agent's working directory, or {@code null} for molecule's
 * @param timeout how long one message may take
 * @param extraArgs more arguments, appended as they are
 * @param passMeta whether the message's ids go into {@code MOLECULE_*} variables
 * @param sessions whether each conversation continues its Claude session
 * @param slashCommands whether a message starting with {@code /} may run a Claude Code command
 * @param apiRetries how often Claude itself retries a failed API request within one run
 * @param dataDirectory the backend's data directory, where the host keeps uploads; Claude may read it
 */
record ClaudeSettings(
    Path executable,
    Optional<String> model,
    Optional<String> systemPrompt,
    Optional<String> permissionMode,
    Optional<String> allowedTools,
    Optional<String> disallowedTools,
    OptionalInt maxTurns,
    Path directory,
    Duration timeout,
    List<String> extraArgs,
    boolean passMeta,
    boolean sessions,
    boolean slashCommands,
    int apiRetries,
    Path dataDirectory) {

  static final String BIN = "bin";
  static final String MODEL = "model";
  static final String SYSTEM_PROMPT = "system_prompt";
  static final String PERMISSION_MODE = "permission_mode";
  static final String ALLOWED_TOOLS = "allowed_tools";
  static final String DISALLOWED_TOOLS = "disallowed_tools";
  static final String MAX_TURNS = "max_turns";
  static final String CWD = "cwd";
  static final String ARGS = "args";
  static final String SESSIONS = "sessions";
  static final String SLASH_COMMANDS = "slash_commands";
  static final String API_RETRIES = "api_retries";

  static final String INSTALL_HINT =
      "install Claude Code with 'npm install -g @anthropic-ai/claude-code', or set --backend-opt bin=/path/to/claude";

  /**
   * Claude's own default (10 retries over about 180 s, for any error, a refused key too) would hold
   * a conversation for minutes; a few quick ones ride out a blip, and molecule retries the message.
   */
  static final int DEFAULT_API_RETRIES = 2;
  /** Claude's own default and most. */
  static final int MAX_API_RETRIES = 10;

  /** Reads and checks every option; {@code environment} supplies the PATH a bare {@code bin} is looked up in. */
  static ClaudeSettings from(BackendContext context, Map<String, String> environment) throws BackendException {
    return new ClaudeSettings(
        executable(ProcessOptions.required(context, BIN), environment.get("PATH")),
        word(context, MODEL, "one model name such as sonnet or opus"),
        text(context, SYSTEM_PROMPT),
        permissionMode(context),
        text(context, ALLOWED_TOOLS),
        text(context, DISALLOWED_TOOLS),
        maxTurns(context),
        directory(context),
        ProcessOptions.timeout(context),
        extraArgs(context),
        ProcessOptions.passMeta(context),
        context.booleanOption(SESSIONS, true),
        context.booleanOption(SLASH_COMMANDS, false),
        apiRetries(context),
        context.dataDirectory().toAbsolutePath().normalize());
  }

  private static Path executable(String bin, String path) throws BackendException {
    return Executables.find(bin, path).orElseThrow(() -> BackendException.permanent(Executables.isPath(bin)
        ? "option bin: " + bin + " is not an executable file; " + INSTALL_HINT
        : "cannot find '" + bin + "' on the PATH; " + INSTALL_HINT));
  }

  private static Optional<String> word(BackendContext context, String key, String example) throws BackendException {
    Optional<String> value = text(context, key);
    if (value.isPresent() && value.get().chars().anyMatch(Character::isWhitespace)) {
      throw BackendException.permanent("option " + key + " '" + value.get() + "' has spaces in it; give " + example);
    }
    return value;
  }

  private static Optional<String> permissionMode(BackendContext context) throws BackendException {
    Optional<String> mode = text(context, PERMISSION_MODE);
    if (mode.isPresent() && !PinnedClaudeCode.PERMISSION_MODES.contains(mode.get())) {
      throw BackendException.permanent("option permission_mode '" + mode.get() + "' is not one of "
          + String.join(", ", PinnedClaudeCode.PERMISSION_MODES));
    }
    return mode;
  }

  private static int apiRetries(BackendContext context) throws BackendException {
    return wholeNumber(context, API_RETRIES, 0, MAX_API_RETRIES).orElse(DEFAULT_API_RETRIES);
  }

  private static OptionalInt maxTurns(BackendContext context) throws BackendException {
    return wholeNumber(context, MAX_TURNS, 1, Integer.MAX_VALUE);
  }

  private static OptionalInt wholeNumber(BackendContext context, String key, int least, int most)
      throws BackendException {
    Optional<String> value = text(context, key);
    if (value.isEmpty()) {
      return OptionalInt.empty();
    }
    try {
      int number = Integer.parseInt(value.get());
      if (number >= least && number <= most) {
        return OptionalInt.of(number);
      }
    } catch (NumberFormatException e) {
      // said below
    }
    throw BackendException.permanent("option " + key + " must be a whole number of " + least
        + (most == Integer.MAX_VALUE ? " or more" : " to " + most) + ", not '" + value.get() + "'");
  }

  private static Path directory(BackendContext context) throws BackendException {
    Optional<String> value = text(context, CWD);
    if (value.isEmpty()) {
      return null;
    }
    try {
      Path directory = Path.of(value.get()).toAbsolutePath().normalize();
      if (Files.isDirectory(directory)) {
        return directory;
      }
    } catch (InvalidPathException e) {
      // said below
    }
    throw BackendException.permanent("option cwd: " + value.get() + " is not a directory; create it or name an existing one");
  }

  private static List<String> extraArgs(BackendContext context) throws BackendException {
    String line = text(context, ARGS).orElse("");
    try {
      return ShellWords.split(line);
    } catch (IllegalArgumentException e) {
      throw BackendException.permanent("option args cannot be split into arguments: " + e.getMessage()
          + "; quote as in a shell, e.g. args='--add-dir \"/my dir\"'");
    }
  }
}
