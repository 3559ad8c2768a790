package ai.molecule.host;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/** The host's build version and the spi contract version it provides, from the build. */
public final class HostVersion {

  private static final Properties BUILD = load();

  private HostVersion() {}

  public static String version() {
    return BUILD.getProperty("version", "unknown");
  }

  private static Properties load() {
    Properties properties = new Properties();
    try (InputStream in = HostVersion.class.getResourceAsStream("/molecule-version.properties")) {
      if (in != null) {
        properties.load(in);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return properties;
  }
}
