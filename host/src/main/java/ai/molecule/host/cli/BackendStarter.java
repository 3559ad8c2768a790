package ai.molecule.host.cli;

import ai.molecule.host.ExitCode;
import ai.molecule.host.MoleculeException;
import ai.molecule.host.plugins.AvailableBackend;
import ai.molecule.host.plugins.BackendOptions;
import ai.molecule.host.plugins.PluginCatalog;
import ai.molecule.spi.Backend;
import ai.molecule.spi.BackendContext;
import ai.molecule.spi.BackendException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Picks a backend by name, checks the operator's options against it (config file first, flags
 * win), and starts it; every way this can fail is a one-line error with its own exit code.
 */
final class BackendStarter {

  /** A backend that started, with what it was started with. */
  record Started(AvailableBackend available, Map<String, String> options, Path dataDirectory, Backend backend)
      implements AutoCloseable {
    @Override
    public void close() {
      backend.close();
    }
  }

  private BackendStarter() {}

  static Started start(PluginCatalog catalog, CliEnvironment environment, Path userPlugins, String name,
      Map<String, String> flagOptions, String workspaceId) throws MoleculeException {
    return start(catalog, environment, userPlugins, name, flagOptions, workspaceId,
        environment.dataDirectory(workspaceId, name));
  }

  /** As {@link #start(PluginCatalog, CliEnvironment, Path, String, Map, String)}, with a data directory of the caller's. */
  static Started start(PluginCatalog catalog, CliEnvironment environment, Path userPlugins, String name,
      Map<String, String> flagOptions, String workspaceId, Path dataDirectory) throws MoleculeException {
    AvailableBackend available = catalog.backend(name).orElseThrow(() -> noSuchBackend(catalog, name, userPlugins));
    Map<String, String> options;
    try {
      Map<String, String> given = new LinkedHashMap<>(environment.config().backendOptions(name));
      given.putAll(flagOptions);
      options = BackendOptions.resolve(available.info(), given);
    } catch (IllegalArgumentException e) {
      throw new MoleculeException(ExitCode.USAGE, e.getMessage());
    }
    try {
      ai.molecule.host.FilePermissions.ownerOnlyDirectory(dataDirectory); // uploads and sessions live here
    } catch (IOException e) {
      throw new MoleculeException(ExitCode.USAGE, "cannot create the backend's data directory " + dataDirectory
          + " (" + e.getMessage() + ")", e);
    }
    Backend backend;
    try {
      backend = available.provider().create(new BackendContext(workspaceId, options, dataDirectory));
    } catch (BackendException e) {
      throw new MoleculeException(ExitCode.BACKEND_FAILED, "backend " + name + " cannot start: " + e.getMessage(), e);
    } catch (RuntimeException | LinkageError e) {
      throw new MoleculeException(ExitCode.BACKEND_FAILED, "backend " + name + " failed to start ("
          + e + "); its plugin " + available.jar() + " may be broken", e);
    }
    if (backend == null) {
      throw new MoleculeException(ExitCode.BACKEND_FAILED, "backend " + name + " returned no backend");
    }
    return new Started(available, options, dataDirectory, backend);
  }

  private static MoleculeException noSuchBackend(PluginCatalog catalog, String name, Path userPlugins) {
    String names = catalog.backendList().stream().map(AvailableBackend::name).collect(Collectors.joining(", "));
    return new MoleculeException(ExitCode.NO_SUCH_BACKEND, "no backend named '" + name + "'; "
        + (names.isEmpty() ? "no backends are installed" : "installed: " + names)
        + "; put its plugin jar into " + userPlugins);
  }
}
