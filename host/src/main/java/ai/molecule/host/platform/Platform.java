package ai.molecule.host.platform;

import ai.molecule.host.platform.PlatformAnswers.Beat;
import ai.molecule.host.platform.PlatformAnswers.PeerAnswer;
import ai.molecule.host.platform.PlatformAnswers.Registered;
import com.google.gson.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * The platform as the engine uses it: exactly the workspace's operations, with no HTTP in sight.
 * {@link PlatformClient} is the implementation over the wire; engine tests use one in memory. Every
 * failure is a {@link PlatformException} whose kind says whether to retry, reset, or stop.
 * Implementations are thread-safe.
 */
public interface Platform {

  /** Where the platform is and who we are on it. */
  PlatformConfig config();

  /** How long each class of request may take; the engine's watchdog is sized from it. */
  Deadlines deadlines();

  /** This process's share of the rate budget, which spaces the polls. */
  RatePacer pacer();

  /** Uses this token from now on: one the platform issued at register. */
  void useToken(Secret newToken);

  /** The token in use: the configured one until {@link #useToken} brings another. */
  Secret token();

  /** Scrubs the token and anything that looks like a bearer out of text bound for a log. */
  default String scrub(String text) {
    return Secrets.scrub(text, token());
  }

  /** As {@link #scrub}, and without local or private addresses: for text a sender will read. */
  default String scrubForSender(String text) {
    return Secrets.forSender(text, token());
  }

  /** Aborts the polls (and the event stream) under way now, so a stop does not wait out a deadline. */
  void abortPolls();

  /**
   * Registers the workspace in push mode at {@code pushUrl} (the platform then POSTs each message
   * there), or in poll mode when it is {@code null}.
   */
  Registered register(AgentCard card, java.net.URI pushUrl) throws PlatformException;

  /** Says the workspace is alive, with its figures. */
  Beat heartbeat(HeartbeatFigures figures) throws PlatformException;

  /**
   * One page of the inbound feed, in the order the platform sent it.
   *
   * @param rowLimit the most bytes of one row parsed; a larger row is refused by id
   * @param pageBudget the most bytes of rows kept for one page; past it the page is cut short
   */
  ActivityPage activity(ActivityQuery query, long rowLimit, long pageBudget) throws PlatformException;

  /** Whether the platform keeps cursors in the feed (without them every restart would replay). */
  boolean keepsCursors() throws PlatformException;

  /** Rows up to {@code seq} were handled; returns the stored maximum. */
  long ack(long seq) throws PlatformException;

  /** A {@code task_update} row: a line on the canvas, and liveness. */
  void taskUpdate(String summary) throws PlatformException;

  /** A message/send to an agent; a push-mode peer may answer it at once. */
  PeerAnswer sendToAgent(String callerId, JsonObject request) throws PlatformException;

  /** A message to the humans on the canvas. */
  void notifyCanvas(JsonObject notification) throws PlatformException;

  /** Reads a staged upload into {@code target} (at most {@code maxBytes}); returns its content type. */
  Optional<String> readUpload(String fileId, Path target, long maxBytes) throws PlatformException;

  /** Tells the platform we have a staged upload. */
  void ackUpload(String fileId) throws PlatformException;

  /** Stages one of our files for the canvas; returns the attachment to pass to notify. */
  JsonObject uploadForCanvas(Path file, String name, String mimeType) throws PlatformException;

  /**
   * Opens the workspace's event stream, without a thread of its own: {@code inbound} is called for
   * every event that announces a new inbound row, {@code opened} once it is open; the stream's idle
   * limit is kept on {@code timer}.
   *
   * @return completes when the stream ends (closed, silent for {@code idleLimit}, or aborted; cancel
   *     it to close the stream); exceptionally with a {@link PlatformException} when the platform
   *     refuses the stream or has none (not {@code TRANSIENT}) or it could not be opened ({@code TRANSIENT})
   */
  java.util.concurrent.CompletableFuture<Void> events(Duration idleLimit,
      java.util.concurrent.ScheduledExecutorService timer, Runnable opened, Runnable inbound);
}
