package ai.molecule.sandbox;

import com.google.gson.JsonObject;
import java.time.Instant;

/**
 * How a workspace looks to the operator.
 *
 * @param id the workspace id
 * @param name its name
 * @param status {@value #AWAITING_AGENT} until an agent registers, then {@value #ONLINE},
 *     {@value #DEGRADED} (a heartbeat reported {@code error_rate >= 0.5}, until one reports under
 *     0.1 with an empty {@code runtime_state}), or {@value #OFFLINE} (no register or heartbeat for
 *     90 s)
 * @param peer whether it is the sandbox's own peer workspace
 * @param registered whether an agent has registered it
 * @param deliveryMode {@code poll} (the only mode the sandbox delivers in)
 * @param agentCard the agent card from the last register or update-card, or {@code null}
 * @param lastSeen the last register or heartbeat, or {@code null}
 * @param heartbeat the last heartbeat, or {@code null}
 * @param heartbeats how many heartbeats arrived
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
    long heartbeats) {

  public static final String AWAITING_AGENT = "awaiting_agent";
  public static final String ONLINE = "online";
  public static final String DEGRADED = "degraded";
  public static final String OFFLINE = "offline";
}
