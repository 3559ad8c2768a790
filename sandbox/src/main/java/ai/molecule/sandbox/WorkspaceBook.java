package ai.molecule.sandbox;

import com.google.gson.JsonObject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The workspaces, their tokens, registrations, heartbeats and liveness columns. Thread-safe. */
final class WorkspaceBook {

  /** How many heartbeats per workspace the operator can read back. */
  static final int HISTORY = 100;

  /**
   * What a register changed.
   *
   * @param mintedToken the new token when the workspace had no live one, else {@code null}
   * @param inboundSecret the secret for the answer
   */
  record Registered(String mintedToken, String inboundSecret) {}

  private final Map<String, WorkspaceRecord> byId = new LinkedHashMap<>();
  private final Map<String, String> idByToken = new HashMap<>();
  private final Map<String, Deque<Heartbeat>> history = new HashMap<>();
  private final Clock clock;
  private final Duration awaitingAgentAfter;
  private final Runnable changed;

  WorkspaceBook(Clock clock, Duration awaitingAgentAfter, Runnable changed) {
    this.clock = clock;
    this.awaitingAgentAfter = awaitingAgentAfter;
    this.changed = changed;
  }

  synchronized WorkspaceRecord create(String name, boolean peer) {
    WorkspaceRecord record = new WorkspaceRecord(Tokens.newId(), name, Tokens.newToken(), peer, Tokens.newToken());
    put(record);
    return record.copy();
  }

  /** Puts back workspaces read from the state file. */
  synchronized void load(Collection<WorkspaceRecord> records) {
    records.forEach(record -> {
      record.afterLoad();
      put(record);
    });
  }

  /** Copies of every workspace, in the order they were made. */
  synchronized List<WorkspaceRecord> all() {
    return byId.values().stream().map(WorkspaceRecord::copy).toList();
  }

  /** The workspace a token belongs to; empty for an unknown or revoked token. */
  synchronized Optional<String> workspaceOf(String token) {
    return Optional.ofNullable(idByToken.get(token));
  }

  synchronized boolean exists(String id) {
    return byId.containsKey(id);
  }

  /** A copy of the workspace. */
  synchronized WorkspaceRecord require(String id) {
    return live(id).copy();
  }

  /** Mints a new token for the workspace and revokes the old one. */
  synchronized WorkspaceRecord rotateToken(String id) {
    WorkspaceRecord record = live(id);
    if (record.token != null) {
      idByToken.remove(record.token);
    }
    record.token = Tokens.newToken();
    idByToken.put(record.token, id);
    changed.run();
    return record.copy();
  }

  /** Revokes every token of the workspace: its next register mints one and answers it as {@code auth_token}. */
  synchronized void revokeTokens(String id) {
    WorkspaceRecord record = live(id);
    if (record.token != null) {
      idByToken.remove(record.token);
      record.token = null;
      changed.run();
    }
  }

  /**
   * A register of a workspace the book knows or, for an unknown id, of a new one named after it
   * (as the platform creates one). Mints a token when the workspace has no live one.
   */
  synchronized Registered register(String id, JsonObject card, String mode) {
    return register(id, card, mode, null);
  }

  /** The same; a push registration also stores the URL the platform calls ({@code null}: unchanged). */
  synchronized Registered register(String id, JsonObject card, String mode, String pushUrl) {
    WorkspaceRecord record = byId.get(id);
    if (record != null && record.removed) {
      return new Registered(null, record.inboundSecret); // a removed workspace: 200, nothing changes
    }
    if (record == null) {
      record = new WorkspaceRecord(id, id, null, false, Tokens.newToken());
      put(record);
    }
    String minted = null;
    if (record.token == null) {
      minted = Tokens.newToken();
      record.token = minted;
      idByToken.put(minted, id);
    }
    record.registered = true;
    if (mode != null) {
      record.deliveryMode = mode;
    }
    if (pushUrl != null) {
      record.pushUrl = pushUrl;
    }
    record.agentCard = card;
    record.lastSeen = clock.instant();
    record.degraded = false; // a register brings the workspace online, whatever its error rate was
    changed.run();
    return new Registered(minted, record.inboundSecret);
  }

  /** Removes the workspace as an operator does: its token is revoked; it stays known as removed. */
  synchronized void remove(String id) {
    revokeTokens(id);
    live(id).removed = true;
    changed.run();
  }

  synchronized boolean removed(String id) {
    WorkspaceRecord record = byId.get(id);
    return record != null && record.removed;
  }

  /** Whether the workspace has a token; false for an unknown one. */
  synchronized boolean hasLiveToken(String id) {
    WorkspaceRecord record = byId.get(id);
    return record != null && record.token != null;
  }

  synchronized void updateCard(String id, JsonObject card) {
    live(id).agentCard = card;
    changed.run();
  }

  /** Forgets the registration: the workspace is awaiting an agent until its next register or heartbeat. */
  synchronized void unregister(String id) {
    WorkspaceRecord record = live(id);
    record.registered = false;
    record.lastSeen = null;
    record.degraded = false;
    changed.run();
  }

  /**
   * Records a heartbeat; empty for a workspace the book does not know (the platform answers 200
   * and changes nothing). {@code error_rate >= 0.5} or {@code runtime_state "wedged"} degrades the
   * workspace; it recovers when one reports under 0.1 with an empty {@code runtime_state}.
   * {@code capabilities.status_mgmt} turns the error-rate part off.
   */
  synchronized Optional<WorkspaceRecord> heartbeat(String id, Heartbeat beat) {
    WorkspaceRecord record = byId.get(id);
    if (record == null || record.removed) {
      return Optional.empty();
    }
    boolean errorRule = !beat.managesItsOwnStatus();
    if ("wedged".equals(beat.runtimeState()) || (errorRule && beat.errorRate() >= 0.5)) {
      record.degraded = true;
    } else if ((!errorRule || beat.errorRate() < 0.1) && beat.runtimeState().isEmpty()) {
      record.degraded = false;
    }
    record.heartbeat = beat;
    record.heartbeats++;
    record.lastSeen = beat.receivedAt();
    record.activeTasks = beat.activeTasks();
    record.currentTask = beat.currentTask();
    // Cumulative cents for the month: 0 (or less) is no update, a lower value starts a new month.
    if (beat.monthlySpend() > 0) {
      record.monthlySpendCents = beat.monthlySpend();
    }
    Deque<Heartbeat> beats = history.computeIfAbsent(id, k -> new ArrayDeque<>());
    beats.addLast(beat);
    while (beats.size() > HISTORY) {
      beats.removeFirst();
    }
    changed.run();
    return Optional.of(record.copy());
  }

  /** The last {@value #HISTORY} heartbeats of the workspace, oldest first. */
  synchronized List<Heartbeat> heartbeats(String id) {
    live(id);
    return new ArrayList<>(history.getOrDefault(id, new ArrayDeque<>()));
  }

  /** A row was written for the workspace; {@code activityPath} rows also move {@code last_activity_at}. */
  synchronized void touch(String id, boolean activityPath, Instant at) {
    WorkspaceRecord record = byId.get(id);
    if (record == null) {
      return;
    }
    record.lastRowAt = at;
    if (activityPath) {
      record.lastActivityAt = at;
    }
  }

  /** The phantom-busy sweeper's reset: no tasks until the next heartbeat says otherwise. */
  synchronized void clearBusy(String id) {
    WorkspaceRecord record = live(id);
    record.activeTasks = 0;
    record.currentTask = "";
    changed.run();
  }

  synchronized void setTalkToUserDisabled(String id, boolean disabled) {
    live(id).talkToUserDisabled = disabled;
    changed.run();
  }

  synchronized void setSendingForbidden(String id, boolean forbidden) {
    live(id).sendingForbidden = forbidden;
    changed.run();
  }

  synchronized void setBudget(String id, long cents) {
    if (cents < 0) {
      throw new IllegalArgumentException("a budget is 0 (none) or more cents");
    }
    live(id).budgetCents = cents;
    changed.run();
  }

  synchronized WorkspaceStatus status(String id) {
    WorkspaceRecord r = live(id);
    return new WorkspaceStatus(r.id, r.name, statusOf(r), r.peer, r.registered, r.deliveryMode,
        r.agentCard == null ? null : r.agentCard.deepCopy(), r.lastSeen, r.heartbeat, r.heartbeats,
        r.activeTasks, r.currentTask, r.monthlySpendCents, r.generation, r.lastActivityAt, r.token != null);
  }

  private String statusOf(WorkspaceRecord r) {
    if (r.removed) {
      return WorkspaceStatus.REMOVED;
    }
    if (r.peer) {
      return WorkspaceStatus.ONLINE; // the sandbox itself answers for its peer
    }
    Instant now = clock.instant();
    if (r.lastSeen == null || Duration.between(r.lastSeen, now).compareTo(awaitingAgentAfter) > 0) {
      return WorkspaceStatus.AWAITING_AGENT; // what the platform sweeps a silent external workspace to
    }
    return r.degraded ? WorkspaceStatus.DEGRADED : WorkspaceStatus.ONLINE;
  }

  private WorkspaceRecord live(String id) {
    WorkspaceRecord record = byId.get(id);
    if (record == null) {
      throw new UnknownWorkspaceException(id);
    }
    return record;
  }

  private void put(WorkspaceRecord record) {
    byId.put(record.id, record);
    if (record.token != null) {
      idByToken.put(record.token, record.id);
    }
    changed.run();
  }
}
