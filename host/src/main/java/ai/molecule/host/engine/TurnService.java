package ai.molecule.host.engine;

import ai.molecule.host.ExitCode;
import ai.molecule.host.MoleculeException;
import ai.molecule.host.platform.AgentCard;
import ai.molecule.host.platform.Platform;
import ai.molecule.spi.Backend;
import ai.molecule.spi.InboundMessage;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.tinylog.Logger;

/**
 * A workspace's turns for a caller that brings its own messages (push mode): registration with the
 * caller's URL, heartbeats with true figures through long turns, conversation lanes with poll mode's
 * order and concurrency, and the backend call ({@link BackendCall}), whose outcome is handed back
 * instead of delivered. It claims the workspace's state (one process per workspace) and keeps the
 * month's spend in it.
 */
public final class TurnService implements AutoCloseable {

  private final EngineSettings settings;
  private final StateStore store;
  private final StopSignal signal;
  private final Registration registration;
  private final CursorState saved;
  private final Progress progress;
  private final WorkspaceStats stats;
  private final Heartbeat heartbeat;
  private final TurnTracker turns;
  private final ConversationLanes lanes;
  private final BackendCall backend;
  private final FileStore files;
  private final Clock clock;
  private final String baseUrl;
  private StateStore.Claim claim;

  /**
   * @param pushUrl the URL registered for push mode, asked for when registering (once the server listens)
   * @param inboundSecret told every {@code platform_inbound_secret} (register, each heartbeat)
   * @param observer told states, messages, heartbeats, and a "poll" per served call, as poll mode's engine tells them
   */
  public TurnService(Platform client, Backend backend, AgentCard card, Path stateDirectory,
      EngineSettings settings, Supplier<URI> pushUrl, Consumer<String> inboundSecret, WorkspaceObserver observer) {
    this(client, backend, card, stateDirectory, settings, pushUrl, inboundSecret, observer, Timing.system());
  }

  TurnService(Platform client, Backend backend, AgentCard card, Path stateDirectory, EngineSettings settings,
      Supplier<URI> pushUrl, Consumer<String> inboundSecret, WorkspaceObserver observer, Timing timing) {
    this.settings = settings;
    Clock clock = timing.clock();
    this.clock = clock;
    this.baseUrl = String.valueOf(client.config().baseUrl());
    this.signal = new StopSignal(timing);
    String workspaceId = client.config().workspaceId();
    this.store = new StateStore(stateDirectory, workspaceId, settings.rememberedMessages());
    RetryPolicy retry = RetryPolicy.of(new Backoff(settings.backoffBase(), settings.backoffCap()), clock,
        signal::sleep);
    this.registration = new Registration(client, card, retry, signal, stateDirectory.resolve(workspaceId + ".token"),
        pushUrl, inboundSecret);
    this.saved = store.load();
    this.progress = new Progress(store, saved, timing);
    MonthlySpend spend = new MonthlySpend(clock, saved.spend());
    progress.track(spend);
    this.stats = new WorkspaceStats(clock, spend, workspaceId, observer);
    this.heartbeat = new Heartbeat(client, stats, registration, signal, clock, settings.heartbeatInterval());
    this.turns = new TurnTracker(client, stats, heartbeat, signal, clock, settings.livenessInterval(),
        settings.turnLimit(), progress::touch);
    this.lanes = new ConversationLanes(settings.concurrency());
    this.backend = new BackendCall(client, backend, stats, turns, retry, signal, progress::touch, settings);
    this.files = new FileStore(settings.filesDirectory() != null ? settings.filesDirectory()
        : stateDirectory.resolve(workspaceId + ".files"), workspaceId, settings.maxUploadBytes());
  }

  /**
   * Claims the workspace, registers it (retrying within the start-up deadline) and starts heartbeating.
   *
   * @return {@code false} when a stop came first
   * @throws MoleculeException as the engine would end: a refused token, a platform that rejects the URL
   */
  public boolean start() throws MoleculeException {
    store.checkWritable();
    claim = store.lock();
    registration.useIssuedToken();
    stats.state(WorkspaceObserver.State.STARTING, "registering with " + baseUrl);
    if (!registration.register(settings.startupDeadline())) {
      return false;
    }
    stats.state(WorkspaceObserver.State.CONNECTED, "registered with " + baseUrl + " (push mode)");
    heartbeat.start();
    return true;
  }

  /** The files the platform calls {@code /workspace/}. */
  public FileStore files() {
    return files;
  }

  /** Whether the backend wants the platform's system turns (other than the liveness check). */
  public boolean acceptsSystemTurns() {
    return backend.acceptsSystemTurns();
  }

  /**
   * Runs a turn on {@code message} in its conversation's lane (after that conversation's earlier
   * messages, beside other conversations, at most {@code concurrency} at once).
   *
   * @return its outcome; {@link TurnOutcome.Nothing} when the service stopped before it ran or while it did
   */
  public CompletableFuture<TurnOutcome> submit(String lane, InboundMessage message) {
    CompletableFuture<TurnOutcome> outcome = new CompletableFuture<>();
    String description = message.sender().kind() == ai.molecule.spi.Sender.Kind.SYSTEM
        ? message.sender().displayName().orElse("a system turn") : Dispatcher.describe(message);
    try {
      lanes.submit(lane, () -> outcome.complete(signal.failure() != null ? new TurnOutcome.Nothing()
          : backend.call(message, description))).whenComplete((ran, refused) -> {
            if (refused != null) {
              outcome.complete(new TurnOutcome.Nothing());
            }
          });
    } catch (java.util.concurrent.RejectedExecutionException stopping) {
      outcome.complete(new TurnOutcome.Nothing());
    }
    return outcome;
  }

  /**
   * A message's turn, as {@link #submit} runs it, reported to the observer as poll mode reports one
   * (received, then answered, skipped, failed or abandoned); a served call counts as a poll.
   *
   * @param answered whether its answer goes to the sender ({@code false}: the loop guard's reply to us)
   */
  public CompletableFuture<TurnOutcome> submitMessage(InboundMessage message, boolean answered) {
    java.time.Instant started = clock.instant();
    WorkspaceObserver.MessageEvent event = stats.received(message);
    stats.polled(turns.inHand());
    return submit(message.conversationId(), message).whenComplete((outcome, failed) ->
        stats.finished(event, failed != null || outcome instanceof TurnOutcome.Failure
            ? WorkspaceObserver.Outcome.FAILED : outcome instanceof TurnOutcome.Nothing
            ? WorkspaceObserver.Outcome.ABANDONED : answered ? WorkspaceObserver.Outcome.ANSWERED
            : WorkspaceObserver.Outcome.SKIPPED, started));
  }

  /** The platform's liveness check: a task update says what is in hand, or that nothing is. */
  public void livenessCheck() {
    stats.polled(turns.inHand());
    turns.livenessCheck(true);
  }

  /** Messages being handled now (what the heartbeat's {@code active_tasks} says). */
  public int inHand() {
    return turns.inHand();
  }

  /** The failure that ended the service (a refused token, ...), or {@code null}. */
  public MoleculeException failure() {
    return signal.failure();
  }

  /**
   * Asks for an orderly stop: turns in hand go on (heartbeats too) until {@link #finish}; a backend
   * that asks its turn sees it cancelled, as in poll mode.
   */
  public void stop() {
    signal.stop();
  }

  /** Waits until {@link #stop()} is called or the service fails for good (a refused token, ...). */
  public void awaitStop() {
    while (signal.sleep(Duration.ofMinutes(1))) {
      // woken by the stop or a failure only
    }
  }

  /**
   * Lets the turns in hand finish within {@code grace} (heartbeats go on meanwhile), then stops
   * everything and saves the spend.
   *
   * @return whether every turn finished in time
   */
  public boolean finish(Duration grace) {
    boolean finished = lanes.shutdown(grace);
    if (!finished) {
      turns.cancelAll();
      Logger.warn("messages still in hand after {} s were interrupted", grace.toSeconds());
    }
    return finished;
  }

  @Override
  public void close() {
    signal.stop();
    lanes.shutdown(Duration.ZERO);
    turns.close();
    heartbeat.close();
    try {
      progress.saveNow();
    } catch (IOException e) {
      signal.fail(new MoleculeException(ExitCode.SOFTWARE, "cannot save the state to " + store.file() + " ("
          + e.getMessage() + ")", e));
    }
    if (claim != null) {
      claim.close();
    }
    stats.state(WorkspaceObserver.State.STOPPED, signal.failure() != null ? signal.failure().getMessage()
        : "asked to stop");
  }
}
