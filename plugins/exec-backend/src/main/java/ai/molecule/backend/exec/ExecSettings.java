package ai.molecule.backend.exec;

import ai.molecule.process.ProcessOptions;
import ai.molecule.spi.BackendContext;
import ai.molecule.spi.BackendException;
import java.time.Duration;
import java.util.Locale;

/**
 * The exec backend's options, checked.
 *
 * @param command the shell command, run with {@code /bin/sh -c}
 * @param timeout how long one message may take
 * @param passMeta whether the message's ids go into {@code MOLECULE_*} variables
 * @param json whether stdin carries the whole message as JSON (and stdout may answer with parts)
 */
record ExecSettings(String command, Duration timeout, boolean passMeta, boolean json) {

  static final String CMD = "cmd";
  static final String FORMAT = "format";

  static ExecSettings from(BackendContext context) throws BackendException {
    return new ExecSettings(ProcessOptions.required(context, CMD), ProcessOptions.timeout(context),
        ProcessOptions.passMeta(context), json(ProcessOptions.required(context, FORMAT)));
  }

  private static boolean json(String format) throws BackendException {
    return switch (format.toLowerCase(Locale.ROOT)) {
      case "text" -> false;
      case "json" -> true;
      default -> throw BackendException.permanent("option format must be text or json, not '" + format + "'");
    };
  }
}
