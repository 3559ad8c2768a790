package ai.molecule.sandbox;

import com.google.gson.JsonObject;
import java.time.Instant;

/**
 * Everything the sandbox knows about one workspace; replaced whole on every change, and written
 * as is to the state file.
 */
record WorkspaceRecord(
    String id,
    String name,
    String token,
    boolean peer,
    boolean registered,
    String deliveryMode,
    JsonObject agentCard,
    Instant lastSeen,
    Heartbeat heartbeat,
    long heartbeats,
    boolean degraded) {

  static WorkspaceRecord fresh(String id, String name, String token, boolean peer) {
    return new WorkspaceRecord(id, name, token, peer, false, "poll", null, null, null, 0, false);
  }

  WorkspaceRecord withToken(String newToken) {
    return new WorkspaceRecord(id, name, newToken, peer, registered, deliveryMode, agentCard, lastSeen, heartbeat,
        heartbeats, degraded);
  }

  /** A register brings the workspace online, as on the platform, whatever its error rate was. */
  WorkspaceRecord registered(JsonObject card, String mode, Instant now) {
    return new WorkspaceRecord(id, name, token, peer, true, mode, card, now, heartbeat, heartbeats, false);
  }

  WorkspaceRecord withCard(JsonObject card) {
    return new WorkspaceRecord(id, name, token, peer, registered, deliveryMode, card, lastSeen, heartbeat,
        heartbeats, degraded);
  }

  WorkspaceRecord withHeartbeat(Heartbeat beat, boolean nowDegraded) {
    return new WorkspaceRecord(id, name, token, peer, registered, deliveryMode, agentCard, beat.receivedAt(), beat,
        heartbeats + 1, nowDegraded);
  }

  WorkspaceRecord unregistered() {
    return new WorkspaceRecord(id, name, token, peer, false, deliveryMode, agentCard, lastSeen, heartbeat, heartbeats,
        false);
  }
}
