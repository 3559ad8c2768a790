package ai.molecule.dist;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import ai.molecule.sandbox.RequiredTool;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The sandbox prompt in a real terminal (tmux), from the built distribution: the arrow keys edit
 * the line, Up recalls the last message, and /help prints help without sending anything.
 */
class SandboxPromptTerminalTest {

  private static final Duration SOON = Duration.ofSeconds(30);
  /** The prompt with nothing typed yet (tmux leaves out trailing spaces). */
  private static final String PROMPT = ">";

  @TempDir Path home;

  @Test
  void theArrowKeysEditUpRecallsAndHelpSendsNothing() throws Exception {
    Path tmux = RequiredTool.require("tmux", RequiredTool.onPath("tmux"), "Debian: apt-get install tmux");
    Distribution molecule = new Distribution(home).with("TERM", "xterm-256color");
    Path exit = home.resolve("exit-code");
    try (Tmux terminal = Tmux.start(tmux, molecule,
        molecule.launcher() + " sandbox --backend echo; echo $? > " + exit)) {
      // Keys go in only once the prompt is drawn: before that the terminal is not in raw mode yet.
      terminal.awaitLastLine(PROMPT, SOON);

      terminal.type("hllo");
      terminal.press("Left", "Left", "Left");
      terminal.type("e");
      terminal.press("Enter");
      terminal.awaitLine("echo \\(\\d+ ms\\): hello", SOON);
      terminal.awaitLastLine(PROMPT, SOON);

      terminal.press("Up");
      terminal.awaitLastLine("> hello", SOON); // the last message, back on the line being typed
      terminal.type(" again");
      terminal.press("Enter");
      terminal.awaitLine("echo \\(\\d+ ms\\): hello again", SOON);
      terminal.awaitLastLine(PROMPT, SOON);

      terminal.type("/help");
      terminal.press("Enter");
      terminal.awaitLine("  /help +this help \\(nothing is sent\\)", SOON);
      terminal.awaitLastLine(PROMPT, SOON);
      // Messages are answered in order: had /help been sent, its reply would come before this one's.
      terminal.type("last");
      terminal.press("Enter");
      String screen = terminal.awaitLine("echo \\(\\d+ ms\\): last", SOON);
      terminal.awaitLastLine(PROMPT, SOON);
      assertEquals(3, screen.lines().filter(line -> line.matches("echo \\(\\d+ ms\\): .*")).count(), screen);
      assertFalse(screen.contains("ms): /help"), screen);

      terminal.type("/quit");
      terminal.press("Enter");
      long deadline = System.nanoTime() + SOON.toNanos();
      while (!Files.exists(exit) || Files.readString(exit).isBlank()) {
        if (System.nanoTime() > deadline) {
          throw new AssertionError("the sandbox did not end on /quit; screen:\n" + terminal.screen());
        }
        TimeUnit.MILLISECONDS.sleep(50);
      }
      assertEquals("0", Files.readString(exit).strip());
    }
  }
}
