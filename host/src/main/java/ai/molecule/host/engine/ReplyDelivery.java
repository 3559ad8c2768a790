package ai.molecule.host.engine;

import ai.molecule.host.PlatformFailure;
import ai.molecule.host.platform.PlatformAnswers.Answered;
import ai.molecule.host.platform.PlatformAnswers.PeerAnswer;
import ai.molecule.host.platform.Platform;
import ai.molecule.host.platform.PlatformException;
import com.google.gson.JsonObject;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BiConsumer;
import org.tinylog.Logger;

/**
 * Delivers replies, from a bounded pool of its own and in order per conversation, so that a reply a
 * push-mode peer holds for its whole turn (up to 30 minutes) holds neither the conversation's lane
 * nor a backend worker. A reply is sent again only when the platform certainly did not get it (the
 * connection was never made, or it answered 429/502/503): after a timeout or a dropped connection
 * the platform delivers it itself, and a resend would make the peer run its turn again. Every resend
 * carries the same message id ({@link ai.molecule.host.platform.ReplyFormat#replyId}).
 */
final class ReplyDelivery implements AutoCloseable {

  private static final String CANVAS = "the canvas";

  private final Platform client;
  private final WorkspaceStats stats;
  private final RetryPolicy retry;
  private final StopSignal signal;
  private final Duration patience;
  private final ConversationLanes lanes;
  /** A peer's synchronous answer to one of our replies: (peer id, its JSON-RPC result). */
  private final BiConsumer<String, JsonObject> peerAnswered;
  private final AtomicBoolean canvasRefusalReported = new AtomicBoolean();

  /**
   * @param retry the engine's policy; a reply waits through an orderly stop (it is still answered
   *     in the grace period) and is given up after {@code patience}
   */
  ReplyDelivery(Platform client, WorkspaceStats stats, RetryPolicy retry, StopSignal signal, Duration patience,
      int concurrency, BiConsumer<String, JsonObject> peerAnswered) {
    this.client = client;
    this.stats = stats;
    this.retry = retry.giveUpAfter(patience).sleepingWith(signal::sleepThroughStop);
    this.signal = signal;
    this.patience = patience;
    this.lanes = new ConversationLanes(concurrency);
    this.peerAnswered = peerAnswered;
  }

  /**
   * Queues a reply to a peer, in order with the other replies of its conversation ({@code lane});
   * replies of different conversations go out side by side.
   *
   * @return completes with {@code true} when the reply is done with (delivered, refused for good,
   *     or given up), {@code false} when the engine stopped first and it must be sent again
   */
  CompletableFuture<Boolean> toPeer(String peerId, String lane, JsonObject request) {
    CompletableFuture<Boolean> done = new CompletableFuture<>();
    lanes.submit("peer:" + peerId + ":" + lane, () -> done.complete(send(peerId, () -> {
      PeerAnswer answer = client.sendToAgent(peerId, request);
      if (answer instanceof Answered answered) {
        Logger.info("{} answered our reply at once", peerId);
        peerAnswered.accept(peerId, answered.result());
      }
    })));
    return done;
  }

  /** Queues a reply to the canvas (notify), as {@link #toPeer} does. */
  CompletableFuture<Boolean> toCanvas(String lane, JsonObject notification) {
    CompletableFuture<Boolean> done = new CompletableFuture<>();
    lanes.submit("canvas:" + lane, () -> done.complete(send(null, () -> client.notifyCanvas(notification))));
    return done;
  }

  private interface Attempt {
    void run() throws PlatformException;
  }

  private boolean send(String peerId, Attempt attempt) {
    String to = peerId == null ? CANVAS : peerId;
    RetryPolicy.Retries retries = retry.begin();
    while (true) {
      if (signal.failure() != null) {
        return false;
      }
      try {
        attempt.run();
        return true;
      } catch (PlatformException e) {
        if (e.kind() == PlatformException.Kind.AUTH) {
          signal.fail(PlatformFailure.exit(e));
          return false;
        }
        if (peerId == null && e.code().filter("talk_to_user_disabled"::equals).isPresent()) {
          if (canvasRefusalReported.compareAndSet(false, true)) {
            Logger.error("the platform does not let this workspace talk to users on the canvas "
                + "(403 talk_to_user_disabled): replies to people are dropped, agents are still answered; "
                + "its operator can allow it in the workspace's settings");
          }
          return true;
        }
        if (e.kind() != PlatformException.Kind.TRANSIENT) {
          // A JSON-RPC error, 400, 402, 403 on a peer, 404, 413: this reply can never be delivered.
          Logger.error("reply to {} failed, giving up on it: {}", to, e.getMessage());
          stats.failure(e.getMessage());
          stats.deliveryFailed(e.getMessage(), true);
          return true;
        }
        if (!RetryPolicy.certainlyNotReceived(e)) {
          Logger.warn("reply to {}: {}; it may have arrived, and the platform delivers it itself, so it is not sent"
              + " again", to, e.getMessage());
          return true;
        }
        Optional<Duration> wait = retries.failed(e.retryAfter());
        if (wait.isEmpty()) {
          Logger.error("reply to {} still failing after {} s; giving up on it: {}", to, patience.toSeconds(),
              e.getMessage());
          stats.failure(e.getMessage());
          stats.deliveryFailed(e.getMessage(), true);
          return true;
        }
        Logger.warn("reply to {} was not delivered, retrying in {} ms: {}", to, wait.get().toMillis(), e.getMessage());
        stats.deliveryFailed(e.getMessage(), false);
        if (!retries.pause(wait.get())) {
          return false;
        }
      }
    }
  }

  /** Lets replies under way finish within {@code grace}; true when they all did. */
  boolean shutdown(Duration grace) {
    return lanes.shutdown(grace);
  }

  @Override
  public void close() {
    lanes.shutdown(Duration.ZERO);
  }
}
