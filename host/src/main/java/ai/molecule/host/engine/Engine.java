package ai.molecule.host.engine;

import ai.molecule.host.ExitCode;
import ai.molecule.host.MoleculeException;
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
 * One workspace's connection: register, heartbeat on a thread of its own, and poll, dispatch, reply,
 * then advance and persist the cursor. The cursor passes a message only once it has been answered,
 * so a crash re-delivers and never drops; the handled ids saved with it keep a re-delivered message
 * from being answered twice.
 */
public final class Engine {

  private static final int MAX_PAGE = 500;

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
    this.dispatcher = new Dispatcher(client, backend, stats, heartbeat, backoff, signal, settings.backendAttempts());
    this.parser = new InboundParser(workspaceId);
  }

  /**
   * Runs until {@link #stop()} is called, or until a failure the operator must act on.
   *
   * @throws MoleculeException with the exit code to end the process with
   */
  public void run() throws MoleculeException {
    store.checkWritable();
    CursorState state = store.load();
    try {
      if (!registration.register(settings.registerAttempts())) {
        return;
      }
      heartbeat.start();
      pollLoop(state);
    } finally {
      heartbeat.close();
    }
    if (signal.failure() != null) {
      throw signal.failure();
    }
  }

  /** Asks the engine to stop: no new poll, the message in hand is finished and the cursor saved. */
  public void stop() {
    signal.stop();
  }

  private void pollLoop(CursorState state) throws MoleculeException {
    int failures = 0;
    while (!signal.isStopped()) {
      List<ActivityRow> rows;
      int asked = pageSize(state.cursor());
      try {
        rows = fetch(state.cursor());
        failures = 0;
      } catch (PlatformException e) {
        switch (e.kind()) {
          case GONE -> {
            Logger.info("the platform no longer has cursor {}; reading the recent messages again", state.cursor());
            state.resetCursor();
            save(state);
            continue;
          }
          case AUTH -> throw new MoleculeException(ExitCode.AUTH, e.getMessage(), e);
          case TRANSIENT, TOO_LARGE -> {
            failures++;
            Duration wait = backoff.delay(failures, e.retryAfter());
            Logger.warn("poll failed, retrying in {} ms: {}", wait.toMillis(), e.getMessage());
            signal.sleep(wait);
            continue;
          }
          default -> throw new MoleculeException(ExitCode.REJECTED, e.getMessage(), e);
        }
      }
      List<ActivityRow> ordered = state.cursor() == null ? oldestFirst(rows) : rows;
      for (ActivityRow row : ordered) {
        if (signal.isStopped()) {
          break;
        }
        if (!handle(row, state)) {
          break;
        }
        save(state);
      }
      // After a full page there is more waiting: read on at once.
      if (rows.size() < asked && !signal.isStopped()) {
        signal.sleep(settings.pollInterval());
      }
    }
  }

  /** One page of rows; a page too large to hold is read again a row at a time, bodies skipped last. */
  private List<ActivityRow> fetch(String cursor) throws PlatformException {
    ActivityQuery query = new ActivityQuery(cursor, settings.firstPollWindow().toSeconds(), pageSize(cursor));
    try {
      return client.activity(query, settings.maxPageBytes());
    } catch (PlatformException e) {
      if (e.kind() != PlatformException.Kind.TOO_LARGE) {
        throw e;
      }
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

  /** Returns {@code false} when the engine is stopping before the row was done with. */
  private boolean handle(ActivityRow row, CursorState state) {
    ParsedMessage parsed = parser.parse(row);
    String messageId = parsed.isMessage() ? parsed.message().messageId() : null;
    if (state.wasHandled(row.id()) || state.wasHandled(messageId)) {
      Logger.debug("activity row {} was already answered; skipping it", row.id());
      state.advance(row.id(), messageId);
      return true;
    }
    if (!dispatcher.dispatch(parsed)) {
      return false;
    }
    state.advance(row.id(), messageId);
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

  private void save(CursorState state) throws MoleculeException {
    try {
      store.save(state);
    } catch (IOException e) {
      throw new MoleculeException(ExitCode.SOFTWARE, "cannot save the cursor to " + store.file() + " ("
          + e.getMessage() + "); messages would be answered again after a restart", e);
    }
  }
}
