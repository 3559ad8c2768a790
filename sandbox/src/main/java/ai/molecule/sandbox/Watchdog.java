package ai.molecule.sandbox;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The platform's stall watchdog and phantom-busy sweeper, read off the sandbox's clock at each
 * {@link #tick()} (the platform's 3- and 5-minute cadences are compressed to every tick).
 * Thread-safe.
 */
final class Watchdog {

  static final int STEPS_KEPT = 1000;

  /** The liveness checks of one workspace. */
  private static final class Probes {
    Instant lastCheckAt;
    boolean softRestarted;
  }

  private final WorkspaceBook workspaces;
  private final Mailroom mailroom;
  private final Watchdogs limits;
  private final Clock clock;
  private final Map<String, Probes> probes = new HashMap<>();
  private final Deque<WatchdogStep> steps = new ArrayDeque<>();

  Watchdog(WorkspaceBook workspaces, Mailroom mailroom, Watchdogs limits, Clock clock) {
    this.workspaces = workspaces;
    this.mailroom = mailroom;
    this.limits = limits;
    this.clock = clock;
  }

  /** Looks at every workspace once; the steps taken now. */
  synchronized List<WatchdogStep> tick() {
    Instant now = clock.instant();
    List<WatchdogStep> taken = new ArrayList<>();
    for (WorkspaceRecord workspace : workspaces.all()) {
      if (workspace.peer) {
        continue;
      }
      stall(workspace, now, taken);
      phantomBusy(workspace.id, now, taken);
    }
    return taken;
  }

  synchronized List<WatchdogStep> steps() {
    return new ArrayList<>(steps);
  }

  /**
   * Online, busy and no activity-path row for the stall limit: one liveness check; after
   * {@code softRestartAfter} still silent, a soft restart; the next check after the cooldown.
   */
  private void stall(WorkspaceRecord workspace, Instant now, List<WatchdogStep> taken) {
    if (workspace.activeTasks <= 0 || workspace.lastActivityAt == null
        || !WorkspaceStatus.ONLINE.equals(workspaces.status(workspace.id).status())) {
      return;
    }
    Probes p = probes.computeIfAbsent(workspace.id, id -> new Probes());
    Instant lastActivity = workspace.lastActivityAt;
    if (p.lastCheckAt != null && !p.softRestarted && !lastActivity.isAfter(p.lastCheckAt)
        && age(p.lastCheckAt, now).compareTo(limits.softRestartAfter()) >= 0) {
      p.softRestarted = true;
      add(new WatchdogStep(workspace.id, WatchdogStep.Kind.SOFT_RESTART, now, null), taken);
    }
    boolean cooled = p.lastCheckAt == null || age(p.lastCheckAt, now).compareTo(limits.stallCooldown()) >= 0;
    if (cooled && age(lastActivity, now).compareTo(limits.stallAfter()) >= 0) {
      long minutes = limits.stallAfter().toMinutes();
      FeedRow row = mailroom.systemTurn(workspace.id, "stall-probe-" + UUID.randomUUID(), "self-stall",
          "stall_probe", "Liveness check: you've had no recorded activity for over "
              + (minutes > 0 ? minutes + " minutes" : limits.stallAfter().toSeconds() + " seconds")
              + ". If a task is still running, post a task_update; otherwise nothing is needed.");
      p.lastCheckAt = now;
      p.softRestarted = false;
      add(new WatchdogStep(workspace.id, WatchdogStep.Kind.LIVENESS_CHECK, now, row.id()), taken);
    }
  }

  /** Busy and no row of any kind (notify included) for the limit: active_tasks 0 until the next heartbeat. */
  private void phantomBusy(String id, Instant now, List<WatchdogStep> taken) {
    WorkspaceRecord workspace = workspaces.require(id); // the liveness check may just have written a row
    if (workspace.activeTasks <= 0) {
      return;
    }
    Instant lastRow = workspace.lastRowAt;
    if (lastRow == null || age(lastRow, now).compareTo(limits.phantomBusyAfter()) >= 0) {
      workspaces.clearBusy(id);
      add(new WatchdogStep(id, WatchdogStep.Kind.PHANTOM_BUSY_RESET, now, null), taken);
    }
  }

  private void add(WatchdogStep step, List<WatchdogStep> taken) {
    taken.add(step);
    steps.addLast(step);
    while (steps.size() > STEPS_KEPT) {
      steps.removeFirst();
    }
  }

  private static Duration age(Instant since, Instant now) {
    return Duration.between(since, now);
  }
}
