package ai.molecule.host.engine;

import ai.molecule.host.PlatformFailure;
import ai.molecule.host.platform.Platform;
import ai.molecule.host.platform.PlatformException;
import ai.molecule.spi.Cost;
import ai.molecule.spi.Turn;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.tinylog.Logger;

/**
 * The one place that knows which turns are in hand. It feeds the heartbeat ({@code current_task},
 * {@code active_tasks}) through {@link WorkspaceStats}, turns a backend's progress into {@code
 * task_update} rows at a bounded rate, and keeps a long turn visibly alive: while any turn runs a
 * task update goes out at least every {@code livenessInterval}, so neither the platform's stall
 * watchdog (12 minutes) nor its phantom-busy sweeper (10 minutes) takes the agent for dead. Task
 * updates are posted from a thread of their own, never from a worker.
 */
final class TurnTracker implements AutoCloseable {

  /** The fewest seconds between two task updates carrying progress. */
  private static final Duration PROGRESS_SPACING = Duration.ofSeconds(30);
  private static final int LINE_LENGTH = 120;

  private final Platform client;
  private final WorkspaceStats stats;
  private final Heartbeat heartbeat;
  private final StopSignal signal;
  private final Clock clock;
  private final Duration livenessInterval;
  private final Duration turnLimit;
  private final Runnable spendChanged;
  private final Map<String, HostTurn> running = new ConcurrentHashMap<>();
  private final ScheduledExecutorService poster = Executors.newSingleThreadScheduledExecutor(runnable -> {
    Thread thread = new Thread(runnable, "molecule-liveness");
    thread.setDaemon(true);
    return thread;
  });
  private final AtomicBoolean postPending = new AtomicBoolean();
  private volatile Instant lastPosted = Instant.EPOCH;
  private volatile String pendingLine;

  TurnTracker(Platform client, WorkspaceStats stats, Heartbeat heartbeat, StopSignal signal, Clock clock,
      Duration livenessInterval, Duration turnLimit, Runnable spendChanged) {
    this.client = client;
    this.stats = stats;
    this.heartbeat = heartbeat;
    this.signal = signal;
    this.clock = clock;
    this.livenessInterval = livenessInterval;
    this.turnLimit = turnLimit;
    this.spendChanged = spendChanged;
    long check = Math.max(1000, Math.min(livenessInterval.toMillis() / 4, 30_000));
    poster.scheduleWithFixedDelay(this::keepAlive, check, check, TimeUnit.MILLISECONDS);
  }

  /** A message's turn begins: the heartbeat says so at once. */
  HostTurn begin(String messageId, String description) {
    HostTurn turn = new HostTurn(messageId, clock.instant(), clock.instant().plus(turnLimit));
    running.put(messageId, turn);
    stats.started(messageId, description);
    heartbeat.nudge();
    return turn;
  }

  /** The platform's liveness check arrived: a task update if a turn is running, else a log line. */
  void livenessCheck() {
    livenessCheck(false);
  }

  /**
   * The platform's liveness check arrived: a task update if a turn is running; when idle, one too if
   * {@code reportIdle} (push mode answers the check, and the update is what the canvas shows), else a log line.
   */
  void livenessCheck(boolean reportIdle) {
    if (running.isEmpty() && reportIdle) {
      Logger.info("the platform asked whether this agent is alive; nothing is in hand, reporting that");
      pendingLine = "alive: no message in hand";
      schedulePost(Duration.ZERO);
      return;
    }
    if (running.isEmpty()) {
      Logger.info("the platform asked whether this agent is alive; nothing is in hand, so nothing to report");
      return;
    }
    Logger.info("the platform asked whether this agent is alive; reporting the turn in hand");
    pendingLine = stillWorking();
    schedulePost(Duration.ZERO);
  }

  int inHand() {
    return running.size();
  }

  /** Cancels every running turn (the engine is giving up on them). */
  void cancelAll() {
    running.values().forEach(turn -> turn.cancelled = true);
  }

  @Override
  public void close() {
    poster.shutdownNow();
  }

  private void keepAlive() {
    if (running.isEmpty()) {
      return;
    }
    if (Duration.between(lastPosted, clock.instant()).compareTo(livenessInterval) >= 0) {
      pendingLine = pendingLine == null ? stillWorking() : pendingLine;
      schedulePost(Duration.ZERO);
    }
  }

  private String stillWorking() {
    HostTurn oldest = running.values().stream().min((a, b) -> a.started.compareTo(b.started)).orElse(null);
    long minutes = oldest == null ? 0 : Duration.between(oldest.started, clock.instant()).toMinutes();
    String current = oldest == null || oldest.line == null ? "" : ": " + oldest.line;
    return "still working (" + minutes + " min)" + current;
  }

  /** Posts the pending line after {@code delay}; requests in between coalesce into one post. */
  private void schedulePost(Duration delay) {
    if (!postPending.compareAndSet(false, true)) {
      return;
    }
    try {
      poster.schedule(this::post, delay.toMillis(), TimeUnit.MILLISECONDS);
    } catch (java.util.concurrent.RejectedExecutionException closed) {
      postPending.set(false);
    }
  }

  private void post() {
    postPending.set(false);
    String line = pendingLine;
    pendingLine = null;
    if (line == null || signal.failure() != null) {
      return;
    }
    lastPosted = clock.instant();
    try {
      client.taskUpdate(line);
    } catch (PlatformException e) {
      if (e.kind() == PlatformException.Kind.AUTH) {
        signal.fail(PlatformFailure.exit(e));
      } else {
        Logger.warn("could not post a task update: {}", e.getMessage());
      }
    } catch (RuntimeException e) {
      Logger.error(e, "posting a task update failed unexpectedly");
    }
  }

  private static String oneLine(String text) {
    String line = text.strip().replaceAll("\\s+", " ");
    return line.length() <= LINE_LENGTH ? line : line.substring(0, LINE_LENGTH - 1) + "…";
  }

  /** The host's side of one turn, handed to the backend. */
  final class HostTurn implements Turn {
    private final String messageId;
    private final Instant started;
    private final Instant deadline;
    private volatile String line;
    private volatile boolean cancelled;
    private volatile boolean ended;

    private HostTurn(String messageId, Instant started, Instant deadline) {
      this.messageId = messageId;
      this.started = started;
      this.deadline = deadline;
    }

    @Override
    public void progress(String text) {
      if (text == null || text.isBlank() || ended) {
        return;
      }
      line = oneLine(text);
      stats.progress(messageId, line);
      heartbeat.nudge();
      pendingLine = line;
      Duration since = Duration.between(lastPosted, clock.instant());
      schedulePost(since.compareTo(PROGRESS_SPACING) >= 0 ? Duration.ZERO : PROGRESS_SPACING.minus(since));
    }

    @Override
    public Instant deadline() {
      return deadline;
    }

    @Override
    public boolean isCancelled() {
      return cancelled || signal.isStopped() || !clock.instant().isBefore(deadline);
    }

    @Override
    public void reportCost(Cost cost) {
      if (cost == null) {
        return;
      }
      if (!Cost.USD.equals(cost.currency())) {
        Logger.warn("message {}: a cost in {} cannot be added to the spend, which the platform keeps in USD",
            messageId, cost.currency());
        return;
      }
      stats.spend().add(cost.amount());
      spendChanged.run();
    }

    /** The turn is over: its progress stops counting, the heartbeat says so at once. */
    void end() {
      ended = true;
      running.remove(messageId, this);
      heartbeat.nudge();
    }
  }
}
