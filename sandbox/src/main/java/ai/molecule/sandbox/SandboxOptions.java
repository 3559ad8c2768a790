package ai.molecule.sandbox;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;

/**
 * How to run a sandbox. Start from {@link #defaults()} and change what you need with the
 * {@code with...} methods.
 *
 * @param port the loopback port; 0 picks a free one
 * @param orgId when set, platform requests other than register and heartbeat need
 *     {@code X-Molecule-Org-Id: <orgId>}, as on hosted platforms: without it 400
 *     {@code TENANT_ORG_HEADER_REQUIRED}, with another value an empty 404; {@code null} for none
 * @param rateLimitPerMinute platform requests per minute per bucket (org header, else token, else
 *     client address) in fixed windows before a 429; 0 for no limit
 * @param maxBodyBytes the largest request body; larger ones get a 413
 * @param stateDir a directory to keep the state in across restarts, or {@code null} to keep it in
 *     memory only
 * @param clock the time the sandbox goes by: heartbeat age, row times, the rate limit. Tests move
 *     it forward instead of waiting.
 * @param threads the most requests handled at once (event streams have threads of their own)
 * @param watchdogs the liveness limits: awaiting_agent, the stall watchdog, the phantom-busy sweeper
 * @param tiedTimestamps whether rows written at the same clock instant share their {@code created_at}
 *     (as rows written in one Postgres transaction do), so readers must order ties by {@code seq};
 *     otherwise every row gets a later microsecond than the one before
 * @param tickEvery how often, in real time, the watchdogs and the retention prune look at the clock;
 *     {@code null} or zero for never (a test then calls {@link SandboxPlatform#tick()})
 */
public record SandboxOptions(
    int port, String orgId, int rateLimitPerMinute, long maxBodyBytes, Path stateDir, Clock clock, int threads,
    Watchdogs watchdogs, boolean tiedTimestamps, Duration tickEvery) {

  /** The platform's default rate limit. */
  public static final int DEFAULT_RATE_LIMIT_PER_MINUTE = 600;
  /** The body limit of current platforms. */
  public static final long DEFAULT_MAX_BODY_BYTES = 16L * 1024 * 1024;
  public static final int DEFAULT_THREADS = 16;
  /** How often the watchdogs look at the clock by default. */
  public static final Duration DEFAULT_TICK = Duration.ofSeconds(1);

  public SandboxOptions {
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("port must be 0 to 65535, not " + port);
    }
    if (rateLimitPerMinute < 0) {
      throw new IllegalArgumentException("rateLimitPerMinute must be 0 (no limit) or more");
    }
    if (maxBodyBytes < 1024 || maxBodyBytes > Integer.MAX_VALUE - 16) {
      throw new IllegalArgumentException("maxBodyBytes must be between 1 KiB and 2 GiB");
    }
    if (threads < 2) {
      throw new IllegalArgumentException("threads must be 2 or more");
    }
    Objects.requireNonNull(clock, "clock");
    watchdogs = watchdogs == null ? Watchdogs.defaults() : watchdogs;
    tickEvery = tickEvery == null || tickEvery.isNegative() ? Duration.ZERO : tickEvery;
    orgId = orgId == null || orgId.isBlank() ? null : orgId.strip();
  }

  /** The options of earlier versions, with the default watchdogs and ticks. */
  public SandboxOptions(
      int port, String orgId, int rateLimitPerMinute, long maxBodyBytes, Path stateDir, Clock clock, int threads) {
    this(port, orgId, rateLimitPerMinute, maxBodyBytes, stateDir, clock, threads, Watchdogs.defaults(), false,
        DEFAULT_TICK);
  }

  /** Any free port, no org id, 600 requests a minute, 16 MiB bodies, in memory, the system clock. */
  public static SandboxOptions defaults() {
    return new SandboxOptions(0, null, DEFAULT_RATE_LIMIT_PER_MINUTE, DEFAULT_MAX_BODY_BYTES, null,
        Clock.systemUTC(), DEFAULT_THREADS, Watchdogs.defaults(), false, DEFAULT_TICK);
  }

  public SandboxOptions withPort(int newPort) {
    return new SandboxOptions(newPort, orgId, rateLimitPerMinute, maxBodyBytes, stateDir, clock, threads,
        watchdogs, tiedTimestamps, tickEvery);
  }

  public SandboxOptions withOrgId(String newOrgId) {
    return new SandboxOptions(port, newOrgId, rateLimitPerMinute, maxBodyBytes, stateDir, clock, threads,
        watchdogs, tiedTimestamps, tickEvery);
  }

  public SandboxOptions withRateLimitPerMinute(int perMinute) {
    return new SandboxOptions(port, orgId, perMinute, maxBodyBytes, stateDir, clock, threads,
        watchdogs, tiedTimestamps, tickEvery);
  }

  public SandboxOptions withMaxBodyBytes(long bytes) {
    return new SandboxOptions(port, orgId, rateLimitPerMinute, bytes, stateDir, clock, threads,
        watchdogs, tiedTimestamps, tickEvery);
  }

  public SandboxOptions withStateDir(Path directory) {
    return new SandboxOptions(port, orgId, rateLimitPerMinute, maxBodyBytes, directory, clock, threads,
        watchdogs, tiedTimestamps, tickEvery);
  }

  public SandboxOptions withClock(Clock newClock) {
    return new SandboxOptions(port, orgId, rateLimitPerMinute, maxBodyBytes, stateDir, newClock, threads,
        watchdogs, tiedTimestamps, tickEvery);
  }

  public SandboxOptions withWatchdogs(Watchdogs newWatchdogs) {
    return new SandboxOptions(port, orgId, rateLimitPerMinute, maxBodyBytes, stateDir, clock, threads, newWatchdogs,
        tiedTimestamps, tickEvery);
  }

  public SandboxOptions withTiedTimestamps(boolean tied) {
    return new SandboxOptions(port, orgId, rateLimitPerMinute, maxBodyBytes, stateDir, clock, threads, watchdogs,
        tied, tickEvery);
  }

  public SandboxOptions withTickEvery(Duration every) {
    return new SandboxOptions(port, orgId, rateLimitPerMinute, maxBodyBytes, stateDir, clock, threads, watchdogs,
        tiedTimestamps, every);
  }

  public SandboxOptions withThreads(int newThreads) {
    return new SandboxOptions(port, orgId, rateLimitPerMinute, maxBodyBytes, stateDir, clock, newThreads,
        watchdogs, tiedTimestamps, tickEvery);
  }
}
