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
  private final List<PluginJar> jars = new ArrayList<>();

  private PluginCatalog(Path root) {
    this.manager = new SpiFirstPluginManager(root);
  }

  /** Loads every plugin jar in these directories; a directory that does not exist is skipped. */
  public static PluginCatalog load(List<Path> directories) {
    List<PluginProblem> unreadable = new ArrayList<>();
    List<Path> jars = new ArrayList<>();
    for (Path directory : directories) {
      jars.addAll(jarsIn(directory, unreadable));
    }
    PluginCatalog catalog = loadJars(jars);
    catalog.problems.addAll(0, unreadable);
    return catalog;
  }

  /** Loads these jars, in this order; a relative path (a bare file name too) is taken from the current directory. */
  public static PluginCatalog loadJars(List<Path> jars) {
    List<Path> absolute = jars.stream().map(Path::toAbsolutePath).toList();
    PluginCatalog catalog = new PluginCatalog(absolute.isEmpty() ? Path.of("").toAbsolutePath() : absolute.get(0).getParent());
    absolute.forEach(catalog::loadJar);
    return catalog;
  }

  /** Every jar found, loaded or not, in the order they were read. */
  public List<PluginJar> jars() {
    return List.copyOf(jars);
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
    // A directory or jar other users can write is code they would run as this user: refused.
    java.util.Optional<String> openDirectory = ai.molecule.host.FilePermissions.writableByOthers(directory);
    if (openDirectory.isPresent()) {
      problems.add(new PluginProblem(directory, "no plugin is loaded from this directory: " + openDirectory.get()));
      return List.of();
    }
    try (Stream<Path> files = Files.list(directory)) {
      return files
          .filter(p -> isPluginJarName(p.getFileName().toString()) && Files.isRegularFile(p))
          .filter(p -> {
            java.util.Optional<String> open = ai.molecule.host.FilePermissions.writableByOthers(p);
            open.ifPresent(why -> problems.add(new PluginProblem(p, "not loaded: " + why)));
            return open.isEmpty();
          })
          .sorted()
          .toList();
    } catch (IOException e) {
      problems.add(new PluginProblem(directory, "cannot list the plugins directory: " + e.getMessage()));
      return List.of();
    }
  }

  /**
   * A jar, but not the {@code original-*.jar} the shade plugin leaves beside the jar it builds: so
   * an author can point {@code --plugins-dir} at a build's {@code target} directory.
   */
  private static boolean isPluginJarName(String fileName) {
    return fileName.endsWith(".jar") && !fileName.startsWith("original-");
  }

  private void loadJar(Path jar) {
    int problemsBefore = problems.size();
    Attributes manifest = null;
    Optional<String> refusal;
    try {
      manifest = manifest(jar);
      refusal = checkDescriptor(manifest);
    } catch (IOException e) {
      refusal = Optional.of("not a readable jar (" + e.getMessage() + ")");
    }
    List<String> offered = List.of();
    if (refusal.isPresent()) {
      report(jar, refusal.get());
    } else {
      offered = loadPlugin(jar);
    }
    List<String> reasons = problems.subList(problemsBefore, problems.size()).stream().map(PluginProblem::reason).toList();
    jars.add(new PluginJar(jar, value(manifest, "Plugin-Id"), value(manifest, "Plugin-Version"), offered, reasons));
  }

  /** Gives a checked jar to PF4J and finds its backends; returns the names it got. */
  private List<String> loadPlugin(Path jar) {
    String pluginId;
    try {
      pluginId = manager.loadPlugin(jar);
    } catch (RuntimeException e) {
      report(jar, "PF4J could not load it: " + e.getMessage());
      return List.of();
    }
    PluginWrapper plugin = manager.getPlugin(pluginId);
    pluginJars.put(pluginId, jar);
    List<String> offered = discoverBackends(plugin, jar);
    if (offered.isEmpty()) {
      manager.unloadPlugin(pluginId);
    }
    return offered;
  }

  /** The manifest's main attributes; empty when the jar has no manifest. */
  private static Attributes manifest(Path jar) throws IOException {
    try (JarFile file = new JarFile(jar.toFile())) {
      Manifest manifest = file.getManifest();
      return manifest == null ? new Attributes() : manifest.getMainAttributes();
    }
  }

  private static String value(Attributes attributes, String name) {
    String value = attributes == null ? null : attributes.getValue(name);
    return value == null || value.isBlank() ? null : value.trim();
  }

  /** Checks what can be checked without loading a class; returns why the jar is refused. */
  private Optional<String> checkDescriptor(Attributes attributes) {
    String id = value(attributes, "Plugin-Id");
    if (id == null) {
      return Optional.of("not a molecule plugin: its MANIFEST.MF has no Plugin-Id");
    }
    if (value(attributes, "Plugin-Version") == null) {
      return Optional.of("its MANIFEST.MF has no Plugin-Version");
    }
    Optional<String> incompatible =
        ContractVersion.incompatibility(attributes.getValue("Plugin-Requires"), Contract.VERSION);
    if (incompatible.isPresent()) {
      return incompatible;
    }
    Path other = pluginJars.get(id);
    if (other != null) {
      return Optional.of("plugin id '" + id + "' is already loaded from " + other);
    }
    return Optional.empty();
  }

  private List<String> discoverBackends(PluginWrapper plugin, Path jar) {
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
      Optional<String> missing = MissingClass.in(e);
      report(jar, missing.map(name -> "it needs class " + name + ", which is not in the jar: plugins see only "
              + "the spi and the JDK, so bundle the library that has it (the shade plugin does)")
          .orElseGet(() -> "its backend cannot be created: " + rootMessage(e)));
      return List.of();
    }
    if (found.isEmpty()) {
      report(jar, "offers no backend: list a class in META-INF/services/" + BackendProvider.class.getName());
      return List.of();
    }
    List<String> offered = new ArrayList<>();
    for (AvailableBackend backend : found) {
      AvailableBackend owner = backends.get(backend.name());
      if (owner != null) {
        report(jar, "backend name '" + backend.name() + "' is already taken by plugin "
            + owner.pluginId() + " (" + owner.jar().getFileName() + ")");
        continue;
      }
      backends.put(backend.name(), backend);
      offered.add(backend.name());
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
