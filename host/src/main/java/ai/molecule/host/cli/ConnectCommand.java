package ai.molecule.host.cli;

import ai.molecule.host.ExitCode;
import ai.molecule.host.HostVersion;
import ai.molecule.host.MoleculeException;
import ai.molecule.host.engine.Engine;
import ai.molecule.host.engine.EngineSettings;
import ai.molecule.host.engine.WorkspaceObserver;
import ai.molecule.host.platform.AgentCard;
import ai.molecule.host.platform.PlatformClient;
import ai.molecule.host.platform.RatePacer;
import ai.molecule.host.push.PushEngine;
import ai.molecule.host.push.PushSettings;
import ai.molecule.host.platform.PlatformConfig;
import ai.molecule.host.plugins.AvailableBackend;
import ai.molecule.host.plugins.PluginCatalog;
import ai.molecule.host.status.OperatorViews;
import ai.molecule.host.status.StatusBoard;
import ai.molecule.host.status.StatusServer;
import ai.molecule.spi.Backend;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.tinylog.Logger;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code molecule connect}: serves one workspace with one backend until stopped. */
@Command(
    name = "connect",
    mixinStandardHelpOptions = true,
    description = {
      "Register this machine as the external workspace WORKSPACE_ID, then answer its inbound messages "
          + "with the chosen backend until stopped (SIGTERM or Ctrl-C finish the message in hand first).",
      "The token is read from MOLECULE_WORKSPACE_TOKEN or --token-file; --token works too, but shows "
          + "the token to anyone who can list processes."
    },
    footerHeading = Examples.HEADING,
    footer = {
      "  export MOLECULE_API_URL=https://your-tenant.example.com",
      "  export MOLECULE_WORKSPACE_TOKEN=...        # or --token-file FILE",
      "  molecule connect WORKSPACE_ID --backend-opt model=sonnet",
      "  molecule connect WORKSPACE_ID --backend echo --dry-run",
      "  molecule connect WORKSPACE_ID --mode push --listen 127.0.0.1:8080 \\",
      "      --public-url https://bridge.example.com/molecule   # TLS at a proxy"
    })
final class ConnectCommand extends PluginCommand {

  enum Mode { poll, push }

  @Parameters(index = "0", paramLabel = "WORKSPACE_ID", description = "The workspace id (a UUID) from the platform.")
  String workspaceId;

  @Option(names = "--backend", paramLabel = "NAME", defaultValue = "claude-code",
      description = "The backend that answers messages (env MOLECULE_BACKEND; config backend; default: ${DEFAULT-VALUE}); "
          + "'molecule backends' lists them.")
  String backendName;

  @Mixin BackendOptionFlags backendOptions;

  @Mixin PlatformOptions platform;

  @Option(names = "--interval", paramLabel = "DURATION", defaultValue = "1s", converter = DurationConverter.class,
      description = "Wait between polls when idle (config interval; default: ${DEFAULT-VALUE}).")
  Duration interval;

  @Option(names = "--heartbeat", paramLabel = "DURATION", defaultValue = "30s", converter = DurationConverter.class,
      description = "Wait between heartbeats (config heartbeat; default: ${DEFAULT-VALUE}); the platform marks a workspace offline after 90 s without one.")
  Duration heartbeat;

  @Option(names = "--since", paramLabel = "DURATION", defaultValue = "60s", converter = DurationConverter.class,
      description = "With no saved cursor, answer messages from this far back (config since; default: ${DEFAULT-VALUE}).")
  Duration since;

  @Option(names = "--concurrency", paramLabel = "N", defaultValue = "4",
      description = "Conversations handled at the same time (config concurrency; default: ${DEFAULT-VALUE}); "
          + "messages of one conversation are always handled in order.")
  int concurrency;

  @Option(names = "--attempts", paramLabel = "N", defaultValue = "3",
      description = "Tries of a message whose handling fails with a retryable error before its "
          + "sender gets an error reply (config attempts; default: ${DEFAULT-VALUE}).")
  int attempts;

  @Option(names = "--grace", paramLabel = "DURATION", defaultValue = "30s", converter = DurationConverter.class,
      description = "On SIGTERM/SIGINT, how long messages in hand may finish (config grace; default: ${DEFAULT-VALUE}); "
          + "a second signal stops at once.")
  Duration grace;

  @Option(names = "--give-up-after", paramLabel = "DURATION", converter = DurationConverter.class,
      description = "Exit (code 4) when the platform has been unreachable this long (config give_up_after; default: keep retrying, "
          + "with exponential backoff).")
  Duration giveUpAfter;

  @Mixin StateDirOption state;

  @Mixin StatusOptions status;

  @Mixin PushOptions push;

  @Option(names = "--mode", paramLabel = "MODE", defaultValue = "poll",
      description = "How messages arrive: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}). poll: molecule reads"
          + " the platform's feed; push: the platform calls --public-url and the answer is the response (see the"
          + " README's push mode section).")
  Mode mode;

  @Option(names = "--allow-old-platform",
      description = "Go on with a platform too old to keep a cursor in the feed (refused without it, exit 7): "
          + "messages may then be missed or answered twice.")
  boolean allowOldPlatform;

  @Option(names = "--generic-errors",
      description = "Answer a failed message with a fixed sentence instead of the backend's own reason (when "
          + "reasons may show internals to senders).")
  boolean genericErrors;

  @Option(names = "--rate-share", paramLabel = "FRACTION", defaultValue = "0.2",
      description = "The largest share of the platform's rate budget (600 requests a minute per org, or per "
          + "token) this process spends on polling (config rate_share; default: ${DEFAULT-VALUE}).")
  double rateShare;

  enum Switch { on, off }

  @Option(names = "--events", paramLabel = "ON|OFF", defaultValue = "on",
      description = "Keep the platform's event stream open and read each message as soon as it is announced; "
          + "off: poll every --interval only (config events; default: ${DEFAULT-VALUE}).")
  Switch events;

  @Option(names = "--idle-interval", paramLabel = "DURATION", defaultValue = "30s",
      converter = DurationConverter.class,
      description = "With the event stream open, the wait between safety polls (config idle_interval; "
          + "default: ${DEFAULT-VALUE}).")
  Duration idleInterval;

  enum PeerAnswers { backend, log }

  @Option(names = "--peer-answers", paramLabel = "WHERE", defaultValue = "backend",
      description = "Where a push-mode peer's answer to our reply goes (it comes back in the reply's response and"
          + " exists nowhere else): backend, as the peer's next message (a turn: a paid backend charges for it;"
          + " never answered automatically), or log (config peer_answers; default: ${DEFAULT-VALUE}).")
  PeerAnswers peerAnswers;

  @Option(names = "--dry-run", description = "Load the backend, check its options, print what would run, and exit.")
  boolean dryRun;

  @Override
  protected int execute() throws MoleculeException {
    checkArguments();
    PushSettings pushSettings = mode == Mode.push ? push.settings() : null;
    try (PluginCatalog catalog = loadPlugins()) {
      if (dryRun) {
        return dryRun(catalog);
      }
      PlatformConfig config = new PlatformConfig(platform.platformUrl("https://your-tenant.example.com"),
          workspaceId, platform.token(environment()), platform.orgId, Duration.ofSeconds(30));
      try (BackendStarter.Started started = BackendStarter.start(catalog, environment(),
          userPluginDirectory(), backendName, backendOptions.values, workspaceId)) {
        AvailableBackend available = started.available();
        Logger.info("backend {} from plugin {} {} ready", backendName, available.pluginId(), available.pluginVersion());
        PlatformClient client = new PlatformClient(config, new RatePacer(Clock.systemUTC(), rateShare));
        return serve(client, started.backend(), started.dataDirectory(), pushSettings);
      }
    }
  }

  /** Starts the backend in a scratch data directory (a dry run leaves nothing behind) and says what would run. */
  private int dryRun(PluginCatalog catalog) throws MoleculeException {
    Path scratch = ScratchDirectories.create("molecule-dry-run");
    try (BackendStarter.Started started = BackendStarter.start(catalog, environment(),
        userPluginDirectory(), backendName, backendOptions.values, workspaceId, scratch)) {
      printSummary(started, platform.apiUrl());
      return ExitCode.OK.code();
    } finally {
      ScratchDirectories.deleteQuietly(scratch);
    }
  }

  /** Options that only a poll-mode engine reads (a config file may still set them for poll mode). */
  private static final List<String> POLL_ONLY = List.of("--interval", "--since", "--events", "--idle-interval",
      "--peer-answers");

  private boolean givenOnTheCommandLine(String option) {
    CommandLine.ParseResult parsed = spec == null ? null : spec.commandLine().getParseResult();
    return parsed != null && parsed.hasMatchedOption(option);
  }

  void checkArguments() throws MoleculeException {
    WorkspaceIds.check(workspaceId);
    status.address();
    if (mode == Mode.poll && push.anyGiven()) {
      throw new MoleculeException(ExitCode.USAGE, "--public-url, --listen, --tls-cert, --tls-key and"
          + " --allow-unauthenticated-calls are for --mode push");
    }
    List<String> pollOnly = POLL_ONLY.stream().filter(this::givenOnTheCommandLine).toList();
    if (mode == Mode.push && !pollOnly.isEmpty()) {
      throw new MoleculeException(ExitCode.USAGE, String.join(", ", pollOnly) + (pollOnly.size() == 1 ? " is" : " are")
          + " for --mode poll: a push-mode agent reads no feed, the platform calls it with each message");
    }
    for (Map.Entry<String, Duration> entry : Map.of("--interval", interval, "--heartbeat", heartbeat,
        "--idle-interval", idleInterval).entrySet()) {
      if (entry.getValue().toMillis() < 100) {
        throw new MoleculeException(ExitCode.USAGE, entry.getKey() + " must be at least 100ms");
      }
    }
    if (heartbeat.toSeconds() >= 90) {
      throw new MoleculeException(ExitCode.USAGE, "--heartbeat must be under 90s: the platform marks a workspace "
          + "offline after 90 s without one");
    }
    if (since.toSeconds() < 1) {
      throw new MoleculeException(ExitCode.USAGE, "--since must be at least 1s (the platform keeps a week of messages)");
    }
    if (concurrency < 1 || concurrency > 256) {
      throw new MoleculeException(ExitCode.USAGE, "--concurrency must be between 1 and 256");
    }
    if (attempts < 1) {
      throw new MoleculeException(ExitCode.USAGE, "--attempts must be at least 1");
    }
    if (!(rateShare > 0 && rateShare <= 1)) {
      throw new MoleculeException(ExitCode.USAGE, "--rate-share must be above 0 and at most 1, such as 0.2");
    }
  }

  EngineSettings settings(Path dataDirectory) {
    return EngineSettings.defaults().toBuilder()
        .filesDirectory(dataDirectory)
        .genericErrors(genericErrors)
        .rateShare(rateShare)
        .requireCursors(!allowOldPlatform)
        .events(events == Switch.on)
        .idleInterval(idleInterval)
        .peerAnswersToBackend(peerAnswers == PeerAnswers.backend)
        .pollInterval(interval)
        .heartbeatInterval(heartbeat)
        .firstPollWindow(since)
        .concurrency(concurrency)
        .backendAttempts(attempts)
        .grace(grace)
        .giveUpAfter(giveUpAfter)
        .build();
  }

  /** Runs the engine until it fails or a signal stops it; a signal lets the messages in hand finish. */
  private int serve(PlatformClient client, Backend backend, Path dataDirectory, PushSettings pushSettings)
      throws MoleculeException {
    OperatorViews views = new OperatorViews(Clock.systemUTC(), StatusBoard.heartbeatLimit(heartbeat), status.address().isPresent());
    Optional<StatusServer> endpoint = status.start(views);
    try {
      if (pushSettings != null) {
        PushEngine engine = new PushEngine(client, backend, card(), state.directory(environment()),
            settings(dataDirectory), pushSettings, views.observer());
        StopSignals.install(engine::stop);
        engine.run();
      } else {
        Engine engine = engine(client, backend, dataDirectory, views.observer());
        StopSignals.install(engine::stop);
        engine.run();
      }
    } finally {
      endpoint.ifPresent(StatusServer::close);
    }
    return ExitCode.OK.code();
  }

  /** The engine of this command line's workspace (serve builds one per workspace this way). */
  Engine engine(PlatformClient client, Backend backend, Path dataDirectory, WorkspaceObserver observer) {
    return new Engine(client, backend, card(), state.directory(environment()), settings(dataDirectory), observer);
  }

  private AgentCard card() {
    return new AgentCard("molecule (" + backendName + ")",
        "An external agent attached with molecule, answering with the " + backendName + " backend.",
        HostVersion.version());
  }

  /** What a backend says it runs, when it says (its own {@code toString}); nothing for Object's default. */
  static Optional<String> describedBy(ai.molecule.spi.Backend backend) {
    try {
      if (backend.getClass().getMethod("toString").getDeclaringClass() == Object.class) {
        return Optional.empty();
      }
      return Optional.ofNullable(backend.toString()).filter(text -> !text.isBlank());
    } catch (NoSuchMethodException | RuntimeException e) {
      return Optional.empty();
    }
  }

  private void printSummary(BackendStarter.Started started, Optional<String> url) {
    PrintWriter out = out();
    AvailableBackend available = started.available();
    out.println("workspace:  " + workspaceId);
    out.println("backend:    " + backendName + " (plugin " + available.pluginId() + " " + available.pluginVersion()
        + ", " + available.jar() + ")");
    started.options().forEach((key, value) -> out.println("  " + key + " = " + value));
    describedBy(started.backend()).ifPresent(line -> out.println("would run:  " + line));
    out.println("data dir:   " + environment().dataDirectory(workspaceId, backendName) + " (made on the first connect)");
    out.println("state file: " + state.directory(environment()).resolve(workspaceId + ".json"));
    out.println("platform:   " + url.orElse("(not set: MOLECULE_API_URL or --api-url)"));
    if (mode == Mode.push) {
      out.println("push mode: the platform calls " + push.publicUrl + ", molecule listens on " + push.listen
          + (push.tlsCert == null ? " (plain HTTP: TLS at a proxy)" : " (HTTPS)") + ", heartbeat every "
          + heartbeat.toSeconds() + " s");
    } else {
      out.println("polling every " + interval.toMillis() + " ms, heartbeat every " + heartbeat.toSeconds() + " s");
    }
    out.println("dry run: the backend started and its options are valid; nothing was sent");
    out.flush();
  }
}
