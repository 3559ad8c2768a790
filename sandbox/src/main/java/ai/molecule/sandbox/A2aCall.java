package ai.molecule.sandbox;

import java.time.Instant;

/**
 * One {@code POST /workspaces/<target>/a2a} the sandbox received, whatever became of it.
 *
 * @param callerId the calling workspace (the token's)
 * @param targetId the workspace in the path
 * @param messageId {@code params.message.messageId} after normalisation
 * @param jsonRpcId the JSON-RPC {@code id} after normalisation
 * @param method the JSON-RPC method
 * @param status the HTTP status answered (0: the connection was dropped)
 * @param outcome a short word: {@code queued}, {@code result}, {@code jsonrpc_error}, {@code refused}, ...
 * @param receivedAt when it arrived
 */
public record A2aCall(
    String callerId, String targetId, String messageId, String jsonRpcId, String method, int status,
    String outcome, Instant receivedAt) {}
