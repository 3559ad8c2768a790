package ai.molecule.sandbox;

import java.time.Instant;

/**
 * One step the platform's watchdogs took for a workspace.
 *
 * @param workspaceId the workspace
 * @param kind what was done
 * @param at on the sandbox's clock
 * @param rowId the liveness check's feed row, or {@code null} for other steps
 */
public record WatchdogStep(String workspaceId, Kind kind, Instant at, String rowId) {

  /** The watchdogs' steps. */
  public enum Kind {
    /** The stall watchdog wrote a liveness check ({@code self-stall}) into the feed. */
    LIVENESS_CHECK,
    /** A liveness check went unanswered: a soft restart, which does nothing for an external workspace. */
    SOFT_RESTART,
    /** The phantom-busy sweeper set active_tasks to 0 and current_task to "". */
    PHANTOM_BUSY_RESET
  }
}
