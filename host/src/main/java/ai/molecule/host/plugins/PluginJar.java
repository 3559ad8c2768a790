package ai.molecule.host.plugins;

import java.nio.file.Path;
import java.util.List;

/**
 * One jar found in a plugin directory, and what came of loading it.
 *
 * @param jar the file
 * @param pluginId its {@code Plugin-Id}, or {@code null} when it has none or is unreadable
 * @param version its {@code Plugin-Version}, or {@code null}
 * @param backends the names of the backends it provides (none when it failed)
 * @param problems why it, or some of its backends, could not be used
 */
public record PluginJar(Path jar, String pluginId, String version, List<String> backends, List<String> problems) {

  public PluginJar {
    backends = List.copyOf(backends);
    problems = List.copyOf(problems);
  }

  /** {@code loaded}, {@code partly loaded} (some backends refused) or {@code failed}. */
  public String state() {
    if (problems.isEmpty()) {
      return "loaded";
    }
    return backends.isEmpty() ? "failed" : "partly loaded";
  }
}
