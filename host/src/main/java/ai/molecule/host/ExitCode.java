package ai.molecule.host;

/** The process exit codes, as listed in {@code molecule --help}. A supervisor can act on each. */
public enum ExitCode {
  OK(0, "success"),
  SOFTWARE(1, "internal error (run with --verbose for details)"),
  USAGE(2, "bad command line or configuration"),
  AUTH(3, "authentication failed: the token was refused (401/403)"),
  UNREACHABLE(4, "platform unreachable, or it kept failing"),
  NO_SUCH_BACKEND(5, "no such backend"),
  BACKEND_FAILED(6, "the backend could not start"),
  REJECTED(7, "the platform rejected a request (a 4xx other than 401/403)"),
  NO_REPLY(8, "molecule send: no reply came in time"),
  CHECK_FAILED(9, "molecule doctor: a check failed; plugins list: a plugin jar did not load"),
  ANSWERED_WITH_ERROR(10, "molecule send: the agent answered with an error");

  private final int code;
  private final String meaning;

  ExitCode(int code, String meaning) {
    this.code = code;
    this.meaning = meaning;
  }

  public int code() {
    return code;
  }

  public String meaning() {
    return meaning;
  }
}
