package ai.molecule.host.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;

/** The prompt on a pipe: one line at a time, no editing, no waiting line (it would only clutter a log). */
final class PlainConsole implements PromptConsole {

  private final BufferedReader in;
  private final PrintWriter out;

  PlainConsole(InputStream in, PrintWriter out) {
    this.in = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
    this.out = out;
  }

  @Override
  public String readLine(String prompt) throws IOException {
    synchronized (out) {
      out.print(prompt);
      out.flush();
    }
    return in.readLine();
  }

  @Override
  public void print(String text) {
    synchronized (out) {
      out.println(text);
      out.flush();
    }
  }

  @Override
  public void waiting(String text) {
    // nothing on a pipe
  }

  @Override
  public void stopWaiting() {
    // nothing on a pipe
  }

  @Override
  public void close() {
    out.flush();
  }
}
