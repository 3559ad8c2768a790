package ai.molecule.host.push;

import ai.molecule.host.ExitCode;
import ai.molecule.host.MoleculeException;
import ai.molecule.host.engine.EngineSettings;
import ai.molecule.host.engine.TurnService;
import ai.molecule.host.engine.WorkspaceObserver;
import ai.molecule.host.platform.AgentCard;
import ai.molecule.host.platform.PlatformClient;
import ai.molecule.spi.Backend;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import javax.net.ssl.SSLContext;
import org.tinylog.Logger;

/**
 * {@code molecule connect --mode push}: listens, registers the public URL in push mode, and answers
 * each call the platform makes with the backend's turn. A stop (SIGTERM) closes the calls that arrive
 * from then on unanswered (the platform delivers them again), lets the calls in hand finish within
 * the grace period, and ends; a failure the operator must act on ends it with its exit code.
 */
public final class PushEngine {

  /** How long the answers of finished turns may take to be written after the grace period. */
  private static final Duration WRITE_GRACE = Duration.ofSeconds(5);
  /** A call that comes before register's answer has been read waits this long for the secret in it. */
  private static final Duration SECRET_WAIT = Duration.ofSeconds(5);
  /** A call waits for its turn this much longer than the backend's own turn limit. */
  private static final Duration WAIT_MARGIN = Duration.ofMinutes(1);

  private final PlatformClient client;
  private final Backend backend;
  private final AgentCard card;
  private final Path stateDirectory;
  private final EngineSettings settings;
  private final PushSettings push;
  private final WorkspaceObserver observer;
  /** The server once it listens, so that a stop drains it at once. */
  private volatile PushServer serving;
  private volatile boolean stopAsked;
  private volatile TurnService service;
  private volatile java.net.InetSocketAddress address;

  public PushEngine(PlatformClient client, Backend backend, AgentCard card, Path stateDirectory,
      EngineSettings settings, PushSettings push, WorkspaceObserver observer) {
    this.client = client;
    this.backend = backend;
    this.card = card;
    this.stateDirectory = stateDirectory;
    this.settings = settings;
    this.push = push;
    this.observer = observer;
  }

  /**
   * Serves until {@link #stop()} or a failure.
   *
   * @throws MoleculeException with the exit code to end the process with
   */
  public void run() throws MoleculeException {
    SSLContext tls = push.tlsCertificate() == null ? null : TlsFiles.context(push.tlsCertificate(), push.tlsKey());
    InboundBearer bearer = new InboundBearer(push.allowUnauthenticated(), SECRET_WAIT);
    try (TurnService turns = new TurnService(client, backend, card, stateDirectory, settings,
        () -> push.publicUrlAt(address), bearer, observer)) {
      service = turns;
      MessageRoute messages = new MessageRoute(client.config().workspaceId(), turns, push,
          settings.turnLimit().plus(WAIT_MARGIN), Clock.systemUTC());
      FileRoutes files = new FileRoutes(turns.files(), push, settings.maxUploadBytes());
      try (PushServer server = listen(tls, bearer, Map.of("", messages, FileRoutes.INGEST, files::ingest,
          FileRoutes.READ, files::read))) {
        address = server.address();
        server.start();
        serving = server;
        if (stopAsked) {
          turns.stop();
        }
        if (!stopAsked && turns.start()) {
          Logger.info("serving the platform's calls at {} (listening on {}{})", push.publicUrlAt(address),
              server.address(), tls == null ? ", plain HTTP" : ", HTTPS");
          turns.awaitStop();
        }
        server.drain();
        turns.stop();
        if (turns.failure() == null && !turns.finish(settings.grace())) {
          Logger.warn("calls still in hand after {} s were cut short: their connections are closed, and the"
              + " platform delivers them again", settings.grace().toSeconds());
        }
        awaitAnswers(server);
      }
    }
    if (service.failure() != null) {
      throw service.failure();
    }
  }

  /** Where the server listens, once it does (tests ask for port 0); {@code null} before. */
  public java.net.InetSocketAddress address() {
    return address;
  }

  /** Asks for an orderly stop: no new call is answered; the calls in hand finish within the grace period. */
  public void stop() {
    stopAsked = true;
    PushServer listening = serving;
    if (listening != null) {
      listening.drain(); // at once: a call arriving after the stop is never answered, whatever the engine thread is doing
    }
    TurnService running = service;
    if (running != null) {
      running.stop();
    }
  }

  private PushServer listen(SSLContext tls, InboundBearer bearer, Map<String, PushServer.Route> routes)
      throws MoleculeException {
    try {
      return new PushServer(push, tls, bearer, routes);
    } catch (IOException e) {
      throw new MoleculeException(ExitCode.USAGE, "cannot listen on " + push.listen() + " (" + e.getMessage()
          + "); choose another --listen", e);
    }
  }

  private static void awaitAnswers(PushServer server) {
    try {
      if (!server.awaitIdle(WRITE_GRACE)) {
        Logger.warn("answers still being written after {} s were cut short", WRITE_GRACE.toSeconds());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
