package ai.molecule.host.cli;

import ai.molecule.host.ExitCode;
import ai.molecule.host.MoleculeException;
import ai.molecule.host.platform.PlatformClient;
import ai.molecule.host.platform.PlatformConfig;
import ai.molecule.host.platform.PlatformException;
import ai.molecule.host.plugins.PluginCatalog;
import ai.molecule.host.plugins.PluginJar;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code molecule doctor}: checks what {@code connect} needs, one line each, with the fix for
 * whatever fails: Java, the plugins, the backend's own start-up check, the platform, the token,
 * and the state directory.
 */
@Command(
    name = "doctor",
    mixinStandardHelpOptions = true,
    description = {
      "Check the set-up that 'molecule connect' needs, and say how to fix what is wrong.",
      "With WORKSPACE_ID it also checks that the platform accepts the token for that workspace."
    },
    footerHeading = Examples.HEADING,
    footer = {
      "  molecule doctor",
      "  molecule doctor WORKSPACE_ID --api-url https://your-tenant.example.com"
    })
final class DoctorCommand extends PluginCommand {

  private enum Outcome { OK, FAIL, SKIP }

  private record Check(String name, Outcome outcome, String detail) {}

  @Parameters(index = "0", arity = "0..1", paramLabel = "WORKSPACE_ID", description = "The workspace to check the token for.")
  String workspaceId;

  @Option(names = "--backend", paramLabel = "NAME", defaultValue = "claude-code",
      description = "The backend to check (env MOLECULE_BACKEND; config backend; default: ${DEFAULT-VALUE}).")
  String backendName;

  @Mixin BackendOptionFlags backendOptions;

  @Mixin PlatformOptions platform;

  @Mixin StateDirOption state;

  @Override
  protected String defaultLogLevel() {
    return "error"; // the checks report problems themselves
  }

  @Override
  protected int execute() {
    List<Check> checks = new ArrayList<>();
    checks.add(new Check("java", Outcome.OK, "Java " + Runtime.version() + " (" + System.getProperty("java.vendor") + ")"));
    try (PluginCatalog catalog = PluginCatalog.load(pluginDirectories())) {
      checkPlugins(catalog, checks);
      checks.add(checkBackend(catalog));
    }
    Optional<URI> reachable = checkPlatform(checks);
    checks.add(checkToken(reachable));
    checks.add(checkStateDirectory());
    Colours colours = Colours.forTerminal(environment());
    int width = checks.stream().mapToInt(c -> c.name().length()).max().orElse(0);
    for (Check check : checks) {
      String label = switch (check.outcome()) {
        case OK -> colours.green("  ok");
        case FAIL -> colours.red("FAIL");
        case SKIP -> colours.yellow("skip");
      };
      out().println(label + "  " + String.format("%-" + width + "s", check.name()) + "  " + check.detail());
    }
    boolean failed = checks.stream().anyMatch(c -> c.outcome() == Outcome.FAIL);
    out().println(failed ? "Some checks failed: fix them as they say, then run molecule doctor again."
        : "All checks passed.");
    out().flush();
    return failed ? ExitCode.CHECK_FAILED.code() : ExitCode.OK.code();
  }

  private void checkPlugins(PluginCatalog catalog, List<Check> checks) {
    if (catalog.jars().isEmpty()) {
      checks.add(new Check("plugins", Outcome.FAIL, "no plugin jars in " + pluginDirectories()
          + "; fix: put backend plugin jars into " + userPluginDirectory()));
    }
    for (PluginJar jar : catalog.jars()) {
      String name = "plugin " + (jar.pluginId() != null ? jar.pluginId() : jar.jar().getFileName());
      checks.add(jar.problems().isEmpty()
          ? new Check(name, Outcome.OK, jar.version() + ", backends " + String.join(", ", jar.backends()))
          : new Check(name, Outcome.FAIL, String.join("; ", jar.problems()) + " (" + jar.jar()
              + "); fix: replace the jar, or remove it with 'molecule plugins remove'"));
    }
  }

  /** Starts the backend as connect would, in a scratch data directory, and stops it again. */
  private Check checkBackend(PluginCatalog catalog) {
    Path scratch = null;
    try {
      scratch = Files.createTempDirectory("molecule-doctor");
      try (BackendStarter.Started started = BackendStarter.start(catalog, environment(), userPluginDirectory(),
          backendName, backendOptions.values, workspaceId != null ? workspaceId : "doctor", scratch)) {
        return new Check("backend " + backendName, Outcome.OK, "starts (plugin " + started.available().pluginId()
            + " " + started.available().pluginVersion() + ")" + ConnectCommand.describedBy(started.backend())
                .map(line -> "; runs: " + line).orElse(""));
      }
    } catch (MoleculeException e) {
      return new Check("backend " + backendName, Outcome.FAIL, e.getMessage());
    } catch (IOException e) {
      return new Check("backend " + backendName, Outcome.FAIL, "cannot make a scratch directory: " + e.getMessage());
    } finally {
      ScratchDirectories.deleteQuietly(scratch);
    }
  }

  private Optional<URI> checkPlatform(List<Check> checks) {
    if (platform.apiUrl == null) {
      checks.add(new Check("platform", Outcome.FAIL, "no platform URL; fix: set MOLECULE_API_URL or pass --api-url"));
      return Optional.empty();
    }
    URI uri;
    try {
      uri = Urls.platform(platform.apiUrl);
    } catch (MoleculeException e) {
      checks.add(new Check("platform", Outcome.FAIL, e.getMessage()));
      return Optional.empty();
    }
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    try {
      HttpResponse<Void> response = http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).GET().build(),
          HttpResponse.BodyHandlers.discarding());
      checks.add(new Check("platform", Outcome.OK, uri + " answers (HTTP " + response.statusCode() + ")"));
      return Optional.of(uri);
    } catch (IOException e) {
      checks.add(new Check("platform", Outcome.FAIL, "cannot reach " + uri + " (" + e.getMessage()
          + "); fix: check the URL, the network and any proxy"));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return Optional.empty();
  }

  private Check checkToken(Optional<URI> reachable) {
    if (workspaceId == null) {
      return new Check("token", Outcome.SKIP, "give a WORKSPACE_ID to check the token");
    }
    try {
      WorkspaceIds.check(workspaceId);
    } catch (MoleculeException e) {
      return new Check("token", Outcome.FAIL, e.getMessage());
    }
    if (reachable.isEmpty()) {
      return new Check("token", Outcome.SKIP, "the platform is not reachable");
    }
    try {
      PlatformClient client = new PlatformClient(new PlatformConfig(reachable.get(), workspaceId,
          platform.token(environment()), platform.orgId, Duration.ofSeconds(10)));
      var state = client.state();
      String status = state.has("status") && state.get("status").isJsonPrimitive()
          ? state.get("status").getAsString() : "unknown";
      return new Check("token", Outcome.OK, "accepted for workspace " + workspaceId + " (status: " + status + ")");
    } catch (MoleculeException e) {
      return new Check("token", Outcome.FAIL, e.getMessage());
    } catch (PlatformException e) {
      return new Check("token", Outcome.FAIL, e.getMessage());
    }
  }

  private Check checkStateDirectory() {
    Path directory = state.directory(environment());
    Path existing = directory;
    while (existing != null && !Files.exists(existing)) {
      existing = existing.getParent();
    }
    if (existing == null || !Files.isWritable(existing)) {
      return new Check("state dir", Outcome.FAIL, directory + " cannot be created or written; fix: make "
          + (existing == null ? directory : existing) + " writable, or choose another with --state-dir");
    }
    if (!Files.exists(directory)) {
      return new Check("state dir", Outcome.OK, directory + " will be created (owner-only) on the first connect");
    }
    if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
      try {
        Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(directory);
        if (permissions.stream().anyMatch(p -> p.name().startsWith("GROUP") || p.name().startsWith("OTHERS"))) {
          return new Check("state dir", Outcome.FAIL, directory + " can be read by others; fix: chmod 700 " + directory);
        }
      } catch (IOException e) {
        return new Check("state dir", Outcome.FAIL, "cannot read the permissions of " + directory + ": " + e.getMessage());
      }
    }
    return new Check("state dir", Outcome.OK, directory + " is writable and owner-only");
  }
}
