package ai.molecule.host.cli;

import picocli.CommandLine.Option;

/** {@code -v}/{@code --verbose}: debug logging and stack traces. */
final class VerboseOption {

  @Option(names = {"-v", "--verbose"},
      description = "Debug logging and stack traces (env MOLECULE_LOG_LEVEL sets the level).")
  boolean verbose;
}
