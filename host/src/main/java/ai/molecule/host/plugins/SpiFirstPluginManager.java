package ai.molecule.host.plugins;

import java.nio.file.Path;
import org.pf4j.JarPluginLoader;
import org.pf4j.JarPluginManager;
import org.pf4j.PluginClassLoader;
import org.pf4j.PluginDescriptor;
import org.pf4j.PluginLoader;

/**
 * PF4J's jar plugin manager, with one change: the spi package always comes from the host's class
 * loader. A plugin that bundles its own copy of the spi by mistake would otherwise see a second
 * {@code BackendProvider} type and fail with a ClassCastException.
 */
final class SpiFirstPluginManager extends JarPluginManager {

  private static final String SPI_PACKAGE = "ai.molecule.spi.";

  SpiFirstPluginManager(Path root) {
    super(root);
  }

  @Override
  protected PluginLoader createPluginLoader() {
    return new JarPluginLoader(this) {
      @Override
      protected PluginClassLoader createPluginClassLoader(Path pluginPath, PluginDescriptor descriptor) {
        return new PluginClassLoader(pluginManager, descriptor, SpiFirstPluginManager.class.getClassLoader()) {
          @Override
          protected boolean shouldDelegateToParent(String className) {
            return className.startsWith(SPI_PACKAGE) || super.shouldDelegateToParent(className);
          }
        };
      }
    };
  }
}
