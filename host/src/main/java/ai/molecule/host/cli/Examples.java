package ai.molecule.host.cli;

/** The heading of every command's examples, the last section of its {@code --help}. */
final class Examples {

  static final String HEADING = "%nExamples:%n";

  private Examples() {}
}
