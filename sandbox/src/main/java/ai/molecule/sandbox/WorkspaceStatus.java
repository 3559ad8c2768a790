package ai.molecule.sandbox;

import com.google.gson.JsonObject;
import java.time.Instant;

/**
 * How a workspace looks to the operator.
 *
 * @param id the workspace id
 * @param name its name
 * @param status {@value #AWAITING_AGENT} until an agent registers or heartbeats and again after
 *     {@link Watchdogs#awaitingAgentAfter()} (180 s) without a heartbeat, else {@value #ONLINE} or
 *     {@value #DEGRADED} ({@code error_rate >= 0.5} or {@code runtime_state} {@code "wedged"},
 *     until a heartbeat reports under 0.1 with an empty {@code runtime_state})
 * @param peer whether it is the sandbox's own peer workspace
 * @param registered whether an agent has registered it
 * @param deliveryMode {@code poll} (the only mode an agent can register with here)
 * @param agentCard the agent card from the last register or update-card, or {@code null}
 * @param lastSeen the last register or heartbeat, or {@code null}
 * @param heartbeat the last heartbeat as received, or {@code null}
 * @param heartbeats how many heartbeats arrived
 * @param activeTasks the platform's {@code active_tasks}: the last heartbeat's, or 0 after the
 *     phantom-busy sweeper reset it (until the next heartbeat)
 * @param currentTask the platform's {@code current_task}, likewise
 * @param monthlySpendCents the spend this month, in cents, from {@code monthly_spend}
 * @param generation what heartbeat and register answers carry as {@code generation}
 * @param lastActivityAt the last row written through the activity path, or {@code null}
 * @param hasLiveToken whether the workspace has a token (false after {@code revokeTokens})
 */
public record WorkspaceStatus(
    String id,
    String name,
    String status,
    boolean peer,
    boolean registered,
    String deliveryMode,
    JsonObject agentCard,
    Instant lastSeen,
    Heartbeat heartbeat,
    long heartbeats,
    int activeTasks,
    String currentTask,
    long monthlySpendCents,
    long generation,
    Instant lastActivityAt,
    boolean hasLiveToken) {

  public static final String AWAITING_AGENT = "awaiting_agent";
  public static final String ONLINE = "online";
  public static final String DEGRADED = "degraded";
  /** Removed by the operator ({@link SandboxPlatform#removeWorkspace}). */
  public static final String REMOVED = "removed";
  /**
   * No longer used: the platform sweeps a silent external workspace to {@value #AWAITING_AGENT}.
   * Kept so that code comparing against it still compiles.
   */
  public static final String OFFLINE = "offline";
}
