package ai.molecule.backend.exec;

import ai.molecule.process.ProcessBackendProvider;
import ai.molecule.process.ProcessOptions;
import ai.molecule.spi.Backend;
import ai.molecule.spi.BackendContext;
import ai.molecule.spi.BackendException;
import ai.molecule.spi.BackendInfo;
import ai.molecule.spi.OptionSpec;
import java.util.List;
import java.util.Map;

/**
 * Declares the {@code exec} backend: an operator-given shell command answers each message. Listed
 * in META-INF/services so the host finds it.
 */
public final class ExecBackendProvider extends ProcessBackendProvider {

  private static final BackendInfo INFO = new BackendInfo(
      "exec",
      "Answers with a shell command of yours: the message on its stdin, the reply from its stdout.",
      List.of(
          OptionSpec.required(ExecSettings.CMD, "the command, run with /bin/sh -c for each message"),
          ProcessOptions.timeoutSpec("60s"),
          ProcessOptions.passMetaSpec(),
          OptionSpec.optional(ExecSettings.FORMAT,
              "text: the message text on stdin; json: the whole message as JSON, and a {\"parts\":[...]} answer",
              "text")));

  /** The provider the host instantiates: the command runs with molecule's environment. */
  public ExecBackendProvider() {
    this(System.getenv());
  }

  /** A provider whose commands run with this environment (for tests). */
  ExecBackendProvider(Map<String, String> environment) {
    super(INFO, environment);
  }

  @Override
  public Backend create(BackendContext context) throws BackendException {
    return new ExecBackend(ExecSettings.from(context), environment());
  }
}
