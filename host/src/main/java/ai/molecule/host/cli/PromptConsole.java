package ai.molecule.host.cli;

import java.io.IOException;

/**
 * Where the sandbox prompt reads lines and writes what it has to say: a terminal with line editing
 * and history, or plain lines on a pipe. Output may come from another thread (replies to the web
 * page) while a line is being typed; the console keeps the two apart.
 */
interface PromptConsole extends AutoCloseable {

  /** The next line, or null when the input has ended (Ctrl-D, end of the pipe). */
  String readLine(String prompt) throws IOException;

  /** Prints {@code text} as lines of its own, above the line being typed if there is one. */
  void print(String text);

  /** Shows that a reply is awaited (on a terminal; a pipe gets nothing), until {@link #stopWaiting()}. */
  void waiting(String text);

  void stopWaiting();

  @Override
  void close();
}
