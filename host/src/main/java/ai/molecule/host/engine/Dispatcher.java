package ai.molecule.host.engine;

import ai.molecule.host.PlatformFailure;
import ai.molecule.host.platform.ParsedMessage;
import ai.molecule.host.platform.PlatformClient;
import ai.molecule.host.platform.PlatformException;
import ai.molecule.host.platform.ReplyFormat;
import ai.molecule.spi.Backend;
import ai.molecule.spi.BackendException;
import ai.molecule.spi.InboundMessage;
import ai.molecule.spi.Reply;
import java.time.Duration;
import java.util.Optional;
import org.tinylog.Logger;

/**
 * Handles one message: hands it to the backend (retrying a retryable failure a bounded number of
 * times) and sends the reply to whoever sent it, an agent through A2A or a human through notify.
 * A message that can never be handled gets an error reply, so it never blocks the queue.
 */
final class Dispatcher {

  private static final int DESCRIPTION_LENGTH = 80;

  private final PlatformClient client;
  private final Backend backend;
  private final WorkspaceStats stats;
  private final Heartbeat heartbeat;
  private final Backoff backoff;
  private final StopSignal signal;
  private final int backendAttempts;
  private final Duration replyPatience;

  Dispatcher(PlatformClient client, Backend backend, WorkspaceStats stats, Heartbeat heartbeat,
      Backoff backoff, StopSignal signal, int backendAttempts, Duration replyPatience) {
    this.client = client;
    this.backend = backend;
    this.stats = stats;
    this.heartbeat = heartbeat;
    this.backoff = backoff;
    this.signal = signal;
    this.backendAttempts = backendAttempts;
    this.replyPatience = replyPatience;
  }

  /**
   * Deals with one row.
   *
   * @return {@code true} when the row is done with and the cursor may pass it; {@code false} when
   *     the engine is stopping before it was, so it must be delivered again
   */
  boolean dispatch(ParsedMessage row) {
    if (row.isMalformed()) {
      Logger.warn("skipping activity row {}: {}", row.rowId(), row.problem());
      return sendError(row, "molecule could not read this message: " + row.problem());
    }
    if (!row.isMessage()) {
      Logger.debug("skipping activity row {}: not a message for the agent", row.rowId());
      return true;
    }
    InboundMessage message = row.message();
    String from = message.fromHuman() ? "the canvas" : message.callerId();
    stats.started(message.messageId(), describe(from, message));
    heartbeat.nudge();
    Optional<Reply> reply;
    try {
      reply = callBackend(message);
    } finally {
      heartbeat.nudge();
    }
    if (reply == null) {
      return false; // stopping during a retry wait: leave the message for the next run
    }
    if (reply.isEmpty()) {
      return row.isReply() || sendError(row,
          "this agent could not handle your message; its operator has the details in the log");
    }
    if (!reply.get().metadata().isEmpty()) {
      Logger.debug("message {}: backend reports {}", message.messageId(), reply.get().metadata());
      recordCost(reply.get().metadata().get("cost_usd"));
    }
    if (row.isReply()) {
      Logger.info("message {} from {} is a reply to {}: not answering it (loop guard)",
          message.messageId(), from, row.inReplyTo());
      return true;
    }
    return send(message.callerId(), message, reply.get());
  }

  private void recordCost(String cost) {
    if (cost == null) {
      return;
    }
    try {
      double dollars = Double.parseDouble(cost);
      if (dollars > 0 && Double.isFinite(dollars)) {
        stats.spent(dollars);
      }
    } catch (NumberFormatException notANumber) {
      Logger.debug("ignoring a cost_usd that is not a number: {}", cost);
    }
  }

  /** The reply, empty when the message failed for good, {@code null} when the engine stopped first. */
  private Optional<Reply> callBackend(InboundMessage message) {
    for (int attempt = 1; ; attempt++) {
      String error;
      boolean retryable;
      try {
        Reply reply = backend.handle(message);
        if (reply == null) {
          throw BackendException.permanent("the backend returned no reply");
        }
        stats.succeeded(message.messageId());
        return Optional.of(reply);
      } catch (BackendException e) {
        error = e.getMessage();
        retryable = e.retryable();
      } catch (RuntimeException | Error e) {
        // A bug in the backend, a class its plugin lacks, memory running out: worth another try
        // (bounded), then an error reply; it must never leave the message unanswered or stop the engine.
        Logger.debug(e, "backend threw");
        error = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
        retryable = true;
      }
      if (signal.isStopped()) {
        // Most likely interrupted by the shutdown: not the message's fault, so no error reply.
        stats.abandoned(message.messageId());
        Logger.info("message {} was cut short by the stop; it will be delivered again", message.messageId());
        return null;
      }
      if (!retryable || attempt >= backendAttempts) {
        stats.failed(message.messageId(), error);
        Logger.error("message {} failed{}: {}", message.messageId(),
            retryable ? " " + attempt + " times" : "", error);
        return Optional.empty();
      }
      Duration wait = backoff.delay(attempt, Optional.empty());
      Logger.warn("message {} failed (try {} of {}), retrying in {} ms: {}",
          message.messageId(), attempt, backendAttempts, wait.toMillis(), error);
      if (!signal.sleep(wait)) {
        stats.abandoned(message.messageId());
        return null;
      }
    }
  }

  /** Tells the sender of a row that it could not be handled; a human through the canvas. */
  private boolean sendError(ParsedMessage row, String text) {
    InboundMessage inbound = row.message();
    if (inbound != null) {
      return send(inbound.callerId(), inbound, Reply.text(text));
    }
    if (row.callerId() == null) {
      return deliver(null, () -> client.notifyCanvas(ReplyFormat.toCanvas(Reply.text(text))));
    }
    return deliver(row.callerId(), () ->
        client.sendToAgent(row.callerId(), ReplyFormat.toAgent(row.rowId(), null, null, Reply.text(text))));
  }

  private boolean send(String callerId, InboundMessage inbound, Reply reply) {
    if (callerId == null) {
      return deliver(null, () -> client.notifyCanvas(ReplyFormat.toCanvas(reply)));
    }
    return deliver(callerId, () -> client.sendToAgent(callerId, ReplyFormat.toAgent(inbound, reply)));
  }

  private interface Delivery {
    void run() throws PlatformException;
  }

  /** Sends until it is delivered, refused for good, retried past the patience, or the engine stops. */
  private boolean deliver(String callerId, Delivery delivery) {
    String to = callerId == null ? "the canvas" : callerId;
    long giveUpAt = System.nanoTime() + replyPatience.toNanos();
    for (int attempt = 1; ; attempt++) {
      try {
        delivery.run();
        return true;
      } catch (PlatformException e) {
        switch (e.kind()) {
          case AUTH -> {
            if (callerId != null && e.status() == 403) {
              // On a peer's /a2a, 403 is the hierarchy: we may not talk to that workspace.
              Logger.error("reply to {} was refused, giving up on it: {}", to, e.getMessage());
              return true;
            }
            signal.fail(PlatformFailure.exit(e));
            return false;
          }
          case TRANSIENT -> {
            if (System.nanoTime() > giveUpAt) {
              Logger.error("reply to {} still failing after {} s; giving up on it: {}", to,
                  replyPatience.toSeconds(), e.getMessage());
              stats.failed("reply to " + to, e.getMessage());
              return true;
            }
            Duration wait = backoff.delay(attempt, e.retryAfter());
            Logger.warn("reply to {} failed, retrying in {} ms: {}", to, wait.toMillis(), e.getMessage());
            if (!signal.sleep(wait)) {
              return false;
            }
          }
          default -> {
            // 402, 403 on a peer, 404: this reply can never be delivered; do not hold the queue for it.
            Logger.error("reply to {} was refused, giving up on it: {}", to, e.getMessage());
            return true;
          }
        }
      }
    }
  }

  private static String describe(String from, InboundMessage message) {
    String text = message.text().strip().replaceAll("\\s+", " ");
    if (text.length() > DESCRIPTION_LENGTH) {
      text = text.substring(0, DESCRIPTION_LENGTH) + "…";
    }
    return "message from " + from + (text.isEmpty() ? "" : ": " + text);
  }
}
