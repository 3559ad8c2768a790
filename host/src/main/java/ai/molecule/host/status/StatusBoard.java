package ai.molecule.host.status;

import ai.molecule.host.engine.WorkspaceObserver;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Keeps each workspace's state and last heartbeat and poll from the engines' events: a {@link
 * StatusView} any number of engines (one for {@code connect}, a fleet for {@code serve}) feed.
 */
public final class StatusBoard implements WorkspaceObserver, StatusView {

  private record Entry(State state, String reason, Instant since, Instant lastHeartbeat, Instant lastPoll,
      int restarts) {}

  private final Clock clock;
  private final Duration heartbeatLimit;
  private final Map<String, Entry> entries = new ConcurrentHashMap<>();

  /**
   * @param heartbeatLimit how old the last accepted heartbeat may be before a workspace counts as
   *     not heartbeating: a few heartbeat intervals, below the platform's 90 s offline sweep
   */
  public StatusBoard(Clock clock, Duration heartbeatLimit) {
    this.clock = clock;
    this.heartbeatLimit = heartbeatLimit;
  }

  /** The limit {@code connect} uses for a heartbeat interval: two of them and a request's deadline. */
  public static Duration heartbeatLimit(Duration heartbeatInterval) {
    return heartbeatInterval.multipliedBy(2).plusSeconds(10);
  }

  @Override
  public void stateChanged(String workspaceId, State state, String reason) {
    Instant now = clock.instant();
    entries.compute(workspaceId, (id, old) -> old == null
        ? new Entry(state, reason, now, null, null, 0)
        // The same state again (a reason that changed) keeps its since: how long it has been so.
        : new Entry(state, reason, old.state() == state ? old.since() : now, old.lastHeartbeat(), old.lastPoll(),
            old.restarts()));
  }

  @Override
  public void heartbeatAccepted(String workspaceId) {
    Instant now = clock.instant();
    entries.computeIfPresent(workspaceId, (id, old) -> new Entry(old.state(), old.reason(), old.since(), now,
        old.lastPoll(), old.restarts()));
  }

  @Override
  public void polled(String workspaceId, int inHand) {
    Instant now = clock.instant();
    entries.computeIfPresent(workspaceId, (id, old) -> new Entry(old.state(), old.reason(), old.since(),
        old.lastHeartbeat(), now, old.restarts()));
  }

  @Override
  public void restarted(String workspaceId, int restarts) {
    entries.computeIfPresent(workspaceId, (id, old) -> new Entry(old.state(), old.reason(), old.since(),
        old.lastHeartbeat(), old.lastPoll(), restarts));
  }

  /** A workspace no longer served (removed from {@code serve}'s file): it leaves the view. */
  public void forget(String workspaceId) {
    entries.remove(workspaceId);
  }

  @Override
  public List<WorkspaceStatus> workspaces() {
    return entries.entrySet().stream()
        .map(e -> new WorkspaceStatus(e.getKey(), e.getValue().state(), e.getValue().reason(), e.getValue().since(),
            e.getValue().lastHeartbeat(), e.getValue().lastPoll(), heartbeatLimit, e.getValue().restarts()))
        .sorted(Comparator.comparing(WorkspaceStatus::workspaceId))
        .toList();
  }
}
