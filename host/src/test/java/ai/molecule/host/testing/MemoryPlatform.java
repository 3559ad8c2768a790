package ai.molecule.host.testing;

import ai.molecule.host.platform.ActivityPage;
import ai.molecule.host.platform.ActivityQuery;
import ai.molecule.host.platform.AgentCard;
import ai.molecule.host.platform.Deadlines;
import ai.molecule.host.platform.HeartbeatFigures;
import ai.molecule.host.platform.Platform;
import ai.molecule.host.platform.PlatformAnswers.Beat;
import ai.molecule.host.platform.PlatformAnswers.PeerAnswer;
import ai.molecule.host.platform.PlatformAnswers.Queued;
import ai.molecule.host.platform.PlatformAnswers.Registered;
import ai.molecule.host.platform.PlatformConfig;
import ai.molecule.host.platform.PlatformException;
import ai.molecule.host.platform.PlatformException.Kind;
import ai.molecule.host.platform.RatePacer;
import ai.molecule.host.platform.Secret;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The platform in memory, for engine tests where HTTP is not the point: a feed of rows queued in
 * memory and read after a cursor as platform-api.md says (newest first without one, 410 for a
 * cursor it does not have), every call recorded with the virtual time it came at, and faults
 * injected per call. Each call tells the {@link FakeClock}, so a test waiting with {@link
 * FakeClock#until} wakes at once. Pages are read by the client's own {@link ActivityPage#read}, so
 * the engine sees rows exactly as the wire gives them.
 */
public final class MemoryPlatform implements Platform {

  /** The calls a fault can be injected into. */
  public enum Call { REGISTER, HEARTBEAT, POLL, ACK, TASK_UPDATE, PEER, NOTIFY, EVENTS }

  /** One poll as asked, and when. */
  public record Poll(ActivityQuery query, Instant at) {}

  /** One reply to an agent, and when it was tried. */
  public record Sent(String peerId, JsonObject request, Instant at) {}

  private final FakeClock clock;
  private final PlatformConfig config = new PlatformConfig(URI.create("http://platform.test"), Rows.WORKSPACE,
      new Secret(FakePlatform.TOKEN), null, Duration.ofSeconds(5));
  private final RatePacer pacer;
  private final List<JsonObject> feed = new ArrayList<>();
  private final Map<Call, Deque<Supplier<PlatformException>>> faults = new EnumMap<>(Call.class);
  private final Map<Call, Supplier<PlatformException>> standing = new EnumMap<>(Call.class);
  private final Map<Call, Integer> attempts = new EnumMap<>(Call.class);
  private final List<Poll> polls = new ArrayList<>();
  private final List<Sent> tried = new ArrayList<>();
  private final List<Sent> agentReplies = new ArrayList<>();
  private final List<JsonObject> notifications = new ArrayList<>();
  private final List<HeartbeatFigures> heartbeats = new ArrayList<>();
  private final List<String> taskUpdates = new ArrayList<>();
  private final List<Long> acks = new ArrayList<>();
  private int registrations;
  private volatile Secret token = config.token();

  public MemoryPlatform(FakeClock clock) {
    this.clock = clock;
    this.pacer = new RatePacer(clock, 1.0);
  }

  // ---- the feed and the faults, as a test sets them up ----

  /** Adds rows to the feed, oldest first (as the platform stores them). */
  public synchronized MemoryPlatform rows(JsonObject... rows) {
    feed.addAll(List.of(rows));
    return this;
  }

  /** The next {@code times} calls of {@code call} fail with this fault; later ones succeed. */
  public synchronized MemoryPlatform failNext(Call call, int times, Supplier<PlatformException> fault) {
    for (int i = 0; i < times; i++) {
      faults.computeIfAbsent(call, c -> new ArrayDeque<>()).add(fault);
    }
    return this;
  }

  /** Every call of {@code call} fails with this fault from now on ({@code null}: none fails any more). */
  public synchronized MemoryPlatform failAlways(Call call, Supplier<PlatformException> fault) {
    if (fault == null) {
      standing.remove(call);
    } else {
      standing.put(call, fault);
    }
    return this;
  }

  /** A 503: transient, and (a status came back) it may have arrived, yet it is safe to resend. */
  public static Supplier<PlatformException> unavailable() {
    return () -> new PlatformException(Kind.TRANSIENT, 503, "HTTP 503: platform unavailable", null, null);
  }

  /** A 429 asking to wait {@code retryAfter}. */
  public static Supplier<PlatformException> rateLimited(Duration retryAfter) {
    return () -> new PlatformException(Kind.TRANSIENT, 429, "HTTP 429: rate limit exceeded", retryAfter, null);
  }

  /** A 401: the token is refused. */
  public static Supplier<PlatformException> unauthorized() {
    return () -> new PlatformException(Kind.AUTH, 401, "HTTP 401: the workspace token was refused; check the token",
        null, null);
  }

  /** A 410 on the cursor. */
  public static Supplier<PlatformException> gone() {
    return () -> new PlatformException(Kind.GONE, 410, "HTTP 410: cursor not found", null, null);
  }

  /** A 404: the platform has no such thing (the event stream, here). */
  public static Supplier<PlatformException> notFound() {
    return () -> new PlatformException(Kind.NOT_FOUND, 404, "HTTP 404: not found", null, null);
  }

  // ---- what the engine did ----

  public synchronized int registrations() {
    return registrations;
  }

  public synchronized List<HeartbeatFigures> heartbeats() {
    return List.copyOf(heartbeats);
  }

  public synchronized List<Poll> polls() {
    return List.copyOf(polls);
  }

  /** Whether a poll asked for the rows after {@code cursor}: the engine got past it. */
  public synchronized boolean polledAfter(String cursor) {
    return polls.stream().anyMatch(p -> cursor.equals(p.query().cursor()));
  }

  /** Replies the platform took, in order. */
  public synchronized List<Sent> agentReplies() {
    return List.copyOf(agentReplies);
  }

  /** Every reply the engine tried to send, refused ones included. */
  public synchronized List<Sent> agentReplyAttempts() {
    return List.copyOf(tried);
  }

  public synchronized List<JsonObject> notifications() {
    return List.copyOf(notifications);
  }

  public synchronized List<String> taskUpdates() {
    return List.copyOf(taskUpdates);
  }

  public synchronized List<Long> acks() {
    return List.copyOf(acks);
  }

  /** How many times {@code call} was made, failed ones included. */
  public synchronized int attempts(Call call) {
    return attempts.getOrDefault(call, 0);
  }

  // ---- Platform ----

  @Override
  public PlatformConfig config() {
    return config;
  }

  @Override
  public Deadlines deadlines() {
    return Deadlines.defaults().withControl(config.requestTimeout());
  }

  @Override
  public RatePacer pacer() {
    return pacer;
  }

  @Override
  public void useToken(Secret newToken) {
    token = newToken;
  }

  @Override
  public Secret token() {
    return token;
  }

  @Override
  public void abortPolls() {
    clock.changed(); // nothing is ever under way here: a call returns at once
  }

  @Override
  public Registered register(AgentCard card, java.net.URI pushUrl) throws PlatformException {
    call(Call.REGISTER, () -> registrations++);
    return new Registered(null, null);
  }

  @Override
  public Beat heartbeat(HeartbeatFigures figures) throws PlatformException {
    call(Call.HEARTBEAT, () -> heartbeats.add(figures));
    return new Beat(-1, null);
  }

  @Override
  public ActivityPage activity(ActivityQuery query, long rowLimit, long pageBudget) throws PlatformException {
    JsonArray page = new JsonArray();
    try {
      synchronized (this) {
        polls.add(new Poll(query, clock.instant()));
        enter(Call.POLL);
        if (query.cursor() == null) {
          for (int i = feed.size() - 1; i >= 0 && page.size() < query.limit(); i--) {
            page.add(feed.get(i)); // newest first, as the platform sends a page without a cursor
          }
        } else {
          int at = indexOf(query.cursor());
          if (at < 0) {
            throw gone().get();
          }
          for (int i = at + 1; i < feed.size() && page.size() < query.limit(); i++) {
            page.add(feed.get(i));
          }
        }
      }
    } finally {
      clock.changed();
    }
    try {
      return ActivityPage.read(new ByteArrayInputStream(page.toString().getBytes(StandardCharsets.UTF_8)),
          rowLimit, pageBudget);
    } catch (IOException e) {
      throw new AssertionError("the fake's own page does not read", e);
    }
  }

  @Override
  public boolean keepsCursors() {
    return true;
  }

  @Override
  public long ack(long seq) throws PlatformException {
    call(Call.ACK, () -> acks.add(seq));
    return seq;
  }

  @Override
  public void taskUpdate(String summary) throws PlatformException {
    call(Call.TASK_UPDATE, () -> taskUpdates.add(summary));
  }

  @Override
  public PeerAnswer sendToAgent(String callerId, JsonObject request) throws PlatformException {
    Sent sent = new Sent(callerId, request.deepCopy(), clock.instant());
    synchronized (this) {
      tried.add(sent);
    }
    call(Call.PEER, () -> agentReplies.add(sent));
    return new Queued("queued (poll)");
  }

  @Override
  public void notifyCanvas(JsonObject notification) throws PlatformException {
    call(Call.NOTIFY, () -> notifications.add(notification.deepCopy()));
  }

  @Override
  public Optional<String> readUpload(String fileId, Path target, long maxBytes) throws PlatformException {
    throw new PlatformException(Kind.NOT_FOUND, 404, "upload " + fileId + ": this fake stages no uploads", null, null);
  }

  @Override
  public void ackUpload(String fileId) throws PlatformException {
    throw new PlatformException(Kind.NOT_FOUND, 404, "upload " + fileId + ": this fake stages no uploads", null, null);
  }

  @Override
  public JsonObject uploadForCanvas(Path file, String name, String mimeType) throws PlatformException {
    throw new PlatformException(Kind.PERMANENT, 400, "this fake takes no uploads", null, null);
  }

  /** A platform without an event stream (unless a test injects another fault): the engine polls. */
  @Override
  public java.util.concurrent.CompletableFuture<Void> events(Duration idleLimit,
      java.util.concurrent.ScheduledExecutorService timer, Runnable opened, Runnable inbound) {
    try {
      call(Call.EVENTS, () -> { });
      throw notFound().get();
    } catch (PlatformException e) {
      return java.util.concurrent.CompletableFuture.failedFuture(e);
    }
  }

  /** Makes a call: counts it, throws its injected fault if it has one, else records it; tells the clock. */
  private void call(Call call, Runnable record) throws PlatformException {
    try {
      synchronized (this) {
        enter(call);
        record.run();
      }
    } finally {
      clock.changed();
    }
  }

  /** Counts the call and throws its injected fault, if it has one. Holds the lock. */
  private void enter(Call call) throws PlatformException {
    attempts.merge(call, 1, Integer::sum);
    Deque<Supplier<PlatformException>> queued = faults.get(call);
    if (queued != null && !queued.isEmpty()) {
      throw queued.poll().get();
    }
    Supplier<PlatformException> always = standing.get(call);
    if (always != null) {
      throw always.get();
    }
  }

  private int indexOf(String rowId) {
    for (int i = 0; i < feed.size(); i++) {
      if (rowId.equals(feed.get(i).get("id").getAsString())) {
        return i;
      }
    }
    return -1;
  }

  /** The text of the first part of an A2A reply. */
  public static String replyText(Sent sent) {
    return FakePlatform.replyText(sent.request());
  }

  /** The message id a reply answers ({@code metadata.in_reply_to}). */
  public static String inReplyTo(Sent sent) {
    return FakePlatform.message(sent.request()).getAsJsonObject("metadata").get("in_reply_to").getAsString();
  }
}
