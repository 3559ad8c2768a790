package ai.molecule.process;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Stops a process and everything it started: children first, so none is left running when its
 * parent is gone, then the process itself; SIGTERM, then SIGKILL for whatever outlives a grace period.
 */
public final class ProcessTree {

  private static final long POLL_MILLIS = 20;
  /** SIGKILL cannot be refused; this only covers the moment the kernel takes. */
  private static final Duration KILL_WAIT = Duration.ofSeconds(1);

  private ProcessTree() {}

  /**
   * Stops {@code process} and its descendants, waiting up to {@code grace} for them to end on SIGTERM
   * before killing the rest. Returns when none of them runs any more.
   */
  public static void kill(ProcessHandle process, Duration grace) {
    // Taken before anything dies: an orphan is re-parented and no longer listed as a descendant.
    List<ProcessHandle> tree = new ArrayList<>(process.descendants().toList());
    Collections.reverse(tree); // breadth-first from the process: reversed, the deepest go first
    tree.add(process);
    tree.forEach(ProcessHandle::destroy);
    awaitEnd(tree, grace);
    if (process.isAlive()) {
      tree.addAll(process.descendants().toList()); // started during the grace period
    }
    tree.stream().filter(ProcessTree::running).forEach(ProcessHandle::destroyForcibly);
    awaitEnd(tree, KILL_WAIT);
  }

  /** {@link #kill(ProcessHandle, Duration)} for a process this JVM started, which it also waits for. */
  public static void kill(Process process, Duration grace) {
    kill(process.toHandle(), grace);
    try {
      process.waitFor(KILL_WAIT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Whether the process with this id still runs. */
  public static boolean running(long pid) {
    return ProcessHandle.of(pid).map(ProcessTree::running).orElse(false);
  }

  /**
   * Whether the process still runs. A zombie does not: it has ended and only waits to be reaped,
   * which may never happen for an orphan where the init process does not reap (some containers),
   * yet {@link ProcessHandle#isAlive()} counts it as alive.
   */
  public static boolean running(ProcessHandle process) {
    return process.isAlive() && !zombie(process.pid());
  }

  private static boolean zombie(long pid) {
    Path stat = Path.of("/proc", Long.toString(pid), "stat");
    try {
      // "pid (command) S ...": the state follows the last ')', as the command may hold any character.
      String text = Files.readString(stat, StandardCharsets.ISO_8859_1);
      int end = text.lastIndexOf(')');
      return end > 0 && end + 2 < text.length() && text.charAt(end + 2) == 'Z';
    } catch (IOException | RuntimeException e) {
      return false; // no /proc (not Linux) or the process is gone: isAlive() has the last word
    }
  }

  /** Waits until none of them runs, for up to {@code timeout}; returns early when interrupted. */
  private static void awaitEnd(List<ProcessHandle> tree, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (tree.stream().anyMatch(ProcessTree::running) && System.nanoTime() < deadline) {
      if (!pause()) {
        return;
      }
    }
  }

  private static boolean pause() {
    try {
      Thread.sleep(POLL_MILLIS);
      return true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }
}
