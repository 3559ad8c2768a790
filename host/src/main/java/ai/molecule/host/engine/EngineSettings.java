package ai.molecule.host.engine;

import java.time.Duration;

/**
 * How the engine paces itself. {@link #defaults()} is what {@code molecule connect} uses unless told
 * otherwise; tests shrink the delays.
 *
 * @param pollInterval wait between polls when idle
 * @param heartbeatInterval wait between heartbeats
 * @param firstPollWindow with no cursor, read only rows this recent (a week is kept; do not replay it)
 * @param pageSize rows asked for per poll
 * @param backendAttempts tries of a message whose handling fails with a retryable error
 * @param backoffBase first retry delay; it doubles per attempt, with jitter
 * @param backoffCap longest retry delay
 * @param registerAttempts tries of the start-up registration before giving up as unreachable
 * @param maxPageBytes largest activity page read into memory
 * @param rememberedMessages handled message ids kept with the cursor, against re-delivery
 * @param grace how long in-flight work may finish after a stop is asked for
 */
public record EngineSettings(
    Duration pollInterval,
    Duration heartbeatInterval,
    Duration firstPollWindow,
    int pageSize,
    int backendAttempts,
    Duration backoffBase,
    Duration backoffCap,
    int registerAttempts,
    long maxPageBytes,
    int rememberedMessages,
    Duration grace) {

  public static EngineSettings defaults() {
    return new EngineSettings(Duration.ofSeconds(1), Duration.ofSeconds(30), Duration.ofSeconds(60), 100, 3,
        Duration.ofMillis(500), Duration.ofSeconds(60), 8, 32L * 1024 * 1024, 4096, Duration.ofSeconds(30));
  }

  public EngineSettings withPollInterval(Duration value) {
    return new EngineSettings(value, heartbeatInterval, firstPollWindow, pageSize, backendAttempts, backoffBase,
        backoffCap, registerAttempts, maxPageBytes, rememberedMessages, grace);
  }

  public EngineSettings withHeartbeatInterval(Duration value) {
    return new EngineSettings(pollInterval, value, firstPollWindow, pageSize, backendAttempts, backoffBase,
        backoffCap, registerAttempts, maxPageBytes, rememberedMessages, grace);
  }

  public EngineSettings withFirstPollWindow(Duration value) {
    return new EngineSettings(pollInterval, heartbeatInterval, value, pageSize, backendAttempts, backoffBase,
        backoffCap, registerAttempts, maxPageBytes, rememberedMessages, grace);
  }

  public EngineSettings withBackoff(Duration base, Duration cap) {
    return new EngineSettings(pollInterval, heartbeatInterval, firstPollWindow, pageSize, backendAttempts, base,
        cap, registerAttempts, maxPageBytes, rememberedMessages, grace);
  }

  public EngineSettings withPageSize(int value) {
    return new EngineSettings(pollInterval, heartbeatInterval, firstPollWindow, value, backendAttempts, backoffBase,
        backoffCap, registerAttempts, maxPageBytes, rememberedMessages, grace);
  }

  public EngineSettings withMaxPageBytes(long value) {
    return new EngineSettings(pollInterval, heartbeatInterval, firstPollWindow, pageSize, backendAttempts, backoffBase,
        backoffCap, registerAttempts, value, rememberedMessages, grace);
  }
}
