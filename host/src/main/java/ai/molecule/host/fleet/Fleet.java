package ai.molecule.host.fleet;

import ai.molecule.host.engine.WorkspaceObserver;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.tinylog.Logger;

/**
 * The workspaces of a {@code serve} process: each on a {@link WorkspaceRunner} of its own, so one
 * failing never stops another. {@link #apply} brings the running set to a new serve file's: added
 * workspaces start, removed ones stop gracefully (their messages in hand finish), changed ones
 * restart, unchanged ones are left alone (a parked one tries again).
 */
public final class Fleet implements AutoCloseable {

  private final WorkspaceLauncher launcher;
  private final WorkspaceObserver observer;
  private final Duration tokenCheck;
  private final Consumer<String> forget;
  private final Map<String, WorkspaceRunner> running = new LinkedHashMap<>();
  /** Runners asked to stop that may still be finishing their messages. */
  private final List<WorkspaceRunner> stopping = new ArrayList<>();

  /**
   * @param observer hears every workspace's state changes (the operator's views); may be {@link WorkspaceObserver#NONE}
   * @param tokenCheck how often a parked workspace looks whether its token file changed
   * @param forget told a removed workspace's id once it has stopped (the operator's views drop it)
   */
  public Fleet(WorkspaceLauncher launcher, WorkspaceObserver observer, Duration tokenCheck,
      Consumer<String> forget) {
    this.launcher = launcher;
    this.observer = observer;
    this.tokenCheck = tokenCheck;
    this.forget = forget;
  }

  /** What a reload changed, by workspace name. */
  public record Changes(List<String> added, List<String> removed, List<String> restarted, List<String> unchanged) {}

  /** Brings the running set to {@code plans} (in that order); returns what changed. */
  public synchronized Changes apply(List<WorkspacePlan> plans) {
    Map<String, WorkspacePlan> wanted = new LinkedHashMap<>();
    plans.forEach(plan -> wanted.put(plan.name(), plan));
    Set<String> wantedIds = new HashSet<>();
    plans.forEach(plan -> wantedIds.add(plan.workspaceId()));
    List<String> added = new ArrayList<>();
    List<String> removed = new ArrayList<>();
    List<String> restarted = new ArrayList<>();
    List<String> unchanged = new ArrayList<>();
    Map<String, WorkspaceRunner> leaving = new LinkedHashMap<>();
    // One removed by an earlier reload may still be finishing its messages: a new one waits for it too.
    stopping.forEach(runner -> leaving.put(runner.plan().workspaceId(), runner));
    for (WorkspaceRunner runner : running.values()) {
      WorkspacePlan plan = wanted.get(runner.plan().name());
      if (plan == null || !plan.equals(runner.plan())) {
        if (wantedIds.contains(runner.plan().workspaceId())) {
          runner.stop();
        } else {
          runner.remove();
        }
        stopping.add(runner);
        leaving.put(runner.plan().workspaceId(), runner);
        (plan == null ? removed : restarted).add(runner.plan().name());
      }
    }
    Map<String, WorkspaceRunner> next = new LinkedHashMap<>();
    for (WorkspacePlan plan : wanted.values()) {
      WorkspaceRunner current = running.get(plan.name());
      if (current != null && plan.equals(current.plan())) {
        current.revive();
        next.put(plan.name(), current);
        unchanged.add(plan.name());
        continue;
      }
      // The one it replaces (same workspace, maybe renamed) must release the state file first.
      WorkspaceRunner runner = new WorkspaceRunner(plan, launcher, observer, tokenCheck,
          leaving.get(plan.workspaceId()), forget);
      next.put(plan.name(), runner);
      if (current == null) {
        added.add(plan.name());
      }
      runner.start();
    }
    running.clear();
    running.putAll(next);
    stopping.removeIf(runner -> {
      try {
        return runner.await(Duration.ZERO);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      }
    });
    Changes changes = new Changes(added, removed, restarted, unchanged);
    Logger.info("serving {} workspaces: {} added, {} removed, {} restarted, {} unchanged", running.size(),
        added.size(), removed.size(), restarted.size(), unchanged.size());
    return changes;
  }

  /** How many workspaces the serve file in force has. */
  public synchronized int size() {
    return running.size();
  }

  /**
   * Stops every workspace and waits for them, each letting its messages in hand finish.
   *
   * @return false when some had not ended within {@code wait}
   */
  public boolean stopAll(Duration wait) throws InterruptedException {
    List<WorkspaceRunner> all;
    synchronized (this) {
      all = new ArrayList<>(running.values());
      all.addAll(stopping);
    }
    all.forEach(WorkspaceRunner::stop);
    long until = System.nanoTime() + wait.toNanos();
    boolean ended = true;
    for (WorkspaceRunner runner : all) {
      ended &= runner.await(Duration.ofNanos(Math.max(1_000_000, until - System.nanoTime())));
    }
    return ended;
  }

  @Override
  public void close() throws InterruptedException {
    stopAll(Duration.ofMinutes(1));
  }
}
