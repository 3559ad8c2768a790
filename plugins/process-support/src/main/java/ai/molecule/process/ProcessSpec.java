package ai.molecule.process;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One process to run for one message.
 *
 * @param command the program and its arguments, passed as they are (no shell)
 * @param directory its working directory, or {@code null} for molecule's own
 * @param environment its whole environment (nothing else is inherited)
 * @param stdin what to write on its standard input, which is then closed
 * @param timeout how long it may run before it and its children are stopped
 */
public record ProcessSpec(
    List<String> command, Path directory, Map<String, String> environment, String stdin, Duration timeout) {

  public ProcessSpec {
    command = List.copyOf(command);
    if (command.isEmpty()) {
      throw new IllegalArgumentException("a process needs a command");
    }
    environment = Map.copyOf(environment);
    stdin = stdin == null ? "" : stdin;
    Objects.requireNonNull(timeout, "timeout");
  }
}
