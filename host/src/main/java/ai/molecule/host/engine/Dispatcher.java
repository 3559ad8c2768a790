package ai.molecule.host.engine;

import ai.molecule.host.PlatformFailure;
import ai.molecule.host.platform.InboundParser;
import ai.molecule.host.platform.Json;
import ai.molecule.host.platform.ParsedMessage;
import ai.molecule.host.platform.Platform;
import ai.molecule.host.platform.PlatformException;
import ai.molecule.host.platform.ReplyFormat;
import ai.molecule.spi.InboundMessage;
import ai.molecule.spi.Part;
import ai.molecule.spi.Reply;
import com.google.gson.JsonObject;
import java.io.IOException;
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
 * rest logged), a message by fetching its uploads, running the backend ({@link BackendCall}), and
 * handing the reply to {@link ReplyDelivery}. A message that can never be handled gets an error reply, so it
 * never blocks the queue.
 */
final class Dispatcher {

  private static final int DESCRIPTION_LENGTH = 80;

  /** What became of a row. */
  sealed interface Outcome permits Done, Later, Delivering {}

  /** Done with now: the cursor may pass it. */
  record Done() implements Outcome {}

  /** The engine stopped first: the row stays in the feed for the next run. */
  record Later() implements Outcome {}

  /** A reply is on its way; the row is done once it completes with {@code true}. */
  record Delivering(CompletableFuture<Boolean> delivered) implements Outcome {}

  private final Platform client;
  private final BackendCall backend;
  private final WorkspaceStats stats;
  private final TurnTracker turns;
  private final ReplyDelivery delivery;
  private final FileStore files;
  private final Progress progress;
  private final Clock clock;
  private final StopSignal signal;

  Dispatcher(Platform client, BackendCall backend, WorkspaceStats stats, TurnTracker turns, ReplyDelivery delivery,
      FileStore files, Progress progress, Clock clock, StopSignal signal) {
    this.client = client;
    this.backend = backend;
    this.stats = stats;
    this.turns = turns;
    this.delivery = delivery;
    this.files = files;
    this.progress = progress;
    this.clock = clock;
    this.signal = signal;
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
    TurnOutcome outcome = backend.call(message, row.systemType());
    if (outcome instanceof TurnOutcome.Nothing) {
      return new Later();
    }
    if (outcome instanceof TurnOutcome.Answer answer) {
      Logger.info("system turn {} ({}) handled; its answer is logged, not sent: {}", message.messageId(),
          row.systemType(), text(answer.reply()));
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
          + BackendCall.oneLine(client.scrubForSender(e.getMessage())));
    } catch (IOException e) {
      Logger.error("message {}: a file could not be stored: {}", row.message().messageId(), e.getMessage());
      stats.finished(event, WorkspaceObserver.Outcome.FAILED, started);
      return row.isReply() ? new Done() : sendError(row, "molecule could not store a file of this message");
    }
    TurnOutcome outcome = backend.call(message, describe(message));
    if (outcome instanceof TurnOutcome.Nothing) {
      stats.finished(event, WorkspaceObserver.Outcome.ABANDONED, started);
      return new Later(); // stopping during a retry wait: leave the message for the next run
    }
    if (outcome instanceof TurnOutcome.Failure failure) {
      stats.finished(event, WorkspaceObserver.Outcome.FAILED, started);
      return row.isReply() ? new Done() : sendError(row, failure.forSender());
    }
    Reply reply = ((TurnOutcome.Answer) outcome).reply();
    if (row.isReply()) {
      Logger.debug("message {} is a reply to {}: not answered (loop guard)", message.messageId(), row.inReplyTo());
      stats.finished(event, WorkspaceObserver.Outcome.SKIPPED, started);
      return new Done();
    }
    stats.finished(event, WorkspaceObserver.Outcome.ANSWERED, started);
    return send(message, reply, ReplyFormat.Kind.ANSWER);
  }

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

  static String from(InboundMessage message) {
    return switch (message.sender().kind()) {
      case HUMAN -> "the canvas";
      case PEER -> message.sender().displayName().map(n -> n + " (" + message.callerId() + ")")
          .orElse(message.callerId());
      case SYSTEM -> "the platform";
    };
  }

  /** What the canvas shows as the current task while {@code message} is handled. */
  static String describe(InboundMessage message) {
    String text = BackendCall.oneLine(message.text());
    if (text.length() > DESCRIPTION_LENGTH) {
      text = text.substring(0, DESCRIPTION_LENGTH) + "…";
    }
    return "message from " + from(message) + (text.isEmpty() ? "" : ": " + text);
  }

  private static String text(Reply reply) {
    StringBuilder out = new StringBuilder();
    reply.parts().stream().filter(Part.Text.class::isInstance).forEach(p -> out.append(((Part.Text) p).text()));
    String line = BackendCall.oneLine(out.toString());
    return line.length() <= 200 ? line : line.substring(0, 200) + "…";
  }

}
