package ai.molecule.host.plugins;

/**
 * The parent of every plugin class loader: the JDK (the platform class loader) and the spi package
 * from the host, and nothing else. A plugin that uses a library the host happens to have (gson,
 * picocli, tinylog, PF4J) without bundling it fails at once with that class missing, instead of
 * working until the host changes its own copy.
 */
final class SpiOnlyClassLoader extends ClassLoader {

  private static final String SPI_PACKAGE = "ai.molecule.spi.";

  static {
    registerAsParallelCapable();
  }

  private final ClassLoader host;

  SpiOnlyClassLoader(ClassLoader host) {
    super("molecule-spi-and-jdk", ClassLoader.getPlatformClassLoader());
    this.host = host;
  }

  static boolean isSpi(String className) {
    return className.startsWith(SPI_PACKAGE);
  }

  @Override
  protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
    if (isSpi(name)) {
      return host.loadClass(name);
    }
    return super.loadClass(name, resolve);
  }
}
