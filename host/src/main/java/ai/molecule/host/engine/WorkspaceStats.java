package ai.molecule.host.engine;

import ai.molecule.host.platform.HeartbeatFigures;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The figures a heartbeat carries: uptime, messages in hand, and the error rate over a rolling
 * window. Only our own failures count (a backend error, a reply we could not send), not a sender's
 * bad input. Thread-safe.
 */
final class WorkspaceStats {

  private static final Duration WINDOW = Duration.ofSeconds(60);
  private static final int SAMPLE_LENGTH = 200;

  private record Outcome(Instant at, boolean failed) {}

  private final Clock clock;
  private final Instant started;
  private final Map<String, String> inHand = new ConcurrentHashMap<>();
  private final Deque<Outcome> outcomes = new ArrayDeque<>();
  private String sampleError = "";
  private final MonthlySpend spend;
  private volatile long generation = -1;
  private final String workspaceId;
  private final WorkspaceObserver observer;
  /** The state last told to the observer, so that only changes are told. */
  private WorkspaceObserver.State state;
  private long reportedCents = -1;

  WorkspaceStats(Clock clock, MonthlySpend spend) {
    this(clock, spend, "", WorkspaceObserver.NONE);
  }

  /** Figures that also tell {@code observer} what happens to workspace {@code workspaceId}. */
  WorkspaceStats(Clock clock, MonthlySpend spend, String workspaceId, WorkspaceObserver observer) {
    this.clock = clock;
    this.started = clock.instant();
    this.spend = spend;
    this.workspaceId = workspaceId;
    this.observer = observer;
  }

  /** A message is being handled; {@code description} is what the canvas shows as the current task. */
  void started(String messageId, String description) {
    inHand.put(messageId, description);
  }

  void succeeded(String messageId) {
    inHand.remove(messageId);
    record(false);
  }

  /** What the message in hand is doing now (the backend's progress): the canvas shows it. */
  void progress(String messageId, String description) {
    inHand.computeIfPresent(messageId, (id, old) -> description);
  }

  /** The spend the heartbeat reports. */
  MonthlySpend spend() {
    return spend;
  }

  /** The platform's newest {@code generation}, echoed as {@code observed_generation}. */
  void observedGeneration(long value) {
    if (value >= 0) {
      generation = value;
    }
  }

  void failed(String messageId, String error) {
    inHand.remove(messageId);
    failure(error);
  }

  /** A failure of ours that is no message in hand: a refused heartbeat, a reply given up. */
  void failure(String error) {
    record(true);
    synchronized (this) {
      sampleError = error.length() <= SAMPLE_LENGTH ? error : error.substring(0, SAMPLE_LENGTH) + "…";
    }
  }

  /** A message left unfinished by a stop: neither a success nor a failure. */
  void abandoned(String messageId) {
    inHand.remove(messageId);
  }

  synchronized HeartbeatFigures figures() {
    Instant now = clock.instant();
    prune(now);
    long cents = spend.cents();
    if (cents != reportedCents) {
      // Every heartbeat reads the spend: the observer hears of a change within one heartbeat.
      reportedCents = cents;
      observer.spend(workspaceId, cents);
    }
    long failures = outcomes.stream().filter(Outcome::failed).count();
    double rate = outcomes.isEmpty() ? 0.0 : (double) failures / outcomes.size();
    String current = inHand.values().stream().findFirst().orElse("");
    return new HeartbeatFigures(rate, failures == 0 ? "" : sampleError, inHand.size(),
        Duration.between(started, now).toSeconds(), current, spend.cents(), generation);
  }

  private synchronized void record(boolean failed) {
    Instant now = clock.instant();
    outcomes.addLast(new Outcome(now, failed));
    prune(now);
  }

  private void prune(Instant now) {
    Instant horizon = now.minus(WINDOW);
    while (!outcomes.isEmpty() && outcomes.peekFirst().at().isBefore(horizon)) {
      outcomes.removeFirst();
    }
  }

  // What the observer hears (WorkspaceObserver): the engine's classes report through here, bound to the workspace.

  /** A change of state, told only when it is one. */
  synchronized void state(WorkspaceObserver.State next, String reason) {
    if (next != state) {
      state = next;
      observer.stateChanged(workspaceId, next, reason);
    }
  }

  /** A request the platform answered: a workspace that was unreachable is back. */
  synchronized void reachable() {
    if (state == WorkspaceObserver.State.UNREACHABLE) {
      state(WorkspaceObserver.State.CONNECTED, "the platform answers again");
    }
  }

  /** A request the platform did not answer (network, 5xx, 429), after registering. */
  synchronized void unreachable(String reason) {
    if (state == WorkspaceObserver.State.CONNECTED) {
      state(WorkspaceObserver.State.UNREACHABLE, reason);
    }
  }

  void heartbeatAccepted() {
    observer.heartbeatAccepted(workspaceId);
    reachable();
  }

  void polled(int inHand) {
    observer.polled(workspaceId, inHand);
    reachable();
  }

  void deliveryFailed(String reason, boolean givenUp) {
    observer.deliveryFailed(workspaceId, reason, givenUp);
  }

  WorkspaceObserver.MessageEvent received(ai.molecule.spi.InboundMessage message) {
    WorkspaceObserver.MessageEvent event = new WorkspaceObserver.MessageEvent(workspaceId, message.messageId(),
        message.conversationId(), WorkspaceObserver.SenderKind.valueOf(message.sender().kind().name()));
    observer.messageReceived(event);
    return event;
  }

  void finished(WorkspaceObserver.MessageEvent message, WorkspaceObserver.Outcome outcome, Instant started) {
    observer.messageFinished(message, outcome, Duration.between(started, clock.instant()));
  }
}
