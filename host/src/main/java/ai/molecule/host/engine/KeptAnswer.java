package ai.molecule.host.engine;

import ai.molecule.wire.A2aMessage;
import com.google.gson.JsonObject;
import java.util.Optional;

/**
 * A push-mode peer's synchronous answer to one of our replies, kept in the state file until it is
 * handled: it exists nowhere else (no row in our feed carries it), so a stop or a crash during
 * its turn must not lose it.
 *
 * @param peerId the peer that answered
 * @param messageId the answer's message id, which keeps it from being handled twice
 * @param result the answer as the peer gave it (the JSON-RPC result)
 */
record KeptAnswer(String peerId, String messageId, JsonObject result) {

  /** The answer of {@code peerId}, its id read from the result; empty when the result carries none. */
  static Optional<KeptAnswer> of(String peerId, JsonObject result) {
    return Optional.ofNullable(A2aMessage.fromJson(result).messageId())
        .map(messageId -> new KeptAnswer(peerId, messageId, result));
  }
}
