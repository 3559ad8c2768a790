package ai.molecule.host.engine;

import ai.molecule.host.ExitCode;
import ai.molecule.host.MoleculeException;
import ai.molecule.host.PlatformFailure;
import ai.molecule.host.platform.ActivityPage;
import ai.molecule.host.platform.ActivityQuery;
import ai.molecule.host.platform.ActivityRow;
import ai.molecule.host.platform.AgentCard;
import ai.molecule.host.platform.InboundParser;
import ai.molecule.host.platform.ParsedMessage;
import ai.molecule.host.platform.Platform;
import ai.molecule.host.platform.PlatformException;
import ai.molecule.spi.Backend;
import ai.molecule.spi.InboundMessage;
import ai.molecule.spi.Sender;
import ai.molecule.wire.A2aMessage;
import ai.molecule.wire.Answers;
import com.google.gson.JsonObject;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.tinylog.Logger;

/**
 * One workspace's connection. Its loops, each on a thread of its own:
 * <ol>
 *   <li>start-up ({@link Run#serve}): register ({@link Registration}, one total deadline), and
 *       check the platform keeps cursors;
 *   <li>{@link Heartbeat}: figures every period, and at once when a turn starts or ends;
 *   <li>the poll loop ({@link Run#pollLoop}): rows after the cursor, paced by the {@link
 *       ai.molecule.host.platform.RatePacer} and woken early by the {@link EventWatcher}, handed
 *       to conversation lanes;
 *   <li>the lanes: {@link Dispatcher} runs the backend within a turn ({@link TurnTracker} keeps it
 *       visibly alive); {@link ReplyDelivery} sends the reply from a pool of its own;
 *   <li>{@link LoopWatchdog}: no loop stops silently.
 * </ol>
 * Every loop that retries does so by the one {@link RetryPolicy}, and reads time only through the
 * {@link Timing} it is given. The cursor passes a row only once it and everything before it are
 * done, so a crash re-delivers and never drops; the handled ids saved with it, and reply ids
 * derived from the message, keep a re-delivered message from being answered twice.
 *
 * <p>It ends, saving the cursor either way, when:
 * <ul>
 *   <li>{@link #stop()} is called: messages in hand get the grace period (exit 0);
 *   <li>the token is refused, by any request (exit 3);
 *   <li>the platform is unreachable through the start-up deadline, or for longer than {@code
 *       giveUpAfter} while polling (exit 4);
 *   <li>the platform rejects our requests for good, refuses {@value Heartbeat#REFUSALS_TO_FAIL}
 *       heartbeats in a row, or is too old (exit 7);
 *   <li>the state cannot be saved (exit 1), or another process serves the workspace (exit 2).
 * </ul>
 */
public final class Engine {

  private static final int MAX_PAGE = 500;
  /** How long to wait on a failure before ending: enough to finish a reply, no more. */
  private static final Duration FAILURE_GRACE = Duration.ofSeconds(2);
  /** After a 410, the window read again: at least an hour, so a short outage loses nothing. */
  private static final Duration RECOVERY_WINDOW = Duration.ofHours(1);
  private static final Duration ACK_SPACING = Duration.ofSeconds(10);
  private static final Duration LONG_WAIT = Duration.ofSeconds(30);

  private final Platform client;
  private final Backend backend;
  private final EngineSettings settings;
  private final StateStore store;
  private final Timing timing;
  private final Clock clock;
  private final StopSignal signal;
  private final RetryPolicy retry;
  private final Registration registration;
  private final InboundParser parser;
  private final Path filesDirectory;
  private final Doorbell doorbell;
  private final WorkspaceObserver observer;

  public Engine(Platform client, Backend backend, AgentCard card, Path stateDirectory, EngineSettings settings) {
    this(client, backend, card, stateDirectory, settings, Timing.system());
  }

  /** An engine that tells {@code observer} what happens (logs, metrics, status, a supervisor listen there). */
  public Engine(Platform client, Backend backend, AgentCard card, Path stateDirectory, EngineSettings settings,
      WorkspaceObserver observer) {
    this(client, backend, card, stateDirectory, settings, Timing.system(), observer);
  }

  /** An engine on the given time: tests pass a fake one. */
  Engine(Platform client, Backend backend, AgentCard card, Path stateDirectory, EngineSettings settings,
      Timing timing) {
    this(client, backend, card, stateDirectory, settings, timing, WorkspaceObserver.NONE);
  }

  Engine(Platform client, Backend backend, AgentCard card, Path stateDirectory, EngineSettings settings,
      Timing timing, WorkspaceObserver observer) {
    this.observer = Objects.requireNonNull(observer, "observer");
    this.client = Objects.requireNonNull(client, "client");
    this.backend = backend;
    this.settings = settings;
    this.timing = timing;
    this.clock = timing.clock();
    this.signal = new StopSignal(timing);
    this.doorbell = new Doorbell(timing);
    String workspaceId = client.config().workspaceId();
    this.store = new StateStore(stateDirectory, workspaceId, settings.rememberedMessages());
    this.retry = RetryPolicy.of(new Backoff(settings.backoffBase(), settings.backoffCap()), clock, signal::sleep);
    this.registration = new Registration(client, card, retry, signal, stateDirectory.resolve(workspaceId + ".token"));
    this.parser = new InboundParser(workspaceId);
    this.filesDirectory = settings.filesDirectory() != null ? settings.filesDirectory()
        : stateDirectory.resolve(workspaceId + ".files");
  }

  /**
   * Runs until {@link #stop()} is called, or until a failure the operator must act on. On a stop,
   * messages in hand get the grace period to finish; the cursor is saved either way.
   *
   * @throws MoleculeException with the exit code to end the process with
   */
  public void run() throws MoleculeException {
    store.checkWritable();
    try (StateStore.Claim claim = store.lock()) {
      new Run().serve();
    }
  }

  /** Asks the engine to stop: no new poll (the one under way is aborted); messages in hand finish. */
  public void stop() {
    signal.stop();
    client.abortPolls();
    doorbell.ring();
  }

  /** One run's parts, built once the saved state is loaded. */
  private final class Run {
    private final CursorState saved = store.load();
    private final MonthlySpend spend = new MonthlySpend(clock, saved.spend());
    private final WorkspaceStats stats = new WorkspaceStats(clock, spend, client.config().workspaceId(), observer);
    private final Progress progress = new Progress(store, saved, timing);
    private final Heartbeat heartbeat = new Heartbeat(client, stats, registration, signal, clock,
        settings.heartbeatInterval());
    private final TurnTracker turns = new TurnTracker(client, stats, heartbeat, signal, clock,
        settings.livenessInterval(), settings.turnLimit(), progress::touch);
    private final ReplyDelivery delivery = new ReplyDelivery(client, stats, retry, signal, settings.replyPatience(),
        settings.deliveryConcurrency(), this::peerAnswered);
    private final ConversationLanes lanes = new ConversationLanes(settings.concurrency());
    private final Dispatcher dispatcher = new Dispatcher(client,
        new BackendCall(client, backend, stats, turns, retry, signal, progress::touch, settings), stats, turns, delivery,
        new FileStore(filesDirectory, client.config().workspaceId(), settings.maxUploadBytes()), progress, clock,
        signal);
    private final LoopWatchdog watchdog = new LoopWatchdog(clock,
        settings.pollInterval().plus(client.deadlines().control()).multipliedBy(2), settings.heartbeatInterval(), heartbeat,
        client::abortPolls);
    /** The event stream is silent between events but for our own heartbeats: allow two of them and more. */
    private final EventWatcher events = new EventWatcher(client, signal,
        max(settings.heartbeatInterval().multipliedBy(2).plusSeconds(10), Duration.ofSeconds(60)), doorbell,
        EventTimer.shared());
    private Instant lastAck = Instant.EPOCH;
    /** When the last message came: polls are quicker for a while after one. */
    private Instant lastMessage;
    /** After a 410, the window the first poll without a cursor reads again; else {@code null}. */
    private Duration recovery;

    Run() {
      progress.track(spend);
    }

    /** Start-up, then the poll loop until a stop or a failure; the shutdown whatever happened. */
    void serve() throws MoleculeException {
      try {
        stats.state(WorkspaceObserver.State.STARTING, "registering with " + client.config().baseUrl());
        registration.useIssuedToken();
        if (registration.register(settings.startupDeadline())) {
          stats.state(WorkspaceObserver.State.CONNECTED, "registered with " + client.config().baseUrl() + " (poll mode)");
          checkPlatform();
          heartbeat.start();
          watchdog.start();
          if (settings.events()) {
            events.start();
          }
          passOnKeptAnswers();
          pollLoop();
        }
      } catch (MoleculeException e) {
        signal.fail(e);
      } finally {
        shutDown();
        stats.state(WorkspaceObserver.State.STOPPED, signal.failure() != null ? signal.failure().getMessage() : "asked to stop");
      }
      if (signal.failure() != null) {
        throw signal.failure();
      }
    }

    private void shutDown() {
      boolean failed = signal.failure() != null;
      Duration grace = failed ? FAILURE_GRACE : settings.grace();
      Instant until = clock.instant().plus(grace);
      if (!lanes.shutdown(grace) && !failed) {
        turns.cancelAll();
        Logger.warn("messages still in hand after {} s were interrupted; they will be delivered again",
            grace.toSeconds());
      }
      Duration left = max(Duration.ZERO, Duration.between(clock.instant(), until));
      if (!delivery.shutdown(left) && !failed) {
        Logger.warn("replies still being delivered after {} s were cut short; their messages will be handled"
            + " again, with the same reply ids", grace.toSeconds());
      }
      watchdog.close();
      events.close();
      turns.close();
      heartbeat.close();
      try {
        progress.saveNow();
      } catch (IOException e) {
        failToSave(e);
      }
      if (!failed) {
        ack(true);
      }
    }

    /** Checks, once, that the platform keeps cursors: without them every restart would replay messages. */
    private void checkPlatform() throws MoleculeException {
      try {
        if (!client.keepsCursors()) {
          String why = "the platform at " + client.config().baseUrl() + " is too old: it does not keep a cursor in"
              + " the message feed (platform-api.md), so messages could be answered twice or missed";
          if (settings.requireCursors()) {
            throw new MoleculeException(ExitCode.REJECTED, why + "; upgrade it, or pass --allow-old-platform");
          }
          Logger.warn("{}; going on, as --allow-old-platform asks", why);
        }
      } catch (PlatformException e) {
        if (e.kind() == PlatformException.Kind.AUTH) {
          throw PlatformFailure.exit(e);
        }
        if (e.kind() == PlatformException.Kind.NOT_FOUND || e.kind() == PlatformException.Kind.PERMANENT) {
          throw PlatformFailure.exit(e);
        }
        Logger.warn("could not check what the platform supports ({}); going on", e.getMessage());
      }
    }

    /**
     * Reads the feed until the stop. Each turn: room for more rows, one page (a failure waits by
     * the retry policy; a 410 starts again without the cursor), its rows handed out, and, unless
     * more are waiting, the wait for the next poll. Ends on a refused token, a platform that
     * rejects the poll, or one unreachable past {@code giveUpAfter}.
     */
    private void pollLoop() throws MoleculeException {
      RetryPolicy.Retries retries = retry.giveUpAfter(settings.giveUpAfter()).begin();
      while (!signal.isStopped()) {
        watchdog.pollIterated();
        if (!awaitRoom()) {
          continue;
        }
        String cursor = progress.fetchCursor();
        int asked = cursor == null ? MAX_PAGE : settings.pageSize();
        Optional<ActivityPage> page = fetch(cursor, asked, retries);
        if (page.isPresent() && !handOutPage(cursor, asked, page.get())) {
          awaitNextPoll(client.pacer().pollSpacing(wantedSpacing()));
        }
      }
    }

    /** One page after the cursor; empty when there is none to hand out (it failed, was reset, or we stop). */
    private Optional<ActivityPage> fetch(String cursor, int asked, RetryPolicy.Retries retries)
        throws MoleculeException {
      try {
        long window = recovery != null ? recovery.toSeconds() : settings.firstPollWindow().toSeconds();
        ActivityPage page = client.activity(new ActivityQuery(cursor, window, asked), settings.maxPageBytes(),
            settings.maxPageBytes());
        retries.succeeded();
        events.pollSucceeded();
        return Optional.of(page);
      } catch (PlatformException e) {
        if (signal.isStopped()) {
          return Optional.empty();
        }
        switch (e.kind()) {
          case GONE -> recoverFrom(cursor);
          case AUTH -> throw PlatformFailure.exit(e);
          case TRANSIENT, TOO_LARGE -> {
            if (e.kind() == PlatformException.Kind.TRANSIENT) {
              stats.unreachable(e.getMessage());
            }
            waitToRetry(retries, e);
          }
          default -> throw PlatformFailure.exit(e);
        }
        return Optional.empty();
      }
    }

    /** The platform dropped our place (410): once nothing is in hand, read the last while again. */
    private void recoverFrom(String cursor) {
      Logger.warn("the platform no longer has our place in the feed (cursor {}, HTTP 410); reading the"
          + " last {} min again, answering only what was not answered", cursor, RECOVERY_WINDOW.toMinutes());
      awaitNothingInHand();
      progress.resetCursor();
      save();
      recovery = RECOVERY_WINDOW;
    }

    /** Hands a page's rows out, oldest first; returns whether more rows are waiting (read on at once). */
    private boolean handOutPage(String cursor, int asked, ActivityPage page) {
      List<ActivityRow> rows = cursor == null ? oldestFirst(page.rows()) : page.rows();
      if (cursor == null && recovery != null && page.rows().size() >= MAX_PAGE) {
        Logger.warn("after the platform dropped our place in the feed, its last {} min hold at least {} rows;"
            + " older ones in that time are not read", RECOVERY_WINDOW.toMinutes(), page.rows().size());
      }
      recovery = null;
      boolean anyMessage = false;
      for (ActivityRow row : rows) {
        anyMessage |= handOut(row);
      }
      stats.polled(progress.inHand());
      save();
      ack(false);
      if (anyMessage) {
        lastMessage = clock.instant();
      }
      // After a full page (or one cut short) there is more waiting.
      return rows.size() >= asked || page.cut();
    }

    /**
     * The spacing wanted before the next poll: quick for a while after a message, else the
     * interval; with the event stream open a new row rings the doorbell, so only a slow safety poll.
     */
    private Duration wantedSpacing() {
      if (events.up()) {
        return settings.idleInterval();
      }
      boolean busy = lastMessage != null
          && Duration.between(lastMessage, clock.instant()).compareTo(settings.busyWindow()) < 0;
      return busy ? settings.busyPollInterval() : settings.pollInterval();
    }

    /** Waits for the next poll: its time, or the doorbell (an event, a stop), whichever comes first. */
    private void awaitNextPoll(Duration wait) {
      watchdog.pollWaiting(true);
      try {
        doorbell.await(wait);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        signal.stop();
      } finally {
        watchdog.pollWaiting(false);
      }
    }

    /**
     * Waits before polling again, by the retry policy (a {@code Retry-After} obeyed up to its cap),
     * and says so when the wait is long; ends the engine when the policy gives up.
     */
    private void waitToRetry(RetryPolicy.Retries retries, PlatformException e) throws MoleculeException {
      Optional<Duration> wait = retries.failed(e.retryAfter());
      if (wait.isEmpty()) {
        throw PlatformFailure.exit(e, "the platform has been unreachable for more than "
            + settings.giveUpAfter().toSeconds() + " s; last: " + e.getMessage());
      }
      if (wait.get().compareTo(LONG_WAIT) >= 0) {
        Logger.warn("poll failed, retrying at {} (in {} s): {}", DateTimeFormatter.ofPattern("HH:mm:ss")
            .format(clock.instant().plus(wait.get()).atZone(ZoneId.systemDefault())), wait.get().toSeconds(),
            e.getMessage());
      } else {
        Logger.warn("poll failed, retrying in {} ms: {}", wait.get().toMillis(), e.getMessage());
      }
      watchdog.pollWaiting(true);
      try {
        retries.pause(wait.get());
      } finally {
        watchdog.pollWaiting(false);
      }
    }

    /** Tells the platform which rows are handled, so it prunes them on its schedule; at most every few seconds. */
    private void ack(boolean now) {
      long seq = progress.seqToAck();
      if (seq < 0 || !now && Duration.between(lastAck, clock.instant()).compareTo(ACK_SPACING) < 0) {
        return;
      }
      lastAck = clock.instant();
      try {
        client.ack(seq);
        progress.acked(seq);
      } catch (PlatformException e) {
        if (e.kind() == PlatformException.Kind.AUTH && !signal.isStopped()) {
          signal.fail(PlatformFailure.exit(e));
        } else {
          Logger.debug("ack of seq {} failed: {}", seq, e.getMessage());
        }
      }
    }

    /** Waits while as many rows are in hand as the workers can take (bounded memory); false to re-check. */
    private boolean awaitRoom() {
      watchdog.pollWaiting(true);
      try {
        return progress.awaitRoom(settings.concurrency() + settings.pageSize(), settings.pollInterval());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        signal.stop();
        return false;
      } finally {
        watchdog.pollWaiting(false);
      }
    }

    private void awaitNothingInHand() {
      while (!signal.isStopped() && progress.inHand() > 0) {
        try {
          progress.awaitRoom(1, settings.pollInterval());
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          signal.stop();
        }
      }
    }

    /** Tracks a row and gives it to its conversation's lane; returns whether it holds a message. */
    private boolean handOut(ActivityRow row) {
      ParsedMessage parsed = parser.parse(row);
      String messageId = parsed.message() != null ? parsed.message().messageId() : null;
      if (!progress.fetched(row.id(), row.seq())) {
        Logger.debug("activity row {} is already in hand; skipping the repeat", row.id());
        return false;
      }
      if (progress.wasHandled(row.id()) || progress.wasHandled(messageId)) {
        Logger.debug("activity row {} was already answered; skipping it", row.id());
        progress.done(row.id(), messageId);
        return false;
      }
      switch (parsed.kind()) {
        case SKIP, UPLOAD -> {
          if (parsed.kind() == ParsedMessage.Kind.UPLOAD && progress.isOwnUpload(parsed.upload())) {
            Logger.debug("activity row {} is our own upload; skipping it", row.id());
          } else {
            Logger.debug("skipping activity row {}: {}", row.id(), parsed.problem() == null ? "an upload, fetched"
                + " with its message" : parsed.problem());
          }
          progress.done(row.id(), null);
          return false;
        }
        case SYSTEM -> {
          if (parsed.isLivenessCheck() || !backend.acceptsSystemTurns()) {
            // Answered by the host itself, at once: never behind a turn of the same conversation.
            dispatcher.dispatch(parsed);
            progress.done(row.id(), messageId);
            return false;
          }
          submit("system", parsed, row.id(), messageId);
          return true;
        }
        default -> {
          String lane = parsed.isMessage() ? parsed.message().conversationId() : "row:" + row.id();
          submit(lane, parsed, row.id(), messageId);
          return true;
        }
      }
    }

    private void submit(String lane, ParsedMessage parsed, String rowId, String messageId) {
      lanes.submit(lane, () -> {
        if (signal.isStopped()) {
          return; // not started before the stop: it stays in the feed for the next run
        }
        if (progress.wasHandled(messageId)) {
          // The same message in two rows of one page: answered by the first.
          finish(rowId, messageId);
          return;
        }
        Dispatcher.Outcome outcome;
        try {
          outcome = dispatcher.dispatch(parsed);
        } catch (RuntimeException | Error e) {
          // A fault of ours, not the message's: log it and move on rather than hold the queue forever.
          Logger.error(e, "activity row {} could not be handled and is skipped", rowId);
          outcome = new Dispatcher.Done();
        }
        if (outcome instanceof Dispatcher.Done) {
          finish(rowId, messageId);
        } else if (outcome instanceof Dispatcher.Delivering delivering) {
          delivering.delivered().thenAccept(delivered -> {
            if (delivered) {
              finish(rowId, messageId);
            }
          });
        }
      });
    }

    private void finish(String rowId, String messageId) {
      if (rowId != null) {
        progress.done(rowId, messageId);
      } else {
        progress.handled(messageId);
      }
      save();
    }

    /**
     * A push-mode peer answered our reply in the response body: that answer exists nowhere else, so
     * it is written to the state file first, then goes to the backend as the peer's next message,
     * marked as a reply (the loop guard keeps it from being answered automatically); with {@code
     * --peer-answers log} it is only logged. Remembered by its id, so it is handled once.
     */
    private void peerAnswered(String peerId, JsonObject result) {
      Optional<KeptAnswer> answer = KeptAnswer.of(peerId, result);
      if (Answers.parts(result).isEmpty() || answer.isEmpty() || progress.wasHandled(answer.get().messageId())) {
        Logger.info("the answer of {} to our reply has nothing to pass on (or was passed on already)", peerId);
        return;
      }
      KeptAnswer kept = answer.get();
      String messageId = kept.messageId();
      if (!settings.peerAnswersToBackend()) {
        Logger.info("{} answered our reply (message {}); logged only (--peer-answers log)", peerId, messageId);
        Logger.debug("the answer of {}: {}", peerId, result);
        finish(null, messageId);
        return;
      }
      progress.keepAnswer(kept);
      try {
        progress.saveNow();
      } catch (IOException e) {
        failToSave(e);
      }
      if (signal.isStopped()) {
        Logger.info("the answer of {} to our reply came as molecule stopped; kept for the next run", peerId);
        return;
      }
      passOn(kept);
    }

    /** Answers kept by an earlier run that stopped before handling them: handled now, before any poll. */
    private void passOnKeptAnswers() {
      for (KeptAnswer kept : progress.keptAnswers()) {
        Logger.info("passing on the answer of {} to our reply, kept from before the restart", kept.peerId());
        passOn(kept);
      }
    }

    private void passOn(KeptAnswer kept) {
      A2aMessage answer = A2aMessage.fromJson(kept.result());
      InboundMessage.Builder builder = InboundMessage.builder(client.config().workspaceId(), kept.messageId())
          .sender(Sender.peer(kept.peerId(), null, null))
          .contextId(answer.contextId())
          .taskId(answer.taskId())
          .rawJson(kept.result().toString())
          .inReplyTo("synchronous answer");
      Answers.parts(kept.result()).forEach(builder::part);
      InboundMessage message = builder.build();
      ParsedMessage parsed = new ParsedMessage(null, -1, ParsedMessage.Kind.MESSAGE, message, message.inReplyTo(),
          null, kept.peerId(), null, null);
      try {
        submit(message.conversationId(), parsed, null, kept.messageId());
      } catch (java.util.concurrent.RejectedExecutionException stopping) {
        // The lanes closed for the stop meanwhile: the answer stays kept for the next run.
        Logger.info("the answer of {} to our reply came as molecule stopped; kept for the next run", kept.peerId());
      }
    }

    /** Saves the progress; a failure to save ends the engine, since every later answer could repeat. */
    private void save() {
      try {
        progress.save();
      } catch (java.nio.channels.ClosedByInterruptException e) {
        // A worker interrupted at the end of the grace period: the final save writes what it had.
        Logger.debug("a save was interrupted by the stop; the final save covers it");
      } catch (IOException e) {
        failToSave(e);
      }
    }
  }


  private static Duration max(Duration a, Duration b) {
    return a.compareTo(b) >= 0 ? a : b;
  }

  /**
   * A page read without a cursor comes newest first; it is handled oldest first, so the newest row
   * becomes the cursor. By {@code created_at} (then {@code seq}) when every row has one, else the
   * reverse of the page.
   */
  static List<ActivityRow> oldestFirst(List<ActivityRow> rows) {
    List<ActivityRow> ordered = new ArrayList<>(rows);
    Collections.reverse(ordered);
    if (ordered.stream().allMatch(r -> r.createdAt() != null)) {
      ordered.sort(Comparator.comparing(ActivityRow::createdAt, Comparator.<Instant>naturalOrder())
          .thenComparingLong(ActivityRow::seq));
    }
    return ordered;
  }

  private void failToSave(IOException e) {
    signal.fail(new MoleculeException(ExitCode.SOFTWARE, "cannot save the cursor to " + store.file() + " ("
        + e.getMessage() + "); messages would be answered again after a restart", e));
  }
}
