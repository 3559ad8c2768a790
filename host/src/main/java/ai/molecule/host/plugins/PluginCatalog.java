package ai.molecule.host.plugins;

import ai.molecule.spi.BackendInfo;
import ai.molecule.spi.BackendProvider;
import ai.molecule.spi.Contract;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.jar.Attributes;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import java.util.stream.Stream;
import org.pf4j.PluginManager;
import org.pf4j.PluginWrapper;
import org.tinylog.Logger;

/**
 * The backends of every plugin jar in the plugin directories, and the problems of the jars that
 * could not be used.
 *
 * <p>Each jar is checked on its own (readable, a PF4J descriptor, a compatible contract, a unique
 * plugin id and backend names) before PF4J gives it a class loader, so one broken jar is reported
 * by name and reason and never stops the others. Directories are read in the order given, jars by
 * file name, and the first plugin to claim an id or a backend name keeps it.
 */
public final class PluginCatalog implements AutoCloseable {

  private final PluginManager manager;
  private final Map<String, AvailableBackend> backends = new LinkedHashMap<>();
  private final List<PluginProblem> problems = new ArrayList<>();
  private final Map<String, Path> pluginJars = new LinkedHashMap<>();

  private PluginCatalog(Path root) {
    this.manager = new SpiFirstPluginManager(root);
  }

  /** Loads every plugin jar in these directories; a directory that does not exist is skipped. */
  public static PluginCatalog load(List<Path> directories) {
    PluginCatalog catalog = new PluginCatalog(directories.isEmpty() ? Path.of(".") : directories.get(0));
    for (Path directory : directories) {
      for (Path jar : jarsIn(directory, catalog.problems)) {
        catalog.loadJar(jar);
      }
    }
    return catalog;
  }

  /** The backends in the order their plugins were found. */
  public List<AvailableBackend> backendList() {
    return List.copyOf(backends.values());
  }

  public Optional<AvailableBackend> backend(String name) {
    return Optional.ofNullable(backends.get(name));
  }

  /** The jars that could not be used, each with its reason. */
  public List<PluginProblem> problems() {
    return List.copyOf(problems);
  }

  /** Closes every plugin class loader. Call after the last backend has been closed. */
  @Override
  public void close() {
    // unloadPlugins, not stopPlugins: the latter throws ConcurrentModificationException in PF4J 3.15.
    manager.unloadPlugins();
  }

  private static List<Path> jarsIn(Path directory, List<PluginProblem> problems) {
    if (!Files.isDirectory(directory)) {
      return List.of();
    }
    try (Stream<Path> files = Files.list(directory)) {
      return files
          .filter(p -> p.getFileName().toString().endsWith(".jar") && Files.isRegularFile(p))
          .sorted()
          .toList();
    } catch (IOException e) {
      problems.add(new PluginProblem(directory, "cannot list the plugins directory: " + e.getMessage()));
      return List.of();
    }
  }

  private void loadJar(Path jar) {
    Optional<String> refusal = checkDescriptor(jar);
    if (refusal.isPresent()) {
      report(jar, refusal.get());
      return;
    }
    String pluginId;
    try {
      pluginId = manager.loadPlugin(jar);
    } catch (RuntimeException e) {
      report(jar, "PF4J could not load it: " + e.getMessage());
      return;
    }
    PluginWrapper plugin = manager.getPlugin(pluginId);
    pluginJars.put(pluginId, jar);
    int offered = discoverBackends(plugin, jar);
    if (offered == 0) {
      manager.unloadPlugin(pluginId);
    }
  }

  /** Checks what can be checked without loading a class; returns why the jar is refused. */
  private Optional<String> checkDescriptor(Path jar) {
    Manifest manifest;
    try (JarFile file = new JarFile(jar.toFile())) {
      manifest = file.getManifest();
    } catch (IOException e) {
      return Optional.of("not a readable jar (" + e.getMessage() + ")");
    }
    Attributes attributes = manifest == null ? new Attributes() : manifest.getMainAttributes();
    String id = attributes.getValue("Plugin-Id");
    if (id == null || id.isBlank()) {
      return Optional.of("not a molecule plugin: its MANIFEST.MF has no Plugin-Id");
    }
    if (attributes.getValue("Plugin-Version") == null) {
      return Optional.of("its MANIFEST.MF has no Plugin-Version");
    }
    Optional<String> incompatible =
        ContractVersion.incompatibility(attributes.getValue("Plugin-Requires"), Contract.VERSION);
    if (incompatible.isPresent()) {
      return incompatible;
    }
    Path other = pluginJars.get(id.trim());
    if (other != null) {
      return Optional.of("plugin id '" + id.trim() + "' is already loaded from " + other);
    }
    return Optional.empty();
  }

  private int discoverBackends(PluginWrapper plugin, Path jar) {
    ClassLoader loader = plugin.getPluginClassLoader();
    List<AvailableBackend> found = new ArrayList<>();
    try {
      for (ServiceLoader.Provider<BackendProvider> candidate :
          ServiceLoader.load(BackendProvider.class, loader).stream().toList()) {
        if (candidate.type().getClassLoader() != loader) {
          continue; // listed by the host or another jar on the parent class path, not this plugin
        }
        BackendProvider provider = candidate.get();
        BackendInfo info = provider.info();
        found.add(new AvailableBackend(info, provider, plugin.getPluginId(),
            plugin.getDescriptor().getVersion(), jar));
      }
    } catch (ServiceConfigurationError | LinkageError | RuntimeException e) {
      report(jar, "its backend cannot be created: " + rootMessage(e));
      return 0;
    }
    if (found.isEmpty()) {
      report(jar, "offers no backend: list a class in META-INF/services/" + BackendProvider.class.getName());
      return 0;
    }
    int offered = 0;
    for (AvailableBackend backend : found) {
      AvailableBackend owner = backends.get(backend.name());
      if (owner != null) {
        report(jar, "backend name '" + backend.name() + "' is already taken by plugin "
            + owner.pluginId() + " (" + owner.jar().getFileName() + ")");
        continue;
      }
      backends.put(backend.name(), backend);
      offered++;
      Logger.debug("backend {} from plugin {} {} ({})",
          backend.name(), backend.pluginId(), backend.pluginVersion(), jar);
    }
    return offered;
  }

  private void report(Path jar, String reason) {
    problems.add(new PluginProblem(jar, reason));
  }

  /** The innermost cause's message: a ServiceConfigurationError wraps the useful part. */
  private static String rootMessage(Throwable e) {
    Throwable cause = e;
    while (cause.getCause() != null && cause.getCause() != cause) {
      cause = cause.getCause();
    }
    String message = cause.getMessage();
    String text = cause.getClass().getSimpleName() + (message == null ? "" : ": " + message);
    return cause == e ? text : e.getMessage() + " (" + text + ")";
  }
}
