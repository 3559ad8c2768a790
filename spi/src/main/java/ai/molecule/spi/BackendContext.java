package ai.molecule.spi;

import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What the host gives a backend when it creates it.
 *
 * @param workspaceId the workspace this process serves
 * @param options the operator's options, checked against {@link BackendInfo#options()}, with the
 *     declared defaults filled in; an optional option without a default is absent
 * @param dataDirectory a directory that belongs to this backend and this workspace, kept across
 *     restarts (for example {@code ~/.config/molecule/data/<workspace>/<backend>}); it exists
 * @since 1.0
 */
public record BackendContext(String workspaceId, Map<String, String> options, Path dataDirectory) {

  /**
   * Checks and copies the values.
   *
   * @param workspaceId the workspace
   * @param options the options; {@code null} means none
   * @param dataDirectory the backend's data directory
   * @since 1.0
   */
  public BackendContext {
    Objects.requireNonNull(workspaceId, "workspaceId");
    options = Map.copyOf(options == null ? Map.of() : options);
    Objects.requireNonNull(dataDirectory, "dataDirectory");
  }

  /**
   * The option's value, if it has one.
   *
   * @param key the option's key
   * @return its value, empty when the operator gave none and it has no default
   * @since 1.0
   */
  public Optional<String> option(String key) {
    return Optional.ofNullable(options.get(key));
  }

  /**
   * The option as a boolean: {@code true, yes, on, 1} or {@code false, no, off, 0}, in any case.
   *
   * @param key the option's key
   * @param fallback the value when the option is absent or blank
   * @return the option's value
   * @throws BackendException when the value is none of those
   * @since 1.0
   */
  public boolean booleanOption(String key, boolean fallback) throws BackendException {
    String value = options.get(key);
    if (value == null || value.isBlank()) {
      return fallback;
    }
    switch (value.trim().toLowerCase(java.util.Locale.ROOT)) {
      case "true", "yes", "on", "1":
        return true;
      case "false", "no", "off", "0":
        return false;
      default:
        throw BackendException.permanent("option " + key + " must be on or off, not '" + value + "'");
    }
  }
}
