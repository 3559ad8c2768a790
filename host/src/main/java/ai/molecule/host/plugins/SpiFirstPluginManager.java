package ai.molecule.host.plugins;

import java.nio.file.Path;
import org.pf4j.JarPluginLoader;
import org.pf4j.JarPluginManager;
import org.pf4j.PluginClassLoader;
import org.pf4j.PluginDescriptor;
import org.pf4j.PluginLoader;

/**
 * PF4J's jar plugin manager, with one change: a plugin's class loader sees its own jar, the spi and
 * the JDK, nothing else of the host (see {@link SpiOnlyClassLoader}). The spi package always comes
 * from the host: a plugin that bundles its own copy of the spi by mistake would otherwise see a
 * second {@code BackendProvider} type and fail with a ClassCastException.
 */
final class SpiFirstPluginManager extends JarPluginManager {

  private final ClassLoader hostBoundary = new SpiOnlyClassLoader(SpiFirstPluginManager.class.getClassLoader());

  SpiFirstPluginManager(Path root) {
    super(root);
  }

  @Override
  protected PluginLoader createPluginLoader() {
    return new JarPluginLoader(this) {
      @Override
      protected PluginClassLoader createPluginClassLoader(Path pluginPath, PluginDescriptor descriptor) {
        return new PluginClassLoader(pluginManager, descriptor, hostBoundary) {
          @Override
          protected boolean shouldDelegateToParent(String className) {
            // Not PF4J's own packages as its default does: plugins do not see PF4J.
            return SpiOnlyClassLoader.isSpi(className);
          }
        };
      }
    };
  }
}
