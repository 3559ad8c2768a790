package ai.molecule.host.plugins;

import ai.molecule.spi.BackendInfo;
import ai.molecule.spi.BackendProvider;
import java.nio.file.Path;

/**
 * A backend some plugin offers.
 *
 * @param info its name, description and options
 * @param provider the plugin's factory for it
 * @param pluginId the plugin's {@code Plugin-Id}
 * @param pluginVersion the plugin's {@code Plugin-Version}
 * @param jar the jar it was loaded from
 */
public record AvailableBackend(
    BackendInfo info, BackendProvider provider, String pluginId, String pluginVersion, Path jar) {

  public String name() {
    return info.name();
  }
}
