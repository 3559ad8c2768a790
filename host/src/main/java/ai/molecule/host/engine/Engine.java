package ai.molecule.host.engine;

import ai.molecule.host.ExitCode;
import ai.molecule.host.MoleculeException;
import ai.molecule.host.PlatformFailure;
import ai.molecule.host.platform.ActivityQuery;
import ai.molecule.host.platform.ActivityRow;
import ai.molecule.host.platform.AgentCard;
import ai.molecule.host.platform.InboundParser;
import ai.molecule.host.platform.ParsedMessage;
import ai.molecule.host.platform.PlatformClient;
import ai.molecule.host.platform.PlatformException;
import ai.molecule.spi.Backend;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import org.tinylog.Logger;

/**
 * One workspace's connection: register, heartbeat on a thread of its own, and poll, dispatch, reply.
 * Messages of one conversation are handled in order, different conversations concurrently; the
 * cursor passes a message only once it and everything before it are answered, so a crash
 * re-delivers and never drops, and the handled ids saved with it keep a re-delivered message from
 * being answered twice.
 */
public final class Engine {

  private static final int MAX_PAGE = 500;
  /** How long to wait on a failure before ending: enough to finish a reply, no more. */
  private static final Duration FAILURE_GRACE = Duration.ofSeconds(2);

  private final PlatformClient client;
  private final EngineSettings settings;
  private final StateStore store;
  private final StopSignal signal = new StopSignal();
  private final Backoff backoff;
  private final Registration registration;
  private final WorkspaceStats stats;
  private final Heartbeat heartbeat;
  private final Dispatcher dispatcher;
  private final InboundParser parser;

  public Engine(PlatformClient client, Backend backend, AgentCard card, Path stateDirectory, EngineSettings settings) {
    this.client = Objects.requireNonNull(client, "client");
    this.settings = settings;
    String workspaceId = client.config().workspaceId();
    this.store = new StateStore(stateDirectory, workspaceId, settings.rememberedMessages());
    this.backoff = new Backoff(settings.backoffBase(), settings.backoffCap());
    this.registration = new Registration(client, card, backoff, signal);
    this.stats = new WorkspaceStats(Clock.systemUTC());
    this.heartbeat = new Heartbeat(client, stats, registration, signal, settings.heartbeatInterval());
    this.dispatcher = new Dispatcher(client, backend, stats, heartbeat, backoff, signal, settings.backendAttempts(),
        settings.replyPatience());
    this.parser = new InboundParser(workspaceId);
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
      serve();
    }
  }

  private void serve() throws MoleculeException {
    Progress progress = new Progress(store, store.load());
    ConversationLanes lanes = new ConversationLanes(settings.concurrency());
    try {
      if (registration.register(settings.registerAttempts())) {
        heartbeat.start();
        pollLoop(progress, lanes);
      }
    } catch (MoleculeException e) {
      signal.fail(e);
    } finally {
      boolean failed = signal.failure() != null;
      if (!lanes.shutdown(failed ? FAILURE_GRACE : settings.grace()) && !failed) {
        Logger.warn("messages still in hand after {} s were interrupted; they will be delivered again",
            settings.grace().toSeconds());
      }
      heartbeat.close();
      try {
        progress.saveFinally();
      } catch (IOException e) {
        failToSave(e);
      }
    }
    if (signal.failure() != null) {
      throw signal.failure();
    }
  }

  /** Asks the engine to stop: no new poll; messages in hand finish within the grace period. */
  public void stop() {
    signal.stop();
  }

  private void pollLoop(Progress progress, ConversationLanes lanes) throws MoleculeException {
    int failures = 0;
    Instant lastContact = Instant.now();
    Instant lastMessage = Instant.MIN;
    while (!signal.isStopped()) {
      if (!awaitRoom(progress)) {
        continue;
      }
      String cursor = progress.fetchCursor();
      int asked = pageSize(cursor);
      List<ActivityRow> rows;
      try {
        rows = fetch(cursor, asked);
        failures = 0;
        lastContact = Instant.now();
      } catch (PlatformException e) {
        switch (e.kind()) {
          case GONE -> {
            Logger.info("the platform no longer has cursor {}; reading the recent messages again", cursor);
            awaitNothingInHand(progress);
            progress.resetCursor();
            save(progress);
            continue;
          }
          case AUTH -> throw PlatformFailure.exit(e);
          case TRANSIENT, TOO_LARGE -> {
            failures++;
            checkGiveUp(lastContact, e);
            Duration wait = backoff.delay(failures, e.retryAfter());
            Logger.warn("poll failed, retrying in {} ms: {}", wait.toMillis(), e.getMessage());
            signal.sleep(wait);
            continue;
          }
          default -> throw PlatformFailure.exit(e);
        }
      }
      boolean anyMessage = false;
      for (ActivityRow row : cursor == null ? oldestFirst(rows) : rows) {
        anyMessage |= handOut(row, progress, lanes);
      }
      save(progress);
      if (anyMessage) {
        lastMessage = Instant.now();
      }
      // After a full page there is more waiting: read on at once. After a message, poll quickly a while.
      if (rows.size() < asked) {
        boolean busy = Duration.between(lastMessage, Instant.now()).compareTo(settings.busyWindow()) < 0;
        signal.sleep(busy ? settings.busyPollInterval() : settings.pollInterval());
      }
    }
  }

  /** Waits while as many rows are in hand as the workers can take (bounded memory); false to re-check. */
  private boolean awaitRoom(Progress progress) {
    try {
      return progress.awaitRoom(settings.concurrency() + settings.pageSize(), settings.pollInterval());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      signal.stop();
      return false;
    }
  }

  private void awaitNothingInHand(Progress progress) {
    while (!signal.isStopped() && progress.inHand() > 0) {
      try {
        progress.awaitRoom(1, settings.pollInterval());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        signal.stop();
      }
    }
  }

  private void checkGiveUp(Instant lastContact, PlatformException e) throws MoleculeException {
    Duration limit = settings.giveUpAfter();
    if (limit != null && Duration.between(lastContact, Instant.now()).compareTo(limit) > 0) {
      throw new MoleculeException(ExitCode.UNREACHABLE, "the platform has been unreachable for more than "
          + limit.toSeconds() + " s; last: " + e.getMessage(), e);
    }
  }

  /** One page of rows; a page too large to hold is read again a row at a time, bodies skipped last. */
  private List<ActivityRow> fetch(String cursor, int limit) throws PlatformException {
    ActivityQuery query = new ActivityQuery(cursor, settings.firstPollWindow().toSeconds(), limit);
    try {
      return client.activity(query, settings.maxPageBytes());
    } catch (PlatformException e) {
      if (e.kind() != PlatformException.Kind.TOO_LARGE) {
        throw e;
      }
    }
    if (cursor == null) {
      // Without a cursor a page of one would be the newest row, and the cursor would jump past the
      // rest: read this page again with the bodies skipped, so each row is at least refused.
      return client.activity(query, 0);
    }
    ActivityQuery single = new ActivityQuery(cursor, query.sinceSeconds(), 1);
    try {
      return client.activity(single, settings.maxPageBytes());
    } catch (PlatformException e) {
      if (e.kind() != PlatformException.Kind.TOO_LARGE) {
        throw e;
      }
      return client.activity(single, 0); // the row's body is skipped and the row refused
    }
  }

  private int pageSize(String cursor) {
    // The first read after a start or a 410 takes all it can: what it leaves is never read again.
    return cursor == null ? MAX_PAGE : settings.pageSize();
  }

  /** Tracks a row and gives it to its conversation's lane; returns whether it holds a message. */
  private boolean handOut(ActivityRow row, Progress progress, ConversationLanes lanes) {
    ParsedMessage parsed = parser.parse(row);
    String messageId = parsed.isMessage() ? parsed.message().messageId() : null;
    if (!progress.fetched(row.id())) {
      Logger.debug("activity row {} is already in hand; skipping the repeat", row.id());
      return false;
    }
    if (progress.wasHandled(row.id()) || progress.wasHandled(messageId)) {
      Logger.debug("activity row {} was already answered; skipping it", row.id());
      progress.done(row.id(), messageId);
      return false;
    }
    if (!parsed.isMessage() && !parsed.isMalformed()) {
      Logger.debug("skipping activity row {}: not a message for the agent", row.id());
      progress.done(row.id(), null);
      return false;
    }
    String lane = parsed.isMessage() ? parsed.message().conversationId() : "row:" + row.id();
    lanes.submit(lane, () -> {
      if (signal.isStopped()) {
        return; // not started before the stop: it stays in the feed for the next run
      }
      if (progress.wasHandled(messageId)) {
        // The same message in two rows of one page: answered by the first.
        progress.done(row.id(), messageId);
        return;
      }
      boolean done;
      try {
        done = dispatcher.dispatch(parsed);
      } catch (RuntimeException | Error e) {
        // A fault of ours, not the message's: log it and move on rather than hold the queue forever.
        Logger.error(e, "activity row {} could not be handled and is skipped", row.id());
        done = true;
      }
      if (done) {
        progress.done(row.id(), messageId);
        save(progress);
      }
    });
    return true;
  }

  /**
   * A page read without a cursor comes newest first; it is handled oldest first, so the newest row
   * becomes the cursor. By {@code created_at} when every row has one, else the reverse of the page.
   */
  static List<ActivityRow> oldestFirst(List<ActivityRow> rows) {
    List<ActivityRow> ordered = new ArrayList<>(rows);
    Collections.reverse(ordered);
    if (ordered.stream().allMatch(r -> r.createdAt() != null)) {
      ordered.sort(Comparator.comparing(ActivityRow::createdAt, Comparator.<Instant>naturalOrder()));
    }
    return ordered;
  }

  /** Saves the progress; a failure to save ends the engine, since every later answer could repeat. */
  private void save(Progress progress) {
    try {
      progress.save();
    } catch (java.nio.channels.ClosedByInterruptException e) {
      // A worker interrupted at the end of the grace period: the final save writes what it had.
      Logger.debug("a save was interrupted by the stop; the final save covers it");
    } catch (IOException e) {
      failToSave(e);
    }
  }

  private void failToSave(IOException e) {
    signal.fail(new MoleculeException(ExitCode.SOFTWARE, "cannot save the cursor to " + store.file() + " ("
        + e.getMessage() + "); messages would be answered again after a restart", e));
  }
}
