package ai.molecule.backend.claude;

import ai.molecule.process.ChildEnvironment;
import ai.molecule.spi.InboundMessage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * How claude runs for one message: its command line and environment. The message itself is never
 * part of the command line: it goes on stdin, so a sender cannot add arguments.
 */
final class ClaudeCommand {

  /** Claude's own bound on its API retries within one run. */
  static final String MAX_RETRIES_VARIABLE = "CLAUDE_CODE_MAX_RETRIES";
  /** Claude's timeout for one API request (600 s by default). */
  static final String REQUEST_TIMEOUT_VARIABLE = "API_TIMEOUT_MS";

  private ClaudeCommand() {}

  /**
   * {@code claude -p}, Claude's data access and event stream, the options, the extra arguments, and,
   * given a session, {@code --resume <it> --fork-session}: a fork, so a run that fails leaves the
   * conversation's session as it was.
   */
  static List<String> of(ClaudeSettings settings, Optional<String> resume) {
    // --add-dir takes several directories: the next option ends its list.
    List<String> command = new ArrayList<>(List.of(settings.executable().toString(), "-p",
        "--add-dir", settings.dataDirectory().toString(), "--output-format", "stream-json", "--verbose"));
    if (!settings.slashCommands()) {
      command.add("--disable-slash-commands");
    }
    settings.model().ifPresent(model -> command.addAll(List.of("--model", model)));
    settings.systemPrompt().ifPresent(prompt -> command.addAll(List.of("--append-system-prompt", prompt)));
    settings.permissionMode().ifPresent(mode -> command.addAll(List.of("--permission-mode", mode)));
    settings.allowedTools().ifPresent(tools -> command.addAll(List.of("--allowedTools", tools)));
    settings.disallowedTools().ifPresent(tools -> command.addAll(List.of("--disallowedTools", tools)));
    settings.maxTurns().ifPresent(turns -> command.addAll(List.of("--max-turns", Integer.toString(turns))));
    command.addAll(settings.extraArgs());
    resume.ifPresent(session -> command.addAll(List.of("--resume", session, "--fork-session")));
    return command;
  }

  /**
   * The environment of a run with {@code budget} to go: molecule's (see {@link ChildEnvironment}),
   * with Claude's API retries bounded and no single request allowed to outlast the budget.
   */
  static Map<String, String> environment(ClaudeSettings settings, Map<String, String> base, InboundMessage message,
      Duration budget) {
    Map<String, String> environment = new LinkedHashMap<>(ChildEnvironment.of(base, message, settings.passMeta()));
    environment.putAll(variables(settings, budget));
    return environment;
  }

  /** The variables molecule sets for claude, over those it inherits. */
  static Map<String, String> variables(ClaudeSettings settings, Duration budget) {
    Map<String, String> variables = new LinkedHashMap<>();
    variables.put(MAX_RETRIES_VARIABLE, Integer.toString(settings.apiRetries()));
    variables.put(REQUEST_TIMEOUT_VARIABLE, Long.toString(Math.max(1, budget.toMillis())));
    return variables;
  }

  /** The command line as a shell would take it, for {@code --dry-run} and the operator's eyes. */
  static String shellLine(List<String> command) {
    List<String> words = new ArrayList<>();
    for (String word : command) {
      words.add(word.matches("[A-Za-z0-9_./:=@%+,-]+") ? word : "'" + word.replace("'", "'\\''") + "'");
    }
    return String.join(" ", words);
  }
}
