package ai.molecule.host.fleet;

import ai.molecule.host.ExitCode;
import ai.molecule.host.MoleculeException;
import ai.molecule.host.engine.Engine;
import ai.molecule.host.engine.WorkspaceObserver;
import ai.molecule.host.engine.WorkspaceObserver.State;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.ThreadLocalRandom;
import org.tinylog.Logger;

/**
 * One workspace of a fleet, on a thread of its own (its engine's poll loop runs there): starts the
 * engine, and when it ends with a failure, deals with it here so that no other workspace notices.
 * A refused token parks it once its token file, read again, holds the same token; it comes back
 * when the file changes, or on {@link #revive()} (SIGHUP). Any other failure (a backend that
 * cannot start, a platform that refuses or cannot be reached) is retried with doubling waits.
 */
final class WorkspaceRunner {

  private static final Duration RETRY_FIRST = Duration.ofSeconds(5);
  private static final Duration RETRY_CAP = Duration.ofMinutes(5);

  private final WorkspacePlan plan;
  private final WorkspaceLauncher launcher;
  private final WorkspaceObserver observer;
  /** What the engine is given: the observer, and this runner's note of its state. */
  private final WorkspaceObserver engineObserver;
  private final java.util.function.Consumer<String> forget;
  private final Duration tokenCheck;
  private final WorkspaceRunner predecessor;
  private final Thread thread;
  private final Object lock = new Object();
  private boolean stopping;
  private boolean woken;
  private boolean removed;
  private Engine engine;
  /** The state last told (the operator's views keep the rest): a SIGHUP wakes only a parked one. */
  private volatile State state = State.STARTING;

  /**
   * @param observer hears every state change, the engine's own and the fleet's (parked, stopped)
   * @param tokenCheck how often a parked workspace looks at its token file
   * @param predecessor the runner this one replaces (a changed workspace): its engine must have
   *     ended, and released the state file's lock, before this one starts; or {@code null}
   * @param forget told the workspace's id once it has ended after {@link #remove()}: the operator's
   *     views drop it then, when no event of its can bring it back
   */
  WorkspaceRunner(WorkspacePlan plan, WorkspaceLauncher launcher, WorkspaceObserver observer,
      Duration tokenCheck, WorkspaceRunner predecessor, java.util.function.Consumer<String> forget) {
    this.plan = plan;
    this.launcher = launcher;
    this.observer = observer;
    this.engineObserver = WorkspaceObserver.all(java.util.List.of(new WorkspaceObserver() {
      @Override
      public void stateChanged(String workspaceId, State now, String reason) {
        state = now;
      }
    }, observer));
    this.tokenCheck = tokenCheck;
    this.predecessor = predecessor;
    this.forget = forget;
    this.thread = new Thread(this::run, "molecule-workspace-" + plan.name());
  }

  WorkspacePlan plan() {
    return plan;
  }

  void start() {
    thread.start();
  }

  /** Asks it to stop: the engine lets the messages in hand finish (its grace period). */
  void stop() {
    synchronized (lock) {
      stopping = true;
      lock.notifyAll();
      if (engine != null) {
        engine.stop();
      }
    }
  }

  /** Stops it for good (no longer in the serve file): once ended, the operator's views forget it. */
  void remove() {
    synchronized (lock) {
      removed = true;
    }
    stop();
  }

  /** A parked workspace tries again now (the operator sent SIGHUP); others are left alone. */
  void revive() {
    synchronized (lock) {
      if (state == State.PARKED) {
        woken = true;
        lock.notifyAll();
      }
    }
  }

  /** Waits for the thread to end; false when it has not within {@code wait}. */
  boolean await(Duration wait) throws InterruptedException {
    thread.join(Math.max(1, wait.toMillis()));
    return !thread.isAlive();
  }

  private void run() {
    if (predecessor != null) {
      awaitPredecessor();
    }
    int failures = 0;
    int restarts = 0;
    boolean engineSaidStopped = false;
    while (!isStopping()) {
      byte[] token = tokenText();
      record(State.STARTING, restarts == 0 ? "" : "started again");
      MoleculeException failure = runOnce();
      if (failure == null || isStopping()) {
        engineSaidStopped = state == State.STOPPED;
        break;
      }
      restarts++;
      observer.restarted(plan.workspaceId(), restarts);
      if (failure.exitCode() == ExitCode.AUTH) {
        failures = 0;
        if (!Arrays.equals(token, tokenText())) {
          Logger.info("workspace {}: the token was refused, and its token file {} holds a new one: starting again",
              plan.name(), plan.tokenFile());
          continue;
        }
        String why = failure.getMessage() + "; parked until " + plan.tokenFile() + " changes, or SIGHUP";
        Logger.error("workspace {}: {}", plan.name(), why);
        record(State.PARKED, why);
        awaitNewToken(token);
      } else {
        failures++;
        Duration wait = retryWait(failures);
        String why = failure.getMessage() + " (exit " + failure.exitCode().code() + "); starting again in "
            + wait.toSeconds() + " s";
        Logger.error("workspace {}: {}", plan.name(), why);
        record(failure.exitCode() == ExitCode.UNREACHABLE ? State.UNREACHABLE : State.STOPPED, why);
        pause(wait);
      }
    }
    if (!engineSaidStopped) {
      // Stopped while parked or waiting to start again; an engine that ran to its stop said so itself.
      record(State.STOPPED, "stopped");
    }
    synchronized (lock) {
      if (removed) {
        forget.accept(plan.workspaceId());
      }
    }
  }

  /** Runs the engine once; the failure it ended with, or {@code null} when it was stopped. */
  private MoleculeException runOnce() {
    WorkspaceLauncher.Launched launched;
    try {
      launched = launcher.launch(plan, engineObserver);
    } catch (MoleculeException e) {
      return e;
    } catch (RuntimeException e) {
      Logger.error(e, "workspace {} failed to start", plan.name());
      return new MoleculeException(ExitCode.SOFTWARE, "failed to start: " + e, e);
    }
    try {
      synchronized (lock) {
        if (stopping) {
          return null;
        }
        engine = launched.engine();
      }
      launched.engine().run();
      return null;
    } catch (MoleculeException e) {
      return e;
    } catch (RuntimeException e) {
      Logger.error(e, "workspace {} failed", plan.name());
      return new MoleculeException(ExitCode.SOFTWARE, "failed: " + e, e);
    } finally {
      synchronized (lock) {
        engine = null;
      }
      try {
        launched.resources().close();
      } catch (Exception e) {
        Logger.warn("workspace {}: closing its backend failed: {}", plan.name(), e.getMessage());
      }
    }
  }

  private void awaitPredecessor() {
    try {
      while (!predecessor.await(Duration.ofSeconds(5))) {
        Logger.info("workspace {}: waiting for its previous engine to finish the messages in hand", plan.name());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      stop();
    }
  }

  /** Parked: looks at the token file now and then, until it changes, SIGHUP wakes it, or a stop. */
  private void awaitNewToken(byte[] refused) {
    synchronized (lock) {
      woken = false;
      while (!stopping && !woken) {
        try {
          lock.wait(Math.max(1, tokenCheck.toMillis()));
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          stopping = true;
          return;
        }
        if (!Arrays.equals(refused, tokenText())) {
          Logger.info("workspace {}: its token file {} changed: starting again", plan.name(), plan.tokenFile());
          return;
        }
      }
    }
  }

  private void pause(Duration wait) {
    long until = System.nanoTime() + wait.toNanos();
    synchronized (lock) {
      for (long left; !stopping && (left = until - System.nanoTime()) > 0; ) {
        try {
          lock.wait(Math.max(1, left / 1_000_000));
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          stopping = true;
        }
      }
    }
  }

  private boolean isStopping() {
    synchronized (lock) {
      return stopping;
    }
  }

  /** The token file as it is now (stripped), to tell a new token from the refused one; empty when unreadable. */
  private byte[] tokenText() {
    try {
      return new String(Files.readAllBytes(plan.tokenFile()), java.nio.charset.StandardCharsets.UTF_8).strip()
          .getBytes(java.nio.charset.StandardCharsets.UTF_8);
    } catch (IOException e) {
      return new byte[0];
    }
  }

  /** Doubling from 5 s to 5 min, with jitter, so a fleet that failed together does not retry together. */
  private static Duration retryWait(int failures) {
    long millis = Math.min(RETRY_CAP.toMillis(), RETRY_FIRST.toMillis() << Math.min(failures - 1, 10));
    return Duration.ofMillis(millis / 2 + ThreadLocalRandom.current().nextLong(millis / 2 + 1));
  }

  /** A state change of the fleet's own (starting, parked, retrying, stopped): told. */
  private void record(State now, String reason) {
    state = now;
    observer.stateChanged(plan.workspaceId(), now, reason == null ? "" : reason);
  }
}
