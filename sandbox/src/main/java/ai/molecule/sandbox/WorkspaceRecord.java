package ai.molecule.sandbox;

import com.google.gson.JsonObject;
import java.time.Instant;

/**
 * Everything the sandbox knows about one workspace: the platform's workspace row. Changed only
 * under {@link WorkspaceBook}'s lock; {@link #copy()} hands out a snapshot (for the state file).
 */
final class WorkspaceRecord {

  final String id;
  final String name;
  /** The live token, or {@code null} once the operator revoked them all (register then mints one). */
  String token;
  final boolean peer;
  /** What the platform would send as its bearer to a push URL; in every register and heartbeat answer. */
  String inboundSecret;
  boolean registered;
  String deliveryMode;
  /** The URL a push-mode workspace registered (its {@code url}, else its card's), or {@code null}. */
  String pushUrl;
  JsonObject agentCard;
  Instant lastSeen;
  Heartbeat heartbeat;
  long heartbeats;
  boolean degraded;
  /** The platform's columns: the last heartbeat's, until the phantom-busy sweeper zeroes them. */
  int activeTasks;
  String currentTask = "";
  long monthlySpendCents;
  long generation = 1;
  /** Moved by rows written through the activity path (not notify, not heartbeats). */
  Instant lastActivityAt;
  /** Moved by every row, notify included: what the phantom-busy sweeper reads. */
  Instant lastRowAt;
  boolean talkToUserDisabled;
  boolean sendingForbidden;
  /** Messages to this workspace get 402 once its spend reaches this; 0 for no budget. */
  long budgetCents;
  /** Removed by the operator: its token is revoked, and register and heartbeat change nothing. */
  boolean removed;

  WorkspaceRecord(String id, String name, String token, boolean peer, String inboundSecret) {
    this.id = id;
    this.name = name;
    this.token = token;
    this.peer = peer;
    this.inboundSecret = inboundSecret;
    this.deliveryMode = "poll";
  }

  String id() {
    return id;
  }

  String name() {
    return name;
  }

  String token() {
    return token;
  }

  boolean registered() {
    return registered;
  }

  WorkspaceRecord copy() {
    WorkspaceRecord c = new WorkspaceRecord(id, name, token, peer, inboundSecret);
    c.registered = registered;
    c.deliveryMode = deliveryMode;
    c.pushUrl = pushUrl;
    c.agentCard = agentCard == null ? null : agentCard.deepCopy();
    c.lastSeen = lastSeen;
    c.heartbeat = heartbeat;
    c.heartbeats = heartbeats;
    c.degraded = degraded;
    c.activeTasks = activeTasks;
    c.currentTask = currentTask;
    c.monthlySpendCents = monthlySpendCents;
    c.generation = generation;
    c.lastActivityAt = lastActivityAt;
    c.lastRowAt = lastRowAt;
    c.talkToUserDisabled = talkToUserDisabled;
    c.sendingForbidden = sendingForbidden;
    c.budgetCents = budgetCents;
    c.removed = removed;
    return c;
  }

  /** Fills what a state file written by an older sandbox lacks. */
  void afterLoad() {
    if (inboundSecret == null) {
      inboundSecret = Tokens.newToken();
    }
    if (currentTask == null) {
      currentTask = "";
    }
    if (deliveryMode == null) {
      deliveryMode = "poll";
    }
    if (generation == 0) {
      generation = 1;
    }
  }
}
