package ai.molecule.host.engine;

import com.google.gson.JsonObject;

/**
 * A push-mode peer's synchronous answer to one of our replies, kept in the state file until it is
 * handled: it exists nowhere else (no row in our feed carries it), so a stop or a crash during
 * its turn must not lose it.
 *
 * @param peerId the peer that answered
 * @param messageId the answer's message id, which keeps it from being handled twice
 * @param result the answer as the peer gave it (the JSON-RPC result)
 */
record KeptAnswer(String peerId, String messageId, JsonObject result) {}
