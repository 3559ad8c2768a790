package ai.molecule.host;

import ai.molecule.host.platform.PlatformException;

/**
 * The one mapping from a platform failure to the exit code it ends a command with: a refused token
 * is {@link ExitCode#AUTH}, a platform that cannot be reached (or keeps failing) is
 * {@link ExitCode#UNREACHABLE}, and any other refusal is {@link ExitCode#REJECTED}.
 */
public final class PlatformFailure {

  private PlatformFailure() {}

  public static ExitCode exitCode(PlatformException failure) {
    return switch (failure.kind()) {
      case AUTH -> ExitCode.AUTH;
      case TRANSIENT -> ExitCode.UNREACHABLE;
      case GONE, NOT_FOUND, PERMANENT, TOO_LARGE -> ExitCode.REJECTED;
    };
  }

  /** The failure as the end of the command, with its own message. */
  public static MoleculeException exit(PlatformException failure) {
    return exit(failure, failure.getMessage());
  }

  /** The failure as the end of the command, with {@code message} (which says what to fix). */
  public static MoleculeException exit(PlatformException failure, String message) {
    return new MoleculeException(exitCode(failure), message, failure);
  }
}
