package ai.molecule.host.cli;

import picocli.CommandLine.Option;

/** {@code -v}/{@code --verbose}: debug logging and stack traces; {@code --log-format}: how lines are written. */
final class VerboseOption {

  @Option(names = "--log-format", paramLabel = "FORMAT", defaultValue = "text",
      description = "How log lines are written on stderr: text, or json, one object per line for log shippers "
          + "(env MOLECULE_LOG_FORMAT; config log_format; default: ${DEFAULT-VALUE}).")
  Logging.Format logFormat;

  @Option(names = {"-v", "--verbose"},
      description = "Debug logging and stack traces (env MOLECULE_LOG_LEVEL sets the level).")
  boolean verbose;
}
