package ai.molecule.sandbox;

import com.google.gson.JsonObject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The workspaces, their tokens, registrations and heartbeats. Thread-safe. */
final class WorkspaceBook {

  /** The platform sweeps a workspace offline after this long without a heartbeat. */
  static final Duration OFFLINE_AFTER = Duration.ofSeconds(90);

  private final Map<String, WorkspaceRecord> byId = new LinkedHashMap<>();
  private final Map<String, String> idByToken = new HashMap<>();
  private final Clock clock;
  private final Runnable changed;

  WorkspaceBook(Clock clock, Runnable changed) {
    this.clock = clock;
    this.changed = changed;
  }

  synchronized WorkspaceRecord create(String name, boolean peer) {
    WorkspaceRecord record = WorkspaceRecord.fresh(Tokens.newId(), name, Tokens.newToken(), peer);
    put(record);
    return record;
  }

  /** Puts back workspaces read from the state file. */
  synchronized void load(Collection<WorkspaceRecord> records) {
    records.forEach(this::put);
  }

  synchronized List<WorkspaceRecord> all() {
    return new ArrayList<>(byId.values());
  }

  /** The workspace a token belongs to; empty for an unknown or revoked token. */
  synchronized Optional<String> workspaceOf(String token) {
    return Optional.ofNullable(idByToken.get(token));
  }

  synchronized boolean exists(String id) {
    return byId.containsKey(id);
  }

  synchronized WorkspaceRecord require(String id) {
    WorkspaceRecord record = byId.get(id);
    if (record == null) {
      throw new UnknownWorkspaceException(id);
    }
    return record;
  }

  /** Mints a new token for the workspace and revokes the old one. */
  synchronized WorkspaceRecord rotateToken(String id) {
    WorkspaceRecord record = require(id);
    idByToken.remove(record.token());
    WorkspaceRecord rotated = record.withToken(Tokens.newToken());
    put(rotated);
    return rotated;
  }

  synchronized void register(String id, JsonObject card, String mode) {
    update(require(id).registered(card, mode, clock.instant()));
  }

  synchronized void updateCard(String id, JsonObject card) {
    update(require(id).withCard(card));
  }

  /** Forgets the registration, so the next heartbeat answers 404 and the agent registers again. */
  synchronized void unregister(String id) {
    update(require(id).unregistered());
  }

  /**
   * Records a heartbeat. {@code error_rate >= 0.5} degrades the workspace; it recovers when a
   * heartbeat reports under 0.1 with an empty {@code runtime_state}, as on the platform.
   */
  synchronized void heartbeat(String id, Heartbeat beat) {
    WorkspaceRecord record = require(id);
    boolean degraded = record.degraded();
    if (beat.errorRate() >= 0.5) {
      degraded = true;
    } else if (beat.errorRate() < 0.1 && beat.runtimeState().isEmpty()) {
      degraded = false;
    }
    update(record.withHeartbeat(beat, degraded));
  }

  synchronized WorkspaceStatus status(String id) {
    WorkspaceRecord r = require(id);
    return new WorkspaceStatus(r.id(), r.name(), statusOf(r), r.peer(), r.registered(), r.deliveryMode(),
        r.agentCard() == null ? null : r.agentCard().deepCopy(), r.lastSeen(), r.heartbeat(), r.heartbeats());
  }

  private String statusOf(WorkspaceRecord r) {
    if (r.peer()) {
      return WorkspaceStatus.ONLINE; // the sandbox itself answers for its peer
    }
    if (!r.registered()) {
      return WorkspaceStatus.AWAITING_AGENT;
    }
    Instant now = clock.instant();
    if (r.lastSeen() == null || Duration.between(r.lastSeen(), now).compareTo(OFFLINE_AFTER) > 0) {
      return WorkspaceStatus.OFFLINE;
    }
    return r.degraded() ? WorkspaceStatus.DEGRADED : WorkspaceStatus.ONLINE;
  }

  private void put(WorkspaceRecord record) {
    byId.put(record.id(), record);
    idByToken.put(record.token(), record.id());
    changed.run();
  }

  private void update(WorkspaceRecord record) {
    byId.put(record.id(), record);
    changed.run();
  }
}
