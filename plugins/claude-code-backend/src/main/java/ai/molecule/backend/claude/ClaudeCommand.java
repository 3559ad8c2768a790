package ai.molecule.backend.claude;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The claude command line for one message. The message itself is never part of it: it goes on
 * stdin, so a sender cannot add arguments.
 */
final class ClaudeCommand {

  private ClaudeCommand() {}

  /** {@code claude -p --output-format json}, the options, the extra arguments, and {@code --resume} when given. */
  static List<String> of(ClaudeSettings settings, Optional<String> resume) {
    List<String> command = new ArrayList<>(List.of(
        settings.executable().toString(), "-p", "--output-format", "json"));
    settings.model().ifPresent(model -> command.addAll(List.of("--model", model)));
    settings.systemPrompt().ifPresent(prompt -> command.addAll(List.of("--append-system-prompt", prompt)));
    settings.permissionMode().ifPresent(mode -> command.addAll(List.of("--permission-mode", mode)));
    settings.allowedTools().ifPresent(tools -> command.addAll(List.of("--allowedTools", tools)));
    settings.disallowedTools().ifPresent(tools -> command.addAll(List.of("--disallowedTools", tools)));
    settings.maxTurns().ifPresent(turns -> command.addAll(List.of("--max-turns", Integer.toString(turns))));
    command.addAll(settings.extraArgs());
    resume.ifPresent(session -> command.addAll(List.of("--resume", session)));
    return command;
  }
}
