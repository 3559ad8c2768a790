package ai.molecule.dist;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A terminal for a test: a detached tmux session on a server of its own (its own socket, so a
 * developer's tmux is never touched), keys typed into it and its screen read back.
 */
final class Tmux implements AutoCloseable {

  private final Path tmux;
  private final String socket = "molecule-test-" + UUID.randomUUID();
  private final Distribution distribution;

  private Tmux(Path tmux, Distribution distribution) {
    this.tmux = tmux;
    this.distribution = distribution;
  }

  /** Runs {@code shellCommand} in a new 120x40 terminal, with the distribution's environment. */
  static Tmux start(Path tmux, Distribution distribution, String shellCommand) throws IOException, InterruptedException {
    Tmux terminal = new Tmux(tmux, distribution);
    terminal.run("new-session", "-d", "-x", "120", "-y", "40", shellCommand);
    return terminal;
  }

  /** Types text as it is (no key names). */
  void type(String text) throws IOException, InterruptedException {
    run("send-keys", "-t", "0", "-l", text);
  }

  /** Presses keys by tmux's names: Enter, Left, Up, C-d... */
  void press(String... keys) throws IOException, InterruptedException {
    List<String> arguments = new ArrayList<>(List.of("send-keys", "-t", "0"));
    arguments.addAll(List.of(keys));
    run(arguments.toArray(String[]::new));
  }

  /** What the terminal shows now. */
  String screen() throws IOException, InterruptedException {
    return run("capture-pane", "-p", "-t", "0");
  }

  /** Waits until the screen has a line matching {@code regex}; returns the screen. */
  String awaitLine(String regex, Duration timeout) throws IOException, InterruptedException {
    return await(regex, timeout, screen -> screen.lines().anyMatch(line -> line.matches(regex)));
  }

  /** Waits until the last line with anything on it matches {@code regex} (a prompt waiting for keys). */
  String awaitLastLine(String regex, Duration timeout) throws IOException, InterruptedException {
    return await(regex, timeout, screen -> screen.lines().filter(line -> !line.isBlank())
        .reduce((first, second) -> second).orElse("").matches(regex));
  }

  private String await(String regex, Duration timeout, Predicate<String> done)
      throws IOException, InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      String screen = screen();
      if (done.test(screen)) {
        return screen;
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError("no line matching '" + regex + "' within " + timeout.toMillis() + " ms; screen:\n" + screen);
      }
      TimeUnit.MILLISECONDS.sleep(50); // a poll with a deadline: tmux has nothing to wait on
    }
  }

  private String run(String... arguments) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of(tmux.toString(), "-L", socket));
    command.addAll(List.of(arguments));
    Process process = distribution.processBuilder(command).redirectErrorStream(true).start();
    process.getOutputStream().close();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!process.waitFor(10, TimeUnit.SECONDS) || process.exitValue() != 0) {
      process.destroyForcibly();
      throw new IOException("tmux " + String.join(" ", arguments) + " failed: " + output);
    }
    return output;
  }

  /** Ends the session and its server, whatever still runs in it. */
  @Override
  public void close() throws IOException, InterruptedException {
    List<String> command = List.of(tmux.toString(), "-L", socket, "kill-server");
    Process process = distribution.processBuilder(command).redirectErrorStream(true).start();
    process.getInputStream().readAllBytes(); // "no server running" when the session already ended
    process.waitFor(10, TimeUnit.SECONDS);
  }
}
