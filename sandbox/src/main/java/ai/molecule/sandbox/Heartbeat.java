package ai.molecule.sandbox;

import com.google.gson.JsonObject;
import java.time.Instant;

/**
 * One heartbeat a workspace sent, every field as received (absent ones as zero values).
 *
 * @param errorRate the agent's failures per message over its window, 0 to 1
 * @param sampleError one recent error, or empty
 * @param activeTasks messages being handled
 * @param uptimeSeconds since the agent's process started
 * @param currentTask what the agent works on now, empty when idle
 * @param runtimeState empty when healthy
 * @param monthlySpend {@code monthly_spend} as sent: whole cents this calendar month, 0 when not sent
 * @param runtimeMetadata {@code runtime_metadata} as sent, or {@code null}
 * @param receivedAt when the sandbox received it
 * @param isBusy {@code is_busy} as sent, or {@code null} when absent (the platform then uses
 *     {@code active_tasks > 0})
 * @param observedGeneration {@code observed_generation} as sent, 0 when absent
 */
public record Heartbeat(
    double errorRate,
    String sampleError,
    int activeTasks,
    long uptimeSeconds,
    String currentTask,
    String runtimeState,
    long monthlySpend,
    JsonObject runtimeMetadata,
    Instant receivedAt,
    Boolean isBusy,
    long observedGeneration) {

  /** A heartbeat without the optional {@code is_busy} and {@code observed_generation}. */
  public Heartbeat(double errorRate, String sampleError, int activeTasks, long uptimeSeconds, String currentTask,
      String runtimeState, long monthlySpend, JsonObject runtimeMetadata, Instant receivedAt) {
    this(errorRate, sampleError, activeTasks, uptimeSeconds, currentTask, runtimeState, monthlySpend,
        runtimeMetadata, receivedAt, null, 0);
  }

  /** Busy as the platform reads it: {@code is_busy} when sent, else {@code active_tasks > 0}. */
  public boolean busy() {
    return isBusy != null ? isBusy : activeTasks > 0;
  }

  /** Whether {@code runtime_metadata.capabilities.status_mgmt} is true: the error-rate rule is off. */
  public boolean managesItsOwnStatus() {
    JsonObject capabilities = Json.object(runtimeMetadata, "capabilities");
    return capabilities != null && capabilities.has("status_mgmt")
        && capabilities.get("status_mgmt").isJsonPrimitive()
        && capabilities.get("status_mgmt").getAsJsonPrimitive().isBoolean()
        && capabilities.get("status_mgmt").getAsBoolean();
  }
}
