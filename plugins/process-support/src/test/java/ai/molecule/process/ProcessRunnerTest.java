package ai.molecule.process;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.molecule.host.testing.Await;
import ai.molecule.spi.BackendException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProcessRunnerTest {

  private static final Duration TEN_SECONDS = Duration.ofSeconds(10);

  @TempDir Path dir;

  private final ProcessRunner runner = new ProcessRunner("the test command");

  @AfterEach
  void closeRunner() {
    runner.close();
  }

  @Test
  void capturesStdoutAndStderrApartWithTheExitCode() throws Exception {
    ProcessResult result = runner.run(sh("cat; echo oops >&2; exit 3", "hello", TEN_SECONDS));
    assertEquals(3, result.exitCode());
    assertEquals("hello", result.stdout());
    assertEquals("oops\n", result.stderr());
    assertFalse(result.stdoutOverflowed());
  }

  @Test
  void tapsTakeLinesAsTheyComeAndWhatTheyLeaveIsKept() throws Exception {
    List<String> events = new java.util.concurrent.CopyOnWriteArrayList<>();
    ProcessResult result = runner.run(sh("echo '{1}'; echo plain; echo 'note: a' >&2; echo oops >&2", "", TEN_SECONDS),
        line -> line.startsWith("{") && events.add(line),
        line -> line.startsWith("note: ") && events.add(line.substring(6)));
    assertEquals(0, result.exitCode());
    assertEquals("plain\n", result.stdout());
    assertEquals("oops\n", result.stderr());
    assertEquals(java.util.Set.of("{1}", "a"), java.util.Set.copyOf(events));
  }

  @Test
  void aTapThatFailsLeavesItsLinesAndTheReadingGoesOn() throws Exception {
    ProcessResult result = runner.run(sh("echo one; echo two", "", TEN_SECONDS), line -> {
      throw new IllegalStateException("a bug in the tap");
    }, LineTap.NONE);
    assertEquals("one\ntwo\n", result.stdout());
  }

  @Test
  void aTapThatHasHadEnoughStopsTheRunWhichEndsAsItExited() throws Exception {
    ProcessResult result = runner.run(sh("echo hopeless; echo never >&2; sleep 300", "", TEN_SECONDS), line -> {
      throw new LineTap.Enough("seen " + line);
    }, LineTap.NONE);
    assertTrue(result.exitCode() != 0, "stopped, not exited on its own");
    assertEquals("", result.stdout(), "the line it had enough of counts as taken");
  }

  @Test
  void aChattyChildNeverBlocksAndOnlyTheEndOfStderrIsKept() throws Exception {
    String script = "head -c 3000000 /dev/zero | tr '\\0' e >&2; head -c 3000000 /dev/zero | tr '\\0' o; echo last words >&2";
    ProcessResult result = runner.run(sh(script, "", TEN_SECONDS));
    assertEquals(0, result.exitCode());
    assertEquals(3_000_000, result.stdout().length());
    assertTrue(result.stderr().length() <= 8192, "stderr is bounded");
    assertTrue(result.stderr().endsWith("eeelast words\n"), "the end of stderr is kept");
    assertTrue(result.stderrTail().length() <= ProcessResult.QUOTED_STDERR + 3);
  }

  @Test
  void stdoutPastTheLimitIsCutAndFlagged() throws Exception {
    try (ProcessRunner small = new ProcessRunner("small", 10)) {
      ProcessResult result = small.run(sh("echo 0123456789abcdef", "", TEN_SECONDS));
      assertEquals("0123456789", result.stdout());
      assertTrue(result.stdoutOverflowed());
    }
  }

  @Test
  void aChildThatExitsWithoutReadingItsInputIsFine() throws Exception {
    ProcessResult result = runner.run(sh("echo done", "x".repeat(4 * 1024 * 1024), TEN_SECONDS));
    assertEquals(0, result.exitCode());
    assertEquals("done\n", result.stdout());
  }

  @Test
  void theEnvironmentIsExactlyTheOneGiven() throws Exception {
    var spec = new ProcessSpec(List.of("/bin/sh", "-c", "echo \"$ONLY_THIS:${HOME:-unset}\""), dir,
        java.util.Map.of("ONLY_THIS", "set", "PATH", System.getenv("PATH")), "", TEN_SECONDS);
    assertEquals("set:unset\n", runner.run(spec).stdout());
  }

  @Test
  void aTimeoutStopsTheChildAndTheProcessesItStarted() throws Exception {
    String script = "sleep 300 & echo $! > grandchild.pid; echo $$ > child.pid; echo started >&2; sleep 300";
    long begin = System.nanoTime();
    BackendException e = assertThrows(BackendException.class,
        () -> runner.run(sh(script, "", Duration.ofMillis(500))));
    assertTrue(e.retryable());
    // The shell may add "Terminated" for its killed child: only the start is certain.
    assertTrue(e.getMessage().startsWith(
        "the test command timed out after 500ms; it and its child processes were stopped; stderr: started"), e.getMessage());
    assertTrue(System.nanoTime() - begin < TimeUnit.SECONDS.toNanos(5), "stopped promptly");
    assertGone(pid("child.pid"));
    assertGone(pid("grandchild.pid"));
  }

  @Test
  void closingStopsTheRunningProcesses() throws Exception {
    CompletableFuture<ProcessResult> run = CompletableFuture.supplyAsync(() -> {
      try {
        return runner.run(sh("sleep 300 & echo $! > grandchild.pid; sleep 300", "", Duration.ofMinutes(5)));
      } catch (BackendException e) {
        throw new java.util.concurrent.CompletionException(e);
      }
    });
    Await.until("the child to start its own child", () -> Files.exists(dir.resolve("grandchild.pid")));
    long grandchild = pid("grandchild.pid");
    runner.close();
    ExecutionException failure = assertThrows(ExecutionException.class, () -> run.get(10, TimeUnit.SECONDS));
    BackendException e = (BackendException) failure.getCause();
    assertTrue(e.getMessage().startsWith("the test command was stopped: the backend is closing"), e.getMessage());
    assertGone(grandchild);
    BackendException later = assertThrows(BackendException.class, () -> runner.run(sh("true", "", TEN_SECONDS)));
    assertFalse(later.retryable());
  }

  @Test
  void anInterruptStopsTheChildAndKeepsTheInterruptFlag() throws Exception {
    Thread caller = Thread.currentThread();
    CompletableFuture<Void> interrupter = CompletableFuture.runAsync(() -> {
      Await.until("the child to start", () -> Files.exists(dir.resolve("child.pid")));
      caller.interrupt();
    });
    BackendException e = assertThrows(BackendException.class,
        () -> runner.run(sh("echo $$ > child.pid; sleep 300", "", Duration.ofMinutes(5))));
    assertTrue(Thread.interrupted(), "the interrupt flag is kept (and cleared here)");
    interrupter.get(10, TimeUnit.SECONDS);
    assertTrue(e.retryable());
    assertTrue(e.getMessage().contains("was interrupted"), e.getMessage());
    assertGone(pid("child.pid"));
  }

  @Test
  void aCommandThatCannotStartIsAPermanentFailure() {
    var spec = new ProcessSpec(List.of(dir.resolve("missing").toString()), dir, System.getenv(), "", TEN_SECONDS);
    BackendException e = assertThrows(BackendException.class, () -> runner.run(spec));
    assertFalse(e.retryable());
    assertTrue(e.getMessage().startsWith("cannot start the test command (" + dir.resolve("missing")), e.getMessage());
  }

  @Test
  void aFailureQuotesTheEndOfStderrOnOneLine() throws Exception {
    ProcessResult result = runner.run(sh("printf 'first\\n\\n  second  \\n' >&2; exit 1", "", TEN_SECONDS));
    BackendException e = result.failure("exited with code " + result.exitCode(), false);
    assertEquals("the test command exited with code 1; stderr: first | second", e.getMessage());
    assertFalse(e.retryable());
  }

  private ProcessSpec sh(String script, String stdin, Duration timeout) {
    return new ProcessSpec(List.of("/bin/sh", "-c", script), dir, System.getenv(), stdin, timeout);
  }

  private long pid(String file) throws Exception {
    Await.until(file, () -> {
      try {
        return Files.exists(dir.resolve(file)) && !Files.readString(dir.resolve(file)).isBlank();
      } catch (java.io.IOException e) {
        return false;
      }
    });
    return Long.parseLong(Files.readString(dir.resolve(file)).trim());
  }

  private static void assertGone(long pid) {
    assertFalse(ProcessTree.running(pid), "process " + pid + " is still running");
  }
}
