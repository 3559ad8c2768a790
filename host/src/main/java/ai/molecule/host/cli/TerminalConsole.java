package ai.molecule.host.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.jline.reader.EndOfFileException;
import org.jline.reader.LineReader;
import org.jline.reader.LineReaderBuilder;
import org.jline.reader.UserInterruptException;
import org.jline.reader.impl.DefaultParser;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;
import org.jline.utils.InfoCmp.Capability;

/**
 * The prompt on a terminal, through JLine: arrow keys, Home/End and the usual Emacs keys edit the
 * line, Up and Down walk the history (of this run only: messages are not written to disk), and
 * output from other threads is printed above the line being typed.
 */
final class TerminalConsole implements PromptConsole {

  private final Terminal terminal;
  private final LineReader reader;
  private final PrintWriter out;
  private final Colours colours;
  private String waiting;

  private TerminalConsole(Terminal terminal, Colours colours) {
    this.terminal = terminal;
    this.colours = colours;
    this.out = terminal.writer();
    // A message is text, not a shell line: no quotes, escapes or !history expansion to trip over.
    DefaultParser parser = new DefaultParser();
    parser.setEscapeChars(new char[0]);
    parser.setQuoteChars(new char[0]);
    this.reader = LineReaderBuilder.builder().terminal(terminal).parser(parser)
        .option(LineReader.Option.DISABLE_EVENT_EXPANSION, true)
        .option(LineReader.Option.AUTO_FRESH_LINE, true)
        .build();
  }

  /** A console on the process's terminal, or empty when there is no real one. */
  static Optional<PromptConsole> open(Colours colours) {
    try {
      // nativeSignals off: Ctrl-C stays the sandbox's orderly stop (StopSignals), not JLine's.
      Terminal terminal = TerminalBuilder.builder().system(true).nativeSignals(false).dumb(true)
          .encoding(StandardCharsets.UTF_8).build();
      if (Terminal.TYPE_DUMB.equals(terminal.getType()) || Terminal.TYPE_DUMB_COLOR.equals(terminal.getType())) {
        terminal.close();
        return Optional.empty();
      }
      return Optional.of(new TerminalConsole(terminal, colours));
    } catch (IOException | UncheckedIOException | IllegalStateException e) {
      return Optional.empty();
    }
  }

  @Override
  public String readLine(String prompt) {
    try {
      return reader.readLine(prompt);
    } catch (EndOfFileException | UserInterruptException e) {
      return null;
    }
  }

  @Override
  public synchronized void print(String text) {
    if (reader.isReading()) {
      reader.printAbove(text);
      return;
    }
    String shown = waiting;
    clearWaitingLine();
    out.println(text);
    if (shown != null) {
      waiting(shown);
    }
    out.flush();
  }

  @Override
  public synchronized void waiting(String text) {
    waiting = text;
    out.print(colours.faint(text));
    out.flush();
  }

  @Override
  public synchronized void stopWaiting() {
    clearWaitingLine();
    out.flush();
  }

  private void clearWaitingLine() {
    if (waiting != null) {
      terminal.puts(Capability.carriage_return);
      terminal.puts(Capability.clr_eol);
      waiting = null;
    }
  }

  @Override
  public void close() {
    try {
      terminal.close();
    } catch (IOException e) {
      // the terminal is being given back anyway; nothing useful to do
    }
  }
}
