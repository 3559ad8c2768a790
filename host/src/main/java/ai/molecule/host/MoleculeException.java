package ai.molecule.host;

/**
 * A failure the operator can act on: its message is one line that says what to fix, and it ends the
 * command with its exit code and no stack trace (unless {@code --verbose}).
 */
public class MoleculeException extends Exception {

  private static final long serialVersionUID = 1L;

  private final ExitCode exitCode;

  public MoleculeException(ExitCode exitCode, String message) {
    this(exitCode, message, null);
  }

  public MoleculeException(ExitCode exitCode, String message, Throwable cause) {
    super(message, cause);
    this.exitCode = exitCode;
  }

  public ExitCode exitCode() {
    return exitCode;
  }
}
