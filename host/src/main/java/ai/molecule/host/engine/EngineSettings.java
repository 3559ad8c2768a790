package ai.molecule.host.engine;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * How the engine paces itself. {@link #defaults()} is what {@code molecule connect} uses unless told
 * otherwise; tests shrink the delays through {@link #toBuilder()}.
 *
 * @param pollInterval wait between polls when idle
 * @param busyPollInterval wait between polls for a while after a message arrived (never above
 *     {@code pollInterval}), so a conversation in progress is answered quickly
 * @param busyWindow how long after the last message the quick polling lasts
 * @param heartbeatInterval wait between heartbeats
 * @param firstPollWindow with no cursor, read only rows this recent (a week is kept; do not replay it)
 * @param pageSize rows asked for per poll
 * @param concurrency conversations handled at the same time
 * @param backendAttempts tries of a message whose handling fails with a retryable error
 * @param backoffBase first retry delay; it doubles per attempt, with jitter
 * @param backoffCap longest retry delay
 * @param registerAttempts tries of the start-up registration before giving up as unreachable
 * @param giveUpAfter end the process when the platform has been unreachable this long; {@code
 *     null} to keep trying
 * @param maxPageBytes largest activity page read into memory
 * @param rememberedMessages handled message ids kept with the cursor, against re-delivery
 * @param grace how long messages in hand may finish after a stop is asked for
 * @param replyPatience how long a reply the platform keeps refusing for now (5xx, 429, network) is
 *     retried before it is given up, so one unreachable sender never holds its conversation forever
 * @param filesDirectory where uploads from the canvas are stored for the backend (its data directory), and the only
 *     place a reply's files may be uploaded from; {@code null}: a directory beside the state
 * @param genericErrors answer a backend's failure with a fixed sentence instead of its own message (when messages
 *     may leak internals)
 * @param rateShare the largest share of the platform's rate budget this process spends
 * @param startupDeadline how long start-up (probe and register) may take in all before giving up as unreachable
 * @param maxUploadBytes the largest inbound upload fetched
 * @param deliveryConcurrency replies being delivered at the same time (a push-mode peer may hold one for 30 minutes)
 * @param livenessInterval while a turn runs, a task update at least this often (the platform sweeps a busy workspace
 *     silent for 10 minutes)
 * @param turnLimit the deadline a backend gets for one turn
 * @param requireCursors refuse a platform too old to keep cursors (exit 7)
 * @param events keep the platform's event stream open and read a message as soon as it is announced
 * @param idleInterval with the event stream open, the wait between safety polls
 * @param peerAnswersToBackend a push-mode peer's synchronous answer to our reply goes to the backend
 *     as the peer's next message (a turn, which a paid backend charges for); {@code false}: it is
 *     only logged
 */
public record EngineSettings(
    Duration pollInterval,
    Duration busyPollInterval,
    Duration busyWindow,
    Duration heartbeatInterval,
    Duration firstPollWindow,
    int pageSize,
    int concurrency,
    int backendAttempts,
    Duration backoffBase,
    Duration backoffCap,
    int registerAttempts,
    Duration giveUpAfter,
    long maxPageBytes,
    int rememberedMessages,
    Duration grace,
    Duration replyPatience,
    Path filesDirectory,
    boolean genericErrors,
    double rateShare,
    Duration startupDeadline,
    long maxUploadBytes,
    int deliveryConcurrency,
    Duration livenessInterval,
    Duration turnLimit,
    boolean requireCursors,
    boolean events,
    Duration idleInterval,
    boolean peerAnswersToBackend) {

  public EngineSettings {
    Objects.requireNonNull(pollInterval, "pollInterval");
    busyPollInterval = busyPollInterval.compareTo(pollInterval) > 0 ? pollInterval : busyPollInterval;
    if (concurrency < 1 || pageSize < 1 || backendAttempts < 1 || registerAttempts < 1) {
      throw new IllegalArgumentException("concurrency, page size and attempts must be at least 1");
    }
    if (firstPollWindow.toSeconds() < 1) {
      // since_secs=0 would mean no bound at all: a week of old messages.
      throw new IllegalArgumentException("the first poll window must be at least 1 s");
    }
  }

  public static EngineSettings defaults() {
    // Quick polling at 200 ms is 300 polls a minute: half the platform's default rate limit.
    return new EngineSettings(Duration.ofSeconds(1), Duration.ofMillis(200), Duration.ofSeconds(10),
        Duration.ofSeconds(30), Duration.ofSeconds(60), 100, 4, 3, Duration.ofMillis(500), Duration.ofSeconds(60),
        8, null, 32L * 1024 * 1024, 4096, Duration.ofSeconds(30), Duration.ofMinutes(10),
        null, false, 0.2, Duration.ofSeconds(60), 100L * 1024 * 1024, 8, Duration.ofMinutes(4), Duration.ofHours(1), true, true, Duration.ofSeconds(30), true);
  }

  public Builder toBuilder() {
    return new Builder(this);
  }

  /** Changes some settings, keeping the rest. */
  public static final class Builder {
    private Duration pollInterval;
    private Duration busyPollInterval;
    private Duration busyWindow;
    private Duration heartbeatInterval;
    private Duration firstPollWindow;
    private int pageSize;
    private int concurrency;
    private int backendAttempts;
    private Duration backoffBase;
    private Duration backoffCap;
    private int registerAttempts;
    private Duration giveUpAfter;
    private long maxPageBytes;
    private int rememberedMessages;
    private Duration grace;
    private Duration replyPatience;
    private Path filesDirectory;
    private boolean genericErrors;
    private double rateShare;
    private Duration startupDeadline;
    private long maxUploadBytes;
    private int deliveryConcurrency;
    private Duration livenessInterval;
    private Duration turnLimit;
    private boolean requireCursors;
    private boolean events;
    private Duration idleInterval;
    private boolean peerAnswersToBackend;

    private Builder(EngineSettings s) {
      pollInterval = s.pollInterval;
      busyPollInterval = s.busyPollInterval;
      busyWindow = s.busyWindow;
      heartbeatInterval = s.heartbeatInterval;
      firstPollWindow = s.firstPollWindow;
      pageSize = s.pageSize;
      concurrency = s.concurrency;
      backendAttempts = s.backendAttempts;
      backoffBase = s.backoffBase;
      backoffCap = s.backoffCap;
      registerAttempts = s.registerAttempts;
      giveUpAfter = s.giveUpAfter;
      maxPageBytes = s.maxPageBytes;
      rememberedMessages = s.rememberedMessages;
      grace = s.grace;
      replyPatience = s.replyPatience;
      filesDirectory = s.filesDirectory;
      genericErrors = s.genericErrors;
      rateShare = s.rateShare;
      startupDeadline = s.startupDeadline;
      maxUploadBytes = s.maxUploadBytes;
      deliveryConcurrency = s.deliveryConcurrency;
      livenessInterval = s.livenessInterval;
      turnLimit = s.turnLimit;
      requireCursors = s.requireCursors;
      events = s.events;
      idleInterval = s.idleInterval;
      peerAnswersToBackend = s.peerAnswersToBackend;
    }

    public Builder pollInterval(Duration value) {
      pollInterval = value;
      return this;
    }

    public Builder busyPolling(Duration interval, Duration window) {
      busyPollInterval = interval;
      busyWindow = window;
      return this;
    }

    public Builder heartbeatInterval(Duration value) {
      heartbeatInterval = value;
      return this;
    }

    public Builder firstPollWindow(Duration value) {
      firstPollWindow = value;
      return this;
    }

    public Builder pageSize(int value) {
      pageSize = value;
      return this;
    }

    public Builder concurrency(int value) {
      concurrency = value;
      return this;
    }

    public Builder backendAttempts(int value) {
      backendAttempts = value;
      return this;
    }

    public Builder backoff(Duration base, Duration cap) {
      backoffBase = base;
      backoffCap = cap;
      return this;
    }

    public Builder registerAttempts(int value) {
      registerAttempts = value;
      return this;
    }

    public Builder giveUpAfter(Duration value) {
      giveUpAfter = value;
      return this;
    }

    public Builder maxPageBytes(long value) {
      maxPageBytes = value;
      return this;
    }

    public Builder rememberedMessages(int value) {
      rememberedMessages = value;
      return this;
    }

    public Builder grace(Duration value) {
      grace = value;
      return this;
    }

    public Builder replyPatience(Duration value) {
      replyPatience = value;
      return this;
    }

    public Builder filesDirectory(Path value) {
      filesDirectory = value;
      return this;
    }

    public Builder genericErrors(boolean value) {
      genericErrors = value;
      return this;
    }

    public Builder rateShare(double value) {
      rateShare = value;
      return this;
    }

    public Builder startupDeadline(Duration value) {
      startupDeadline = value;
      return this;
    }

    public Builder maxUploadBytes(long value) {
      maxUploadBytes = value;
      return this;
    }

    public Builder deliveryConcurrency(int value) {
      deliveryConcurrency = value;
      return this;
    }

    public Builder livenessInterval(Duration value) {
      livenessInterval = value;
      return this;
    }

    public Builder turnLimit(Duration value) {
      turnLimit = value;
      return this;
    }

    public Builder requireCursors(boolean value) {
      requireCursors = value;
      return this;
    }

    public Builder events(boolean value) {
      events = value;
      return this;
    }

    public Builder idleInterval(Duration value) {
      idleInterval = value;
      return this;
    }

    public Builder peerAnswersToBackend(boolean value) {
      peerAnswersToBackend = value;
      return this;
    }

    public EngineSettings build() {
      return new EngineSettings(pollInterval, busyPollInterval, busyWindow, heartbeatInterval, firstPollWindow,
          pageSize, concurrency, backendAttempts, backoffBase, backoffCap, registerAttempts, giveUpAfter,
          maxPageBytes, rememberedMessages, grace, replyPatience, filesDirectory, genericErrors, rateShare, startupDeadline, maxUploadBytes, deliveryConcurrency, livenessInterval, turnLimit, requireCursors, events, idleInterval, peerAnswersToBackend);
    }
  }
}
