package ai.molecule.host.cli;

import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code molecule completion bash|zsh}: a completion script for the shell. The script picocli
 * writes serves both: under zsh it loads zsh's bash compatibility itself.
 */
@Command(
    name = "completion",
    mixinStandardHelpOptions = true,
    description = {
      "Print a shell completion script.",
      "bash: source <(molecule completion bash)    zsh: source <(molecule completion zsh)"
    })
final class CompletionCommand implements Runnable {

  enum Shell { bash, zsh }

  @Parameters(index = "0", paramLabel = "SHELL", description = "${COMPLETION-CANDIDATES}")
  Shell shell;

  @Spec CommandSpec spec;

  @Override
  public void run() {
    CommandLine root = spec.root().commandLine();
    spec.commandLine().getOut().print(AutoComplete.bash("molecule", root));
    spec.commandLine().getOut().flush();
  }
}
