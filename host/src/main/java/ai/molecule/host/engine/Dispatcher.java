package ai.molecule.host.engine;

import ai.molecule.host.PlatformFailure;
import ai.molecule.host.platform.InboundParser;
import ai.molecule.host.platform.Json;
import ai.molecule.host.platform.ParsedMessage;
import ai.molecule.host.platform.Platform;
import ai.molecule.host.platform.PlatformException;
import ai.molecule.host.platform.ReplyFormat;
import ai.molecule.spi.Backend;
import ai.molecule.spi.BackendException;
import ai.molecule.spi.InboundMessage;
import ai.molecule.spi.Part;
import ai.molecule.spi.Reply;
import com.google.gson.JsonObject;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.tinylog.Logger;

/**
 * Handles one row: a system turn as platform-api.md says (a liveness check answered by the host, the
 * rest logged), a message by fetching its uploads, running the backend within a {@link
 * TurnTracker.HostTurn} (retrying a retryable failure a bounded number of times), and handing the
 * reply to {@link ReplyDelivery}. A message that can never be handled gets an error reply, so it
 * never blocks the queue.
 */
final class Dispatcher {

  private static final int DESCRIPTION_LENGTH = 80;
  private static final String GENERIC_ERROR =
      "this agent could not handle your message; its operator has the details in the log";

  /** What became of a row. */
  sealed interface Outcome permits Done, Later, Delivering {}

  /** Done with now: the cursor may pass it. */
  record Done() implements Outcome {}

  /** The engine stopped first: the row stays in the feed for the next run. */
  record Later() implements Outcome {}

  /** A reply is on its way; the row is done once it completes with {@code true}. */
  record Delivering(CompletableFuture<Boolean> delivered) implements Outcome {}

  private final Platform client;
  private final Backend backend;
  private final WorkspaceStats stats;
  private final TurnTracker turns;
  private final ReplyDelivery delivery;
  private final FileStore files;
  private final Progress progress;
  private final RetryPolicy retry;
  private final Clock clock;
  private final StopSignal signal;
  private final int backendAttempts;
  private final boolean genericErrors;

  Dispatcher(Platform client, Backend backend, WorkspaceStats stats, TurnTracker turns, ReplyDelivery delivery,
      FileStore files, Progress progress, RetryPolicy retry, Clock clock, StopSignal signal, EngineSettings settings) {
    this.client = client;
    this.backend = backend;
    this.stats = stats;
    this.turns = turns;
    this.delivery = delivery;
    this.files = files;
    this.progress = progress;
    this.backendAttempts = settings.backendAttempts();
    this.retry = retry.attempts(backendAttempts);
    this.clock = clock;
    this.signal = signal;
    this.genericErrors = settings.genericErrors();
  }

  Outcome dispatch(ParsedMessage row) {
    return switch (row.kind()) {
      case MALFORMED -> {
        Logger.warn("refusing activity row {}: {}", row.rowId(), row.problem());
        yield sendError(row, "molecule could not read this message: " + row.problem());
      }
      case SYSTEM -> system(row);
      case MESSAGE -> message(row);
      case UPLOAD, SKIP -> new Done();
    };
  }

  /** The platform's own turns: never answered, never a person's (platform-api.md). */
  private Outcome system(ParsedMessage row) {
    if (row.isLivenessCheck()) {
      turns.livenessCheck();
      return new Done();
    }
    InboundMessage message = row.message();
    if (!backend.acceptsSystemTurns()) {
      Logger.info("system turn {} ({}) from the platform: logged, not passed on: {}", message.messageId(),
          row.systemType(), describe(message));
      return new Done();
    }
    BackendResult result = callBackend(message, row.systemType());
    if (result.stopped()) {
      return new Later();
    }
    if (result.reply() != null) {
      Logger.info("system turn {} ({}) handled; its answer is logged, not sent: {}", message.messageId(),
          row.systemType(), text(result.reply()));
    }
    return new Done();
  }

  private Outcome message(ParsedMessage row) {
    Instant started = clock.instant();
    WorkspaceObserver.MessageEvent event = stats.received(row.message());
    Logger.debug("message {}: {}", row.message().messageId(), describe(row.message())); // its text: --verbose only
    InboundMessage message;
    try {
      message = withLocalFiles(row.message());
    } catch (PlatformException e) {
      if (e.kind() == PlatformException.Kind.AUTH) {
        signal.fail(PlatformFailure.exit(e));
        stats.finished(event, WorkspaceObserver.Outcome.ABANDONED, started);
        return new Later();
      }
      if (e.kind() == PlatformException.Kind.TRANSIENT && signal.isStopped()) {
        stats.finished(event, WorkspaceObserver.Outcome.ABANDONED, started);
        return new Later();
      }
      Logger.error("message {}: a file could not be fetched: {}", row.message().messageId(), e.getMessage());
      stats.finished(event, WorkspaceObserver.Outcome.FAILED, started);
      return row.isReply() ? new Done() : sendError(row, "molecule could not fetch a file of this message: "
          + oneLine(client.scrubForSender(e.getMessage())));
    } catch (IOException e) {
      Logger.error("message {}: a file could not be stored: {}", row.message().messageId(), e.getMessage());
      stats.finished(event, WorkspaceObserver.Outcome.FAILED, started);
      return row.isReply() ? new Done() : sendError(row, "molecule could not store a file of this message");
    }
    BackendResult result = callBackend(message, describe(message));
    if (result.stopped()) {
      stats.finished(event, WorkspaceObserver.Outcome.ABANDONED, started);
      return new Later(); // stopping during a retry wait: leave the message for the next run
    }
    if (result.reply() == null) {
      stats.finished(event, WorkspaceObserver.Outcome.FAILED, started);
      return row.isReply() ? new Done() : sendError(row, result.errorForSender());
    }
    if (row.isReply()) {
      Logger.debug("message {} is a reply to {}: not answered (loop guard)", message.messageId(), row.inReplyTo());
      stats.finished(event, WorkspaceObserver.Outcome.SKIPPED, started);
      return new Done();
    }
    stats.finished(event, WorkspaceObserver.Outcome.ANSWERED, started);
    return send(message, result.reply(), ReplyFormat.Kind.ANSWER);
  }

  /**
   * What the backend made of a message.
   *
   * @param reply its reply, or {@code null} when it failed for good or the engine stopped
   * @param errorForSender why it failed, in the words the sender gets
   * @param stopped whether the engine stopped first (the message is delivered again)
   */
  private record BackendResult(Reply reply, String errorForSender, boolean stopped) {}

  /** Fetches the message's uploads from the platform and swaps them in as local files. */
  private InboundMessage withLocalFiles(InboundMessage message) throws PlatformException, IOException {
    List<Part> parts = new ArrayList<>(message.parts().size());
    boolean changed = false;
    for (Part part : message.parts()) {
      if (part instanceof Part.File file) {
        Optional<String> fileId = files.pendingId(file.uri());
        if (fileId.isPresent()) {
          parts.add(files.fetch(client, fileId.get(), file));
          changed = true;
          continue;
        }
      }
      parts.add(part);
    }
    return changed ? InboundParser.withParts(message, parts) : message;
  }

  private BackendResult callBackend(InboundMessage message, String description) {
    TurnTracker.HostTurn turn = turns.begin(message.messageId(), description);
    RetryPolicy.Retries retries = retry.begin();
    try {
      while (true) {
        String error;
        String toSender;
        boolean retryable;
        try {
          Reply reply = backend.handle(message, turn);
          if (reply == null) {
            throw BackendException.permanent("the backend returned no reply");
          }
          recordLegacyCost(message, reply);
          stats.succeeded(message.messageId());
          return new BackendResult(reply, null, false);
        } catch (BackendException e) {
          error = e.getMessage() == null ? "the backend failed" : e.getMessage();
          toSender = error;
          retryable = e.retryable();
        } catch (RuntimeException | Error e) {
          // A bug in the backend, a class its plugin lacks, memory running out: worth another try
          // (bounded), then an error reply; it must never leave the message unanswered or stop the engine.
          Logger.debug(e, "backend threw");
          error = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
          toSender = GENERIC_ERROR; // an internal failure's text is for the operator
          retryable = true;
        }
        if (signal.isStopped()) {
          // Most likely interrupted by the shutdown: not the message's fault, so no error reply.
          stats.abandoned(message.messageId());
          Logger.debug("message {} was cut short by the stop; it will be delivered again", message.messageId());
          return new BackendResult(null, null, true);
        }
        Optional<Duration> wait = retryable ? retries.failed(Optional.empty()) : Optional.empty();
        if (wait.isEmpty()) {
          stats.failed(message.messageId(), client.scrub(error));
          Logger.error("message {} failed{}: {}", message.messageId(),
              retryable ? " " + retries.failures() + " times" : "", client.scrub(error));
          return new BackendResult(null, genericErrors ? GENERIC_ERROR : oneLine(client.scrubForSender(toSender)), false);
        }
        Logger.warn("message {} failed (try {} of {}), retrying in {} ms: {}",
            message.messageId(), retries.failures(), backendAttempts, wait.get().toMillis(), client.scrub(error));
        if (!retries.pause(wait.get())) {
          stats.abandoned(message.messageId());
          return new BackendResult(null, null, true);
        }
      }
    } finally {
      turn.end();
    }
  }

  /** A 1.0 backend reports its cost as {@code cost_usd} metadata; 1.1 ones through the turn. */
  private void recordLegacyCost(InboundMessage message, Reply reply) {
    String cost = reply.metadata().get("cost_usd");
    if (cost == null) {
      return;
    }
    try {
      BigDecimal dollars = new BigDecimal(cost.trim());
      if (dollars.signum() > 0) {
        stats.spend().add(dollars);
        progress.touch();
      }
    } catch (NumberFormatException notANumber) {
      Logger.debug("message {}: ignoring a cost_usd that is not a number: {}", message.messageId(), cost);
    }
  }

  /** Tells the sender of a row that it could not be handled: one line, marked as an error. */
  private Outcome sendError(ParsedMessage row, String reason) {
    Reply error = Reply.text(ReplyFormat.ERROR_PREFIX + reason).withMetadata(ReplyFormat.ERROR_MARKER, reason);
    InboundMessage inbound = row.message();
    if (inbound != null) {
      return send(inbound, error, ReplyFormat.Kind.ERROR);
    }
    if (row.callerId() == null) {
      return new Delivering(delivery.toCanvas("row:" + row.rowId(), ReplyFormat.toCanvas(error)));
    }
    return new Delivering(delivery.toPeer(row.callerId(), "row:" + row.rowId(),
        ReplyFormat.toAgent(row.rowId(), null, null, error, ReplyFormat.Kind.ERROR)));
  }

  private Outcome send(InboundMessage inbound, Reply reply, ReplyFormat.Kind kind) {
    if (inbound.fromSystem()) {
      return new Done();
    }
    if (inbound.callerId() == null) {
      return new Delivering(delivery.toCanvas(inbound.conversationId(), canvasBody(reply)));
    }
    return new Delivering(delivery.toPeer(inbound.callerId(), inbound.conversationId(),
        ReplyFormat.toAgent(inbound, reply, kind)));
  }

  /**
   * The notify body, with our own files uploaded first (platform-api.md, "Files"): the canvas
   * cannot open a local path, so each local file part becomes the part of its upload. A file
   * outside the store, or one that cannot be uploaded, is named in the text instead.
   */
  private JsonObject canvasBody(Reply reply) {
    List<Part> parts = new ArrayList<>();
    for (Part part : reply.parts()) {
      if (!(part instanceof Part.File file) || file.localPath().isEmpty()) {
        parts.add(part);
        continue;
      }
      Optional<Path> own = files.ownFile(file);
      if (own.isEmpty()) {
        Logger.warn("a reply names the local file {}, which is outside the backend's data directory: not sent",
            file.uri());
        parts.add(Part.text("[file not sent: " + file.name() + "]"));
        continue;
      }
      try {
        String name = file.name().isEmpty() ? own.get().getFileName().toString() : file.name();
        JsonObject uploaded = client.uploadForCanvas(own.get(), name,
            file.mimeType() == null ? Files.probeContentType(own.get()) : file.mimeType());
        String uri = Json.string(uploaded, "uri");
        if (uri == null) {
          throw new IOException("the upload's answer names no uri");
        }
        files.pendingId(uri).ifPresent(progress::rememberUpload);
        parts.add(new Part.File(Json.firstString(uploaded, "name") == null ? name : Json.string(uploaded, "name"),
            Json.firstString(uploaded, "mimeType", "mime_type"), uri, Json.integer(uploaded, "size", -1)));
      } catch (PlatformException | IOException | RuntimeException e) {
        Logger.warn("a reply's file {} could not be uploaded: {}", file.uri(), e.getMessage());
        parts.add(Part.text("[file not sent: " + file.name() + "]"));
      }
    }
    return ReplyFormat.toCanvas(new Reply(parts, reply.metadata()));
  }

  private static String from(InboundMessage message) {
    return switch (message.sender().kind()) {
      case HUMAN -> "the canvas";
      case PEER -> message.sender().displayName().map(n -> n + " (" + message.callerId() + ")")
          .orElse(message.callerId());
      case SYSTEM -> "the platform";
    };
  }

  private static String describe(InboundMessage message) {
    String text = oneLine(message.text());
    if (text.length() > DESCRIPTION_LENGTH) {
      text = text.substring(0, DESCRIPTION_LENGTH) + "…";
    }
    return "message from " + from(message) + (text.isEmpty() ? "" : ": " + text);
  }

  private static String text(Reply reply) {
    StringBuilder out = new StringBuilder();
    reply.parts().stream().filter(Part.Text.class::isInstance).forEach(p -> out.append(((Part.Text) p).text()));
    String line = oneLine(out.toString());
    return line.length() <= 200 ? line : line.substring(0, 200) + "…";
  }

  private static String oneLine(String text) {
    return text == null ? "" : text.strip().replaceAll("\\s+", " ");
  }
}
