package ai.molecule.bench;

import ai.molecule.sandbox.SandboxPlatform;
import ai.molecule.spi.Part;
import ai.molecule.wire.A2aMessage;
import ai.molecule.wire.JsonRpc;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * Sends messages to the agent as the sandbox's peer workspace, over the platform's own
 * {@code POST /workspaces/<id>/a2a}, in a conversation of the caller's choosing. (The sandbox's
 * {@code sendAsPeer} puts every message in one conversation; the engine handles one conversation
 * at a time, so concurrency needs several.) The agent's answers reach the sandbox as replies whose
 * {@code in_reply_to} is the message id returned here.
 */
public final class PeerClient {

  private static final Duration TIMEOUT = Duration.ofSeconds(10);

  private final HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
  private final URI base;
  private final String peerId;
  private final String peerToken;

  public PeerClient(SandboxPlatform sandbox) {
    this.base = sandbox.url();
    this.peerId = sandbox.peerWorkspaceId();
    this.peerToken = sandbox.credentials(peerId).token();
  }

  /**
   * Queues {@code text} for {@code workspaceId}'s agent in conversation {@code contextId}.
   *
   * @return the message, stamped with the time just before it was sent
   * @throws IOException when the sandbox does not accept it
   */
  public SentText send(String workspaceId, String contextId, String text) throws IOException, InterruptedException {
    String messageId = UUID.randomUUID().toString();
    HttpRequest request = HttpRequest.newBuilder(base.resolve("/workspaces/" + workspaceId + "/a2a"))
        .timeout(TIMEOUT)
        .header("Authorization", "Bearer " + peerToken)
        .header("X-Workspace-ID", peerId)
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(messageSend(messageId, contextId, text)))
        .build();
    Instant sentAt = Instant.now();
    HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != 200) {
      throw new IOException("the sandbox refused a message with HTTP " + response.statusCode() + ": " + response.body());
    }
    return new SentText(messageId, sentAt);
  }

  /** The A2A {@code message/send} of platform-api.md, one text part, in conversation {@code contextId}. */
  private static String messageSend(String messageId, String contextId, String text) {
    return JsonRpc.messageSend(UUID.randomUUID().toString(),
        A2aMessage.of(A2aMessage.USER, messageId, contextId, List.of(new Part.Text(text)))).toString();
  }
}
