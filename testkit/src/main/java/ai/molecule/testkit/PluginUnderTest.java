package ai.molecule.testkit;

import ai.molecule.host.MoleculeException;
import ai.molecule.host.plugins.AvailableBackend;
import ai.molecule.host.plugins.BackendOptions;
import ai.molecule.host.plugins.PluginCatalog;
import ai.molecule.host.plugins.PluginInstaller;
import ai.molecule.host.plugins.PluginJar;
import ai.molecule.spi.Backend;
import ai.molecule.spi.BackendContext;
import ai.molecule.spi.BackendException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A plugin jar loaded the way molecule loads it: checked as {@code molecule plugins install}
 * checks it (a descriptor in the manifest, a compatible contract, a backend that loads with only
 * the spi and the JDK to lean on), its backends discovered, options checked against what each
 * declares, in a class loader of its own. Use it in an integration test that runs after the jar is
 * built ({@code maven-failsafe-plugin}):
 *
 * <pre>{@code
 * try (PluginUnderTest plugin = PluginUnderTest.built();
 *     BackendUnderTest backend = plugin.start("reverse", Map.of())) {
 *   Replies.assertText("olleh", backend.handle(Messages.text("hello").build()));
 * }
 * }</pre>
 */
public final class PluginUnderTest implements AutoCloseable {

  private final PluginJar jar;
  private final PluginCatalog catalog;
  private final Path dataRoot;

  private PluginUnderTest(PluginJar jar, PluginCatalog catalog, Path dataRoot) {
    this.jar = jar;
    this.catalog = catalog;
    this.dataRoot = dataRoot;
  }

  /**
   * Loads the plugin jar this build made (see {@link BuiltJar#find()}).
   *
   * @return the loaded plugin
   * @throws AssertionError when there is no built jar, or molecule would refuse it
   */
  public static PluginUnderTest built() {
    return load(BuiltJar.find());
  }

  /**
   * Loads a plugin jar.
   *
   * @param jar the jar
   * @return the loaded plugin
   * @throws AssertionError saying why molecule would refuse the jar
   */
  public static PluginUnderTest load(Path jar) {
    QuietHostLogs.apply();
    PluginJar checked;
    try {
      checked = PluginInstaller.check(jar);
    } catch (MoleculeException refused) {
      throw new AssertionError(refused.getMessage());
    }
    try {
      return new PluginUnderTest(checked, PluginCatalog.loadJars(List.of(jar)),
          Files.createTempDirectory("molecule-testkit-data"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * The plugin's {@code Plugin-Id}.
   *
   * @return the id
   */
  public String pluginId() {
    return jar.pluginId();
  }

  /**
   * The plugin's {@code Plugin-Version}.
   *
   * @return the version
   */
  public String version() {
    return jar.version();
  }

  /**
   * The names of the backends the plugin offers, as {@code --backend} selects them.
   *
   * @return the names, in the order the plugin lists them
   */
  public List<String> backends() {
    return jar.backends();
  }

  /**
   * Starts a backend as {@code molecule connect --backend NAME --backend-opt KEY=VALUE...} does:
   * the options are checked against the backend's declared ones and completed with their
   * defaults, and it gets a data directory of its own.
   *
   * @param name the backend's name
   * @param options the operator's options
   * @return the running backend; close it
   * @throws AssertionError when there is no such backend or molecule would refuse the options
   * @throws BackendException when the backend refuses to start (its own check)
   */
  public BackendUnderTest start(String name, Map<String, String> options) throws BackendException {
    AvailableBackend available = catalog.backend(name).orElseThrow(() -> new AssertionError(
        "plugin " + jar.pluginId() + " offers no backend '" + name + "'; it offers " + jar.backends()));
    Map<String, String> resolved;
    try {
      resolved = BackendOptions.resolve(available.info(), Objects.requireNonNull(options, "options"));
    } catch (IllegalArgumentException refused) {
      throw new AssertionError(refused.getMessage());
    }
    Path data;
    try {
      data = Files.createDirectories(dataRoot.resolve(name));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Backend backend = available.provider().create(new BackendContext(Messages.WORKSPACE, resolved, data));
    if (backend == null) {
      throw new AssertionError("backend " + name + ": create returned null");
    }
    return new BackendUnderTest(name, backend, data);
  }

  /** Unloads the plugin. Close its backends first. */
  @Override
  public void close() {
    catalog.close();
  }
}
