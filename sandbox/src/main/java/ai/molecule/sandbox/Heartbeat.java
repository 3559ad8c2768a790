package ai.molecule.sandbox;

import com.google.gson.JsonObject;
import java.time.Instant;

/**
 * The last heartbeat a workspace sent, every field as received (absent ones as zero values).
 *
 * @param errorRate the agent's failures per message over its window, 0 to 1
 * @param sampleError one recent error, or empty
 * @param activeTasks messages being handled
 * @param uptimeSeconds since the agent's process started
 * @param currentTask what the agent works on now, empty when idle
 * @param runtimeState empty when healthy
 * @param monthlySpend the cost a backend reports, 0 when not sent
 * @param runtimeMetadata {@code runtime_metadata} as sent, or {@code null}
 * @param receivedAt when the sandbox received it
 */
public record Heartbeat(
    double errorRate,
    String sampleError,
    int activeTasks,
    long uptimeSeconds,
    String currentTask,
    String runtimeState,
    double monthlySpend,
    JsonObject runtimeMetadata,
    Instant receivedAt) {}
