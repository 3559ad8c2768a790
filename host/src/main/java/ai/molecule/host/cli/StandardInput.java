package ai.molecule.host.cli;

import java.io.InputStream;

/**
 * The process's standard input, and whether a person types at it: {@code send} reads a message
 * from a pipe, and the sandbox prompt edits lines only on a terminal.
 *
 * @param stream the bytes
 * @param terminal whether it is a terminal (then nothing is read from it unasked)
 */
record StandardInput(InputStream stream, boolean terminal) {

  /** {@code System.in}; a terminal when the JVM has a console (standard input and output both are one). */
  static StandardInput system() {
    return new StandardInput(System.in, System.console() != null);
  }
}
