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
import java.util.List;
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

  private static final int BACKLOG = 64;

  private final SandboxOptions options;
  private final Clock clock;
  private final StateFile stateFile;
  private final WorkspaceBook workspaces;
  private final ActivityFeed feed;
  private final Conversations conversations;
  private final Faults faults = new Faults();
  private final String defaultId;
  private final String peerId;
  private final Mailroom mailroom;
  private final HttpServer server;
  private final ThreadPoolExecutor executor;
  private final URI url;

  private SandboxPlatform(SandboxOptions options) throws IOException {
    this.options = options;
    this.clock = options.clock();
    this.stateFile = options.stateDir() == null ? null : new StateFile(options.stateDir(), this::snapshot);
    Runnable changed = stateFile == null ? () -> { } : stateFile::changed;
    Timestamps stamps = new Timestamps(clock);
    this.workspaces = new WorkspaceBook(clock, changed);
    this.feed = new ActivityFeed(clock, stamps, changed);
    this.conversations = new Conversations(changed);

    Optional<Snapshot> saved = stateFile == null ? Optional.empty() : stateFile.read();
    if (saved.isPresent()) {
      Snapshot snapshot = saved.get();
      workspaces.load(snapshot.workspaces());
      feed.load(snapshot.rows());
      conversations.load(snapshot.sent(), snapshot.replies());
      defaultId = snapshot.defaultWorkspace();
      peerId = snapshot.peerWorkspace();
    } else {
      peerId = workspaces.create("peer", true).id();
      defaultId = workspaces.create("default", false).id();
    }
    this.mailroom = new Mailroom(workspaces, feed, conversations, peerId);

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

    Router platform = new Router();
    new PlatformApi(workspaces, feed, mailroom, clock).addRoutes(platform);
    Router operator = new Router();
    new OperatorApi(this).addRoutes(operator);
    new WebPage().addRoutes(operator);
    server.createContext("/", new HttpFront(platform, operator, faults, new RateLimiter(options.rateLimitPerMinute(),
        clock), options, port));
    server.setExecutor(executor);
    server.start();
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

  /** Forgets the workspace's registration: its next heartbeat answers 404, so the agent registers again. */
  public void unregister(String workspaceId) {
    workspaces.unregister(workspaceId);
  }

  /** Every workspace, the peer included, in the order they were made. */
  public List<WorkspaceStatus> workspaces() {
    return workspaces.all().stream().map(record -> workspaces.status(record.id())).toList();
  }

  /** Registration, liveness and the last heartbeat of a workspace. */
  public WorkspaceStatus status(String workspaceId) {
    return workspaces.status(workspaceId);
  }

  /** Sends {@code text} as a human on the canvas: a row with a null {@code source_id}. */
  public SentMessage sendAsHuman(String workspaceId, String text) {
    return send(workspaceId, Sender.HUMAN, text);
  }

  /** Sends {@code text} as the peer workspace: a row whose {@code source_id} is {@link #peerWorkspaceId()}. */
  public SentMessage sendAsPeer(String workspaceId, String text) {
    return send(workspaceId, Sender.PEER, text);
  }

  /** Sends {@code text} to a workspace's agent from {@code sender}. */
  public SentMessage send(String workspaceId, Sender sender, String text) {
    if (text == null || text.isBlank()) {
      throw new IllegalArgumentException("a message needs some text");
    }
    return mailroom.send(workspaceId, sender, text);
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
        conversations.allSent(), conversations.allReplies());
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
