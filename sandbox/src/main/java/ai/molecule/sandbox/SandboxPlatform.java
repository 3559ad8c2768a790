package ai.molecule.sandbox;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A Molecule platform on loopback, for trying a backend with no account and for end-to-end tests.
 *
 * <p>It serves the workspace endpoints of platform-api.md on {@link #url()} (what {@code molecule
 * connect} talks to), an operator API (these methods, and the same as JSON under
 * {@code /sandbox/}), and a web page at {@code /}. It starts with two workspaces: a default one for
 * an agent to connect as, and a peer workspace the sandbox itself speaks for.
 *
 * <pre>{@code
 * try (SandboxPlatform sandbox = SandboxPlatform.start(SandboxOptions.defaults())) {
 *   WorkspaceCredentials ws = sandbox.defaultWorkspace();
 *   // run an agent against sandbox.url() with ws.id() and ws.token(), then:
 *   SentMessage sent = sandbox.sendAsHuman(ws.id(), "hello");
 *   Optional<Reply> reply = sandbox.awaitReply(sent, Duration.ofSeconds(30));
 * }
 * }</pre>
 *
 * <p>Thread-safe.
 */
public final class SandboxPlatform implements AutoCloseable {

  private static final int BACKLOG = 256;
  /** What the sandbox's peer answers with once {@link #simulatePush} makes it a push-mode agent. */
  public static final String PEER_ANSWER = "received";

  private final SandboxOptions options;
  private final Clock clock;
  private final StateFile stateFile;
  private final WorkspaceBook workspaces;
  private final ActivityFeed feed;
  private final Conversations conversations;
  private final Faults faults = new Faults();
  private final EventHub events;
  private final EventStreams streams;
  private final UploadStore uploads;
  private final PushTargets pushTargets = new PushTargets();
  private final PushPolicy pushPolicy;
  private final PushDispatcher pushDispatcher;
  private final PushQueue pushQueue = new PushQueue();
  private final PushDeliveries pushDeliveries;
  private final PushFiles pushFiles;
  private final String defaultId;
  private final String peerId;
  private final Mailroom mailroom;
  private final MessagingApi messaging;
  private final Watchdog watchdog;
  private final HttpServer server;
  private final ThreadPoolExecutor executor;
  private final ScheduledExecutorService ticker;
  private final URI url;

  private SandboxPlatform(SandboxOptions options) throws IOException {
    this.options = options;
    this.clock = options.clock();
    this.stateFile = options.stateDir() == null ? null : new StateFile(options.stateDir(), this::snapshot);
    Runnable changed = stateFile == null ? () -> { } : stateFile::changed;
    Timestamps stamps = new Timestamps(clock, options.tiedTimestamps());
    this.workspaces = new WorkspaceBook(clock, options.watchdogs().awaitingAgentAfter(), changed);
    this.events = new EventHub(clock);
    this.streams = new EventStreams(events);
    this.uploads = new UploadStore(clock);
    this.feed = new ActivityFeed(clock, stamps, changed, this::rowWritten);
    this.conversations = new Conversations(changed);
    this.pushPolicy = new PushPolicy(options.orgId() != null);
    this.pushDispatcher = new PushDispatcher(clock, faults, pushPolicy);
    this.pushDeliveries = new PushDeliveries(workspaces, feed, conversations, pushDispatcher, pushQueue, clock);
    this.pushFiles = new PushFiles(workspaces, pushDispatcher);

    Optional<Snapshot> saved = stateFile == null ? Optional.empty() : stateFile.read();
    if (saved.isPresent()) {
      Snapshot snapshot = saved.get();
      workspaces.load(snapshot.workspaces());
      feed.load(snapshot.rows(), snapshot.acks());
      conversations.load(snapshot.sent(), snapshot.replies());
      defaultId = snapshot.defaultWorkspace();
      peerId = snapshot.peerWorkspace();
    } else {
      peerId = workspaces.create("peer", true).id();
      defaultId = workspaces.create("default", false).id();
    }
    // The peer starts as a poll-mode target (another bridge): a reply to it costs the agent nothing
    // more. simulatePush makes it answer in the /a2a response as a push-mode agent does.
    this.mailroom = new Mailroom(workspaces, feed, conversations, uploads, events, peerId);
    this.watchdog = new Watchdog(workspaces, mailroom, options.watchdogs(), clock);

    // Without TCP_NODELAY every answer on loopback waits ~40 ms for a delayed ACK. The JDK reads
    // this once, when its first server starts; an operator's own setting wins.
    if (System.getProperty("sun.net.httpserver.nodelay") == null) {
      System.setProperty("sun.net.httpserver.nodelay", "true");
    }
    this.server = HttpServer.create(
        new InetSocketAddress(InetAddress.getByAddress(new byte[] {127, 0, 0, 1}), options.port()), BACKLOG);
    this.executor = executor(options.threads());
    int port = server.getAddress().getPort();
    this.url = URI.create("http://127.0.0.1:" + port);

    Callers callers = new Callers(workspaces);
    Router platform = new Router();
    new PlatformApi(workspaces, callers, events, clock, pushPolicy, pushDeliveries::heartbeat).addRoutes(platform);
    new FeedApi(workspaces, feed, callers, events, url, clock).addRoutes(platform);
    this.messaging = new MessagingApi(workspaces, callers, mailroom, feed, pushTargets, pushDeliveries, clock);
    messaging.addRoutes(platform);
    new PushApi(workspaces, callers, pushDeliveries, pushFiles, pushQueue).addRoutes(platform);
    new FilesApi(callers, uploads, mailroom).addRoutes(platform);
    Router operator = new Router();
    new OperatorApi(this).addRoutes(operator);
    new WebPage().addRoutes(operator);
    server.createContext("/", new HttpFront(platform, operator, faults, new RateLimiter(options.rateLimitPerMinute(),
        clock), options, port, streams));
    server.setExecutor(executor);
    server.start();
    this.ticker = startTicker(options.tickEvery());
    if (stateFile != null) {
      stateFile.arm();
    }
  }

  /** A sandbox with {@link SandboxOptions#defaults()}: a free port, state in memory. */
  public static SandboxPlatform start() throws IOException {
    return start(SandboxOptions.defaults());
  }

  /**
   * Starts a sandbox. With a state directory that holds a state file, the workspaces, tokens,
   * feeds and conversations of the last run come back.
   *
   * @throws IOException when the port is taken or the state file cannot be read
   */
  public static SandboxPlatform start(SandboxOptions options) throws IOException {
    return new SandboxPlatform(options);
  }

  /** The base URL agents use as {@code MOLECULE_API_URL}, e.g. {@code http://127.0.0.1:43117}. */
  public URI url() {
    return url;
  }

  public SandboxOptions options() {
    return options;
  }

  /** The workspace made at the first start, for an agent to connect as. */
  public WorkspaceCredentials defaultWorkspace() {
    return credentials(defaultId);
  }

  /** The sandbox's own workspace: messages "from a peer" come from it, agent replies go to it. */
  public String peerWorkspaceId() {
    return peerId;
  }

  /** A new workspace with its own token; {@code null} or blank names it "workspace". */
  public WorkspaceCredentials createWorkspace(String name) {
    String clean = name == null || name.isBlank() ? "workspace" : name.strip();
    if (clean.length() > 100) {
      throw new IllegalArgumentException("a workspace name has at most 100 characters");
    }
    return credentials(workspaces.create(clean, false).id());
  }

  /** @throws UnknownWorkspaceException for an id the sandbox does not have */
  public WorkspaceCredentials credentials(String workspaceId) {
    WorkspaceRecord record = workspaces.require(workspaceId);
    return new WorkspaceCredentials(record.id(), record.token(), record.name());
  }

  /** Mints a new token for the workspace; the old one is refused (401) from now on. */
  public WorkspaceCredentials rotateToken(String workspaceId) {
    WorkspaceRecord record = workspaces.rotateToken(workspaceId);
    return new WorkspaceCredentials(record.id(), record.token(), record.name());
  }

  /**
   * Forgets the workspace's registration: it is {@code awaiting_agent} until its next register or
   * heartbeat. (A heartbeat never answers 404, so an agent is not made to register again.)
   */
  public void unregister(String workspaceId) {
    workspaces.unregister(workspaceId);
  }

  /**
   * Revokes every token of the workspace: requests with the old one get 401, and the next register
   * (which then needs no token) answers a new one as {@code auth_token}.
   */
  public void revokeTokens(String workspaceId) {
    workspaces.revokeTokens(workspaceId);
  }

  /**
   * Removes the workspace as an operator does: its token is revoked, so {@code /workspaces/<id>/*}
   * answers 401, {@code GET /workspaces/<id>} answers 410, and register and heartbeat answer 200
   * and change nothing.
   */
  public void removeWorkspace(String workspaceId) {
    if (workspaceId.equals(peerId) || workspaceId.equals(defaultId)) {
      throw new IllegalArgumentException("the default and peer workspaces stay; create one to remove");
    }
    workspaces.remove(workspaceId);
  }

  /** {@code count} new workspaces named {@code <prefix>-1} ... {@code <prefix>-<count>}, each with its own token. */
  public List<WorkspaceCredentials> createWorkspaces(int count, String prefix) {
    if (count < 1 || count > 10_000) {
      throw new IllegalArgumentException("create 1 to 10000 workspaces at a time, not " + count);
    }
    String base = prefix == null || prefix.isBlank() ? "workspace" : prefix.strip();
    List<WorkspaceCredentials> created = new ArrayList<>();
    for (int i = 1; i <= count; i++) {
      created.add(createWorkspace(base + "-" + i));
    }
    return created;
  }

  /** Every workspace, the peer included, in the order they were made. */
  public List<WorkspaceStatus> workspaces() {
    return workspaces.all().stream().map(record -> workspaces.status(record.id())).toList();
  }

  /** Registration, liveness and the last heartbeat of a workspace. */
  public WorkspaceStatus status(String workspaceId) {
    return workspaces.status(workspaceId);
  }

  /**
   * Sends {@code text} as a signed-in human on the canvas: a row with a null {@code source_id},
   * {@code metadata.source: canvas_user} and the user's identity, in the conversation
   * {@code canvas-<workspace id>}.
   */
  public SentMessage sendAsHuman(String workspaceId, String text) {
    return send(workspaceId, Sender.HUMAN, text);
  }

  /**
   * Sends {@code text} with files as a human on the canvas: each file is staged first, with a
   * {@code chat_upload_receive} row of its own (lower seq), then the {@code message/send} row
   * follows with a file part per file pointing at {@code platform-pending:<workspace>/<file id>}.
   */
  public SentMessage sendAsHuman(String workspaceId, String text, UploadFile... files) {
    requireText(text);
    if (files.length > 0 && pushDeliveries.isPush(workspaceId)) {
      // A push workspace takes the files itself; the message's file parts carry the URIs it answers.
      SentMessage sent = mailroom.sendFromCanvas(workspaceId, text, pushFiles.ingest(workspaceId, List.of(files)));
      pushDeliveries.fromOperator(sent, feed.row(sent.rowId()).orElseThrow());
      return sent;
    }
    return pushed(mailroom.send(workspaceId, Sender.HUMAN, text, List.of(files)));
  }

  /** Sends {@code text} as the peer workspace: a row whose {@code source_id} is {@link #peerWorkspaceId()}. */
  public SentMessage sendAsPeer(String workspaceId, String text) {
    return send(workspaceId, Sender.PEER, text);
  }

  /** Sends {@code text} to a workspace's agent from {@code sender}. */
  public SentMessage send(String workspaceId, Sender sender, String text) {
    requireText(text);
    return pushed(mailroom.send(workspaceId, sender, text, List.of()));
  }

  /** To a push workspace, a message whose row is written goes out to its URL now. */
  private SentMessage pushed(SentMessage sent) {
    if (pushDeliveries.isPush(sent.workspaceId())) {
      pushDeliveries.fromOperator(sent, feed.row(sent.rowId()).orElseThrow());
    }
    return sent;
  }

  /**
   * Writes a platform system turn into the workspace's feed: a {@code message/send} row with no
   * source and {@code params.message.metadata} {@code {"source":"platform","kind":…,"source_type":…}}.
   *
   * @param sourceType a {@code self-*} marker such as {@code self-nudge} or {@code self-cron}
   */
  public FeedRow injectSystemTurn(String workspaceId, String sourceType, String text) {
    requireText(text);
    workspaces.require(workspaceId);
    String kind = sourceType == null ? null : sourceType.substring(Math.min(5, sourceType.length()));
    return mailroom.systemTurn(workspaceId, UUID.randomUUID().toString(), sourceType, kind, text);
  }

  /**
   * One round of the platform's periodic jobs on the sandbox's clock: the stall watchdog, the
   * phantom-busy sweeper and the retention prune. Runs by itself every
   * {@link SandboxOptions#tickEvery()}; a test on its own clock calls it after moving the clock.
   *
   * @return the watchdog steps taken in this round
   */
  public List<WatchdogStep> tick() {
    List<WatchdogStep> steps = watchdog.tick();
    pushDeliveries.tick();
    feed.prune();
    return steps;
  }

  /** Every watchdog step so far (the last 1000), oldest first. */
  public List<WatchdogStep> watchdogSteps() {
    return watchdog.steps();
  }

  /** The watchdog steps taken for one workspace, oldest first. */
  public List<WatchdogStep> watchdogSteps(String workspaceId) {
    return watchdog.steps().stream().filter(step -> step.workspaceId().equals(workspaceId)).toList();
  }

  /**
   * The platform's retention job, now: rows older than seven days whose seq the workspace has
   * acknowledged go, and every row older than thirty days.
   *
   * @return how many rows went
   */
  public int pruneActivity() {
    return feed.prune();
  }

  /** The largest {@code acked_seq} the workspace has sent, 0 before any. */
  public long ackedSeq(String workspaceId) {
    workspaces.require(workspaceId);
    return feed.ackedSeq(workspaceId);
  }

  /** The last {@value WorkspaceBook#HISTORY} heartbeats of the workspace, oldest first. */
  public List<Heartbeat> heartbeats(String workspaceId) {
    return workspaces.heartbeats(workspaceId);
  }

  /** The workspace's last heartbeat, as received. */
  public Optional<Heartbeat> lastHeartbeat(String workspaceId) {
    return Optional.ofNullable(workspaces.status(workspaceId).heartbeat());
  }

  /** The files staged for the workspace (canvas uploads and its own), oldest first, expired ones included. */
  public List<StagedFile> stagedFiles(String workspaceId) {
    workspaces.require(workspaceId);
    return uploads.of(workspaceId);
  }

  /** A staged file by id, whatever its age: whether and when it was acknowledged. */
  public Optional<StagedFile> stagedFile(String fileId) {
    return uploads.find(fileId);
  }

  /**
   * The bytes behind a {@code platform-pending:} URI (a reply's attachment, say) while the platform
   * still serves them, as the canvas would download them; empty otherwise.
   */
  public Optional<byte[]> download(String uri) {
    return uploads.contentOf(uri);
  }

  /** Lets the workspace talk to users, or not: a notify then gets 403 {@code talk_to_user_disabled}. */
  public void allowTalkToUser(String workspaceId, boolean allowed) {
    workspaces.setTalkToUserDisabled(workspaceId, !allowed);
  }

  /** Lets the workspace send to other workspaces, or not: its {@code /a2a} calls then get 403 {@code tool call failed}. */
  public void allowSending(String workspaceId, boolean allowed) {
    workspaces.setSendingForbidden(workspaceId, !allowed);
  }

  /** Messages to the workspace get 402 once its monthly spend reaches {@code cents}; 0 for no budget. */
  public void setBudget(String workspaceId, long cents) {
    workspaces.setBudget(workspaceId, cents);
  }

  /**
   * Answers {@code /a2a} calls to the workspace as a push-mode agent would: the answers in turn,
   * the last one repeating. The peer workspace starts as a poll target; {@code
   * simulatePush(peerWorkspaceId(), PushAnswer.result(PEER_ANSWER))} makes it a push-mode one.
   */
  public void simulatePush(String workspaceId, PushAnswer... answers) {
    workspaces.require(workspaceId);
    pushTargets.simulate(workspaceId, List.of(answers));
  }

  /** The workspace is a poll-mode target again: {@code /a2a} answers 200 {@code queued}. */
  public void stopPushSimulation(String workspaceId) {
    pushTargets.stop(workspaceId);
  }

  /** Every {@code /a2a} call so far (the last 1000), oldest first, refused ones excluded. */
  public List<A2aCall> a2aCalls() {
    return messaging.calls();
  }

  /**
   * Whether the sandbox is a platform in dev mode ({@code MOLECULE_ENV=dev}), as it is from the
   * start so that agents on loopback work. Outside it, loopback push URLs are refused at
   * registration, and {@code localhost} passes registration but every dispatch to it fails with
   * 502 {@code workspace URL is not publicly routable}.
   */
  public void devPlatform(boolean dev) {
    pushPolicy.devMode(dev);
  }

  /**
   * Whether the platform sends its bearer to every push URL ({@code MOLECULE_A2A_ALWAYS_AUTH=1}, on
   * from the start); off, private and loopback addresses get none, host names still do.
   */
  public void alwaysAuthPush(boolean always) {
    pushPolicy.alwaysAuth(always);
  }

  /** The URL the platform calls for a workspace registered in push mode; empty for a poll workspace. */
  public Optional<URI> pushUrl(String workspaceId) {
    return pushDeliveries.isPush(workspaceId) ? Optional.of(URI.create(workspaces.require(workspaceId).pushUrl))
        : Optional.empty();
  }

  /** The workspace's {@code max_concurrent_tasks} (1 unless set): its queue drains while active_tasks is below it. */
  public void setMaxConcurrentTasks(String workspaceId, int max) {
    workspaces.require(workspaceId);
    pushQueue.maxConcurrent(workspaceId, max);
  }

  /**
   * Every dispatch attempt to a push workspace so far (the last {@value PushDispatcher#ATTEMPTS_KEPT}),
   * oldest first, open ones included: the body and headers sent and what became of it.
   */
  public List<PushDispatch> pushDispatches() {
    return pushDispatcher.attempts();
  }

  /** The dispatch attempts to one workspace, oldest first. */
  public List<PushDispatch> pushDispatches(String workspaceId) {
    return pushDispatcher.attempts().stream().filter(d -> d.workspaceId().equals(workspaceId)).toList();
  }

  /**
   * Waits up to {@code timeout} until at least {@code count} dispatch attempts to the workspace have
   * ended and been acted on: the sender answered or the body queued, the answer on the row and the
   * canvas (a re-delivery runs on a thread of its own after the heartbeat that starts it).
   *
   * @return the workspace's attempts then, oldest first
   */
  public List<PushDispatch> awaitPushDispatches(String workspaceId, int count, Duration timeout)
      throws InterruptedException {
    return pushDispatcher.awaitEnded(workspaceId, count, timeout);
  }

  /** How many bodies wait in the workspace's queue for its next heartbeat with room. */
  public int pushQueueDepth(String workspaceId) {
    workspaces.require(workspaceId);
    return pushQueue.depth(workspaceId);
  }

  /** The canvas deliveries to a push workspace not answered yet (waiting, push-async, queued, failed), oldest first. */
  public List<CanvasDelivery> canvasDeliveries(String workspaceId) {
    workspaces.require(workspaceId);
    return pushDeliveries.unanswered(workspaceId);
  }

  /** What the canvas's call got for a message sent as a human to a push workspace; empty for others. */
  public Optional<CanvasDelivery> canvasDelivery(String messageId) {
    return pushDeliveries.canvasDelivery(messageId);
  }

  /**
   * A file inside a push workspace, through its agent's {@code /internal/file/read}, as the canvas
   * downloads a {@code workspace:} URI; empty when the agent answers 404.
   *
   * @throws PushFileException for another error, or 502 when the agent cannot be reached
   * @throws IllegalArgumentException for a poll workspace (the platform's 422)
   */
  public Optional<byte[]> readWorkspaceFile(String workspaceId, String path) {
    if (!pushDeliveries.isPush(workspaceId)) {
      throw new IllegalArgumentException("workspace " + workspaceId + " is in poll mode: its files are not served");
    }
    Response answer = pushFiles.read(workspaceId, path);
    if (answer.status() == 404) {
      return Optional.empty();
    }
    if (answer.status() / 100 != 2) {
      throw new PushFileException(answer.status(), new String(answer.body(), java.nio.charset.StandardCharsets.UTF_8));
    }
    return Optional.of(answer.body());
  }

  /** Closes every open event stream now, as a restarting platform or a proxy does. */
  public void dropEventStreams() {
    events.dropAll();
  }

  /** While stalled, open event streams stay open and send nothing (a slow reader loses events past 64). */
  public void stallEventStreams(boolean stalled) {
    events.stall(stalled);
  }

  /** Whether {@code events/stream} is offered; when not, it answers 404, as a platform without it. */
  public void offerEventStreams(boolean offered) {
    events.offer(offered);
  }

  /** How many event streams are open. */
  public int openEventStreams() {
    return events.openStreams();
  }

  /** The workspace's replies so far, oldest first: its notifies, and its messages to the peer. */
  public List<Reply> replies(String workspaceId) {
    return replies(workspaceId, 0);
  }

  /**
   * The first reply to {@code message}: for a canvas message a notify, for a peer message a message
   * whose {@code metadata.in_reply_to} names it. Waits up to {@code timeout}.
   *
   * @return the reply, or empty when none came in time or the sandbox closed
   */
  public Optional<Reply> awaitReply(SentMessage message, Duration timeout) throws InterruptedException {
    return conversations.await(message, timeout);
  }

  /** A message sent through this sandbox, by its message id. */
  public Optional<SentMessage> sentMessage(String messageId) {
    return conversations.sentMessage(messageId);
  }

  /** A row of any workspace's feed by its id. */
  public Optional<FeedRow> row(String rowId) {
    return feed.row(rowId);
  }

  /** The newest {@code limit} rows of the workspace's feed, of every type, newest first. */
  public List<FeedRow> activity(String workspaceId, int limit) {
    workspaces.require(workspaceId);
    return feed.recent(workspaceId, limit);
  }

  /** Failures, dropped connections and slow answers on demand. */
  public Faults faults() {
    return faults;
  }

  /** Stops serving, wakes everyone waiting for a reply, and writes the state file a last time. */
  @Override
  public void close() {
    if (ticker != null) {
      ticker.shutdownNow();
    }
    streams.close();
    pushDeliveries.close();
    server.stop(0);
    conversations.close();
    executor.shutdownNow();
    if (stateFile != null) {
      try {
        stateFile.close();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  List<Reply> replies(String workspaceId, long afterSeq) {
    workspaces.require(workspaceId);
    return conversations.replies(workspaceId, afterSeq);
  }

  List<SentMessage> sentMessages(String workspaceId, long afterSeq) {
    workspaces.require(workspaceId);
    return conversations.sent(workspaceId, afterSeq);
  }

  Instant now() {
    return clock.instant();
  }

  private Snapshot snapshot() {
    return new Snapshot(Snapshot.VERSION, defaultId, peerId, workspaces.all(), feed.all(),
        conversations.allSent(), conversations.allReplies(), feed.allAcks());
  }

  /** Every new row: it moves the workspace's activity columns and, through the activity path, raises ACTIVITY_LOGGED. */
  private void rowWritten(FeedRow row) {
    workspaces.touch(row.workspaceId(), row.throughActivityPath(), row.createdAt());
    if (row.throughActivityPath()) {
      events.activity(row);
    }
    pushDeliveries.systemTurnWritten(row); // to a push workspace, a system turn goes through the queue
  }

  private static void requireText(String text) {
    if (text == null || text.isBlank()) {
      throw new IllegalArgumentException("a message needs some text");
    }
  }

  private ScheduledExecutorService startTicker(Duration every) {
    if (every.isZero()) {
      return null;
    }
    ScheduledExecutorService scheduled = Executors.newSingleThreadScheduledExecutor(runnable -> {
      Thread thread = new Thread(runnable, "sandbox-ticker");
      thread.setDaemon(true);
      return thread;
    });
    scheduled.scheduleWithFixedDelay(() -> {
      try {
        tick();
      } catch (RuntimeException e) {
        System.getLogger(SandboxPlatform.class.getName()).log(System.Logger.Level.WARNING, "sandbox: tick failed", e);
      }
    }, every.toMillis(), every.toMillis(), TimeUnit.MILLISECONDS);
    return scheduled;
  }

  /** Bounded on both ends: a flood of requests waits in a short queue, then in the accepting thread. */
  private static ThreadPoolExecutor executor(int threads) {
    AtomicInteger count = new AtomicInteger();
    ThreadPoolExecutor executor = new ThreadPoolExecutor(threads, threads, 30, TimeUnit.SECONDS,
        new ArrayBlockingQueue<>(threads * 16), runnable -> {
          Thread thread = new Thread(runnable, "sandbox-http-" + count.incrementAndGet());
          thread.setDaemon(true);
          return thread;
        }, new ThreadPoolExecutor.CallerRunsPolicy());
    executor.allowCoreThreadTimeOut(true);
    return executor;
  }
}
