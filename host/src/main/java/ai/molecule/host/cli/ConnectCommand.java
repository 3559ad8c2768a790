package ai.molecule.host.cli;

import ai.molecule.host.ExitCode;
import ai.molecule.host.HostVersion;
import ai.molecule.host.MoleculeException;
import ai.molecule.host.engine.Engine;
import ai.molecule.host.engine.EngineSettings;
import ai.molecule.host.platform.AgentCard;
import ai.molecule.host.platform.PlatformClient;
import ai.molecule.host.platform.PlatformConfig;
import ai.molecule.host.platform.Secret;
import ai.molecule.host.plugins.AvailableBackend;
import ai.molecule.host.plugins.BackendOptions;
import ai.molecule.host.plugins.PluginCatalog;
import ai.molecule.spi.Backend;
import ai.molecule.spi.BackendContext;
import ai.molecule.spi.BackendException;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;
import org.tinylog.Logger;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
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
    })
final class ConnectCommand extends PluginCommand {

  enum Mode { poll, push }

  @Parameters(index = "0", paramLabel = "WORKSPACE_ID", description = "The workspace id (a UUID) from the platform.")
  String workspaceId;

  @Option(names = "--backend", paramLabel = "NAME", defaultValue = "claude-code",
      description = "The backend that answers messages (env MOLECULE_BACKEND; default: ${DEFAULT-VALUE}); "
          + "'molecule backends' lists them.")
  String backendName;

  @Option(names = "--backend-opt", paramLabel = "KEY=VALUE", mapFallbackValue = "",
      description = "An option for the backend; repeat for more (config backend.NAME.KEY). "
          + "'molecule backends' lists each backend's options.")
  Map<String, String> backendOptions = new LinkedHashMap<>();

  @Option(names = "--api-url", paramLabel = "URL", description = "The platform's base URL (env MOLECULE_API_URL; config api_url).")
  String apiUrl;

  @ArgGroup(exclusive = true)
  TokenSource token;

  static final class TokenSource {
    @Option(names = "--token", paramLabel = "TOKEN",
        description = "The workspace token (prefer env MOLECULE_WORKSPACE_TOKEN or --token-file: arguments are visible to other users).")
    String value;

    @Option(names = "--token-file", paramLabel = "FILE", description = "A file holding the workspace token (config token_file).")
    Path file;
  }

  @Option(names = "--org-id", paramLabel = "ID",
      description = "The org id a hosted platform needs in X-Molecule-Org-Id (env MOLECULE_ORG_ID).")
  String orgId;

  @Option(names = "--interval", paramLabel = "DURATION", defaultValue = "1s", converter = DurationConverter.class,
      description = "Wait between polls when idle (default: ${DEFAULT-VALUE}).")
  Duration interval;

  @Option(names = "--heartbeat", paramLabel = "DURATION", defaultValue = "30s", converter = DurationConverter.class,
      description = "Wait between heartbeats (default: ${DEFAULT-VALUE}); the platform marks a workspace offline after 90 s without one.")
  Duration heartbeat;

  @Option(names = "--since", paramLabel = "DURATION", defaultValue = "60s", converter = DurationConverter.class,
      description = "With no saved cursor, answer messages from this far back (default: ${DEFAULT-VALUE}).")
  Duration since;

  @Option(names = "--concurrency", paramLabel = "N", defaultValue = "4",
      description = "Conversations handled at the same time (default: ${DEFAULT-VALUE}); "
          + "messages of one conversation are always handled in order.")
  int concurrency;

  @Option(names = "--attempts", paramLabel = "N", defaultValue = "3",
      description = "Tries of a message whose handling fails with a retryable error before its "
          + "sender gets an error reply (default: ${DEFAULT-VALUE}).")
  int attempts;

  @Option(names = "--grace", paramLabel = "DURATION", defaultValue = "30s", converter = DurationConverter.class,
      description = "On SIGTERM/SIGINT, how long messages in hand may finish (default: ${DEFAULT-VALUE}); "
          + "a second signal stops at once.")
  Duration grace;

  @Option(names = "--give-up-after", paramLabel = "DURATION", converter = DurationConverter.class,
      description = "Exit (code 4) when the platform has been unreachable this long (default: keep retrying, "
          + "with exponential backoff).")
  Duration giveUpAfter;

  @Option(names = "--state-dir", paramLabel = "DIR",
      description = "Where the cursor is kept (env MOLECULE_STATE_DIR; default ~/.config/molecule/state).")
  Path stateDir;

  @Option(names = "--mode", paramLabel = "MODE", defaultValue = "poll",
      description = "How messages arrive: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
  Mode mode;

  @Option(names = "--dry-run", description = "Load the backend, check its options, print what would run, and exit.")
  boolean dryRun;

  @Override
  protected int execute() throws MoleculeException {
    checkArguments();
    try (PluginCatalog catalog = loadPlugins()) {
      AvailableBackend available = catalog.backend(backendName).orElseThrow(() -> noSuchBackend(catalog));
      Map<String, String> options;
      try {
        Map<String, String> given = new LinkedHashMap<>(environment().config().backendOptions(backendName));
        given.putAll(backendOptions);
        options = BackendOptions.resolve(available.info(), given);
      } catch (IllegalArgumentException e) {
        throw new MoleculeException(ExitCode.USAGE, e.getMessage());
      }
      Path dataDirectory = environment().dataDirectory(workspaceId, backendName);
      Optional<String> url = Optional.ofNullable(apiUrl);
      Optional<Secret> secret = dryRun ? Optional.empty() : Optional.of(readToken());
      PlatformConfig config = dryRun ? null : platformConfig(url.orElseThrow(ConnectCommand::noApiUrl), secret.get());
      try (Backend backend = createBackend(available, options, dataDirectory)) {
        if (dryRun) {
          printSummary(available, options, dataDirectory, url);
          return ExitCode.OK.code();
        }
        Logger.info("backend {} from plugin {} {} ready", backendName, available.pluginId(), available.pluginVersion());
        return serve(new PlatformClient(config), backend);
      }
    }
  }

  private void checkArguments() throws MoleculeException {
    try {
      UUID.fromString(workspaceId);
    } catch (IllegalArgumentException e) {
      throw new MoleculeException(ExitCode.USAGE, "the workspace id '" + workspaceId
          + "' is not a UUID; copy it from the workspace's page on the platform");
    }
    if (mode == Mode.push) {
      throw new MoleculeException(ExitCode.USAGE, "push mode is not available yet; use --mode poll (the default)");
    }
    for (Map.Entry<String, Duration> entry : Map.of("--interval", interval, "--heartbeat", heartbeat).entrySet()) {
      if (entry.getValue().toMillis() < 100) {
        throw new MoleculeException(ExitCode.USAGE, entry.getKey() + " must be at least 100ms");
      }
    }
    if (concurrency < 1 || concurrency > 256) {
      throw new MoleculeException(ExitCode.USAGE, "--concurrency must be between 1 and 256");
    }
    if (attempts < 1) {
      throw new MoleculeException(ExitCode.USAGE, "--attempts must be at least 1");
    }
  }

  private MoleculeException noSuchBackend(PluginCatalog catalog) {
    String names = catalog.backendList().stream().map(AvailableBackend::name).collect(Collectors.joining(", "));
    return new MoleculeException(ExitCode.NO_SUCH_BACKEND, "no backend named '" + backendName + "'; "
        + (names.isEmpty() ? "no backends are installed" : "installed: " + names)
        + "; put its plugin jar into " + environment().userPluginDirectory(common.pluginsDir));
  }

  private static MoleculeException noApiUrl() {
    return new MoleculeException(ExitCode.USAGE,
        "no platform URL: set MOLECULE_API_URL or pass --api-url https://your-tenant.example.com");
  }

  private Backend createBackend(AvailableBackend available, Map<String, String> options, Path dataDirectory)
      throws MoleculeException {
    try {
      Files.createDirectories(dataDirectory);
    } catch (IOException e) {
      throw new MoleculeException(ExitCode.USAGE, "cannot create the backend's data directory " + dataDirectory
          + " (" + e.getMessage() + ")", e);
    }
    try {
      Backend backend = available.provider().create(new BackendContext(workspaceId, options, dataDirectory));
      if (backend == null) {
        throw new MoleculeException(ExitCode.BACKEND_FAILED, "backend " + backendName + " returned no backend");
      }
      return backend;
    } catch (BackendException e) {
      throw new MoleculeException(ExitCode.BACKEND_FAILED, "backend " + backendName + " cannot start: " + e.getMessage(), e);
    } catch (RuntimeException | LinkageError e) {
      throw new MoleculeException(ExitCode.BACKEND_FAILED, "backend " + backendName + " failed to start ("
          + e + "); its plugin " + available.jar() + " may be broken", e);
    }
  }

  private Secret readToken() throws MoleculeException {
    String text;
    if (token != null && token.file != null) {
      text = readTokenFile(token.file);
    } else if (token != null && token.value != null) {
      text = token.value;
    } else if (environment().variable("MOLECULE_WORKSPACE_TOKEN").isPresent()) {
      text = environment().variable("MOLECULE_WORKSPACE_TOKEN").get();
    } else {
      Path file = environment().config().get("token_file").map(Path::of).orElseThrow(() -> new MoleculeException(
          ExitCode.USAGE, "no workspace token: set MOLECULE_WORKSPACE_TOKEN or pass --token-file FILE"));
      text = readTokenFile(file);
    }
    String value = text.strip();
    if (value.isEmpty()) {
      throw new MoleculeException(ExitCode.USAGE, "the workspace token is empty");
    }
    if (!value.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
      // Never echo it: it is a secret even when it is malformed.
      throw new MoleculeException(ExitCode.USAGE,
          "the workspace token has spaces or unprintable characters in it; copy it again from the platform");
    }
    return new Secret(value);
  }

  private static String readTokenFile(Path file) throws MoleculeException {
    try {
      return Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new MoleculeException(ExitCode.USAGE, "cannot read the token file " + file + " (" + e.getMessage() + ")");
    }
  }

  private PlatformConfig platformConfig(String url, Secret secret) throws MoleculeException {
    URI uri;
    try {
      uri = new URI(url.trim());
    } catch (URISyntaxException e) {
      throw new MoleculeException(ExitCode.USAGE, "the platform URL '" + url + "' is not a URL");
    }
    if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getHost() == null) {
      throw new MoleculeException(ExitCode.USAGE, "the platform URL '" + url
          + "' must start with https:// (or http:// for a local platform) and name a host");
    }
    return new PlatformConfig(uri, workspaceId, secret, orgId, Duration.ofSeconds(30));
  }

  private EngineSettings settings() {
    return EngineSettings.defaults().toBuilder()
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
  private int serve(PlatformClient client, Backend backend) throws MoleculeException {
    AgentCard card = new AgentCard("molecule (" + backendName + ")",
        "An external agent attached with molecule, answering with the " + backendName + " backend.",
        HostVersion.version());
    Engine engine = new Engine(client, backend, card, environment().stateDirectory(stateDir), settings());
    StopSignals.install(engine::stop);
    engine.run();
    Logger.info("stopped");
    return ExitCode.OK.code();
  }

  private void printSummary(AvailableBackend available, Map<String, String> options, Path dataDirectory,
      Optional<String> url) {
    PrintWriter out = out();
    out.println("workspace:  " + workspaceId);
    out.println("backend:    " + backendName + " (plugin " + available.pluginId() + " " + available.pluginVersion()
        + ", " + available.jar() + ")");
    options.forEach((key, value) -> out.println("  " + key + " = " + value));
    out.println("data dir:   " + dataDirectory);
    out.println("state file: " + environment().stateDirectory(stateDir).resolve(workspaceId + ".json"));
    out.println("platform:   " + url.orElse("(not set: MOLECULE_API_URL or --api-url)"));
    out.println("polling every " + interval.toMillis() + " ms, heartbeat every " + heartbeat.toSeconds() + " s");
    out.println("dry run: the backend started and its options are valid; nothing was sent");
    out.flush();
  }
}
