package ai.molecule.host.cli;

import ai.molecule.host.ExitCode;
import ai.molecule.host.MoleculeException;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code ~/.config/molecule/config.properties}: defaults an operator sets once. Flags and
 * environment variables win over it. An unknown key is an error, so a typo never goes unnoticed.
 *
 * <pre>
 * api_url = https://your-tenant.example.com
 * backend = claude-code
 * backend.claude-code.model = sonnet
 * </pre>
 */
record ConfigFile(Path path, Map<String, String> values) {

  /** The keys a config file may set, from the one table of settings. */
  static final Set<String> KEYS = Settings.configKeys();

  private static final Pattern BACKEND_OPTION = Pattern.compile("backend\\.([a-z][a-z0-9-]*)\\.([a-z][a-z0-9_]*)");

  static ConfigFile empty(Path path) {
    return new ConfigFile(path, Map.of());
  }

  /**
   * Reads the file. A missing file is an empty configuration when it is only the default place; a
   * file the operator named ({@code MOLECULE_CONFIG}) must exist.
   */
  static ConfigFile load(Path path, boolean named) throws MoleculeException {
    if (!Files.exists(path)) {
      if (named) {
        throw new MoleculeException(ExitCode.USAGE, "MOLECULE_CONFIG names " + path + ", which does not exist");
      }
      return empty(path);
    }
    Properties properties = new Properties();
    try (Reader reader = Files.newBufferedReader(path, StandardCharsets.UTF_8)) {
      properties.load(reader);
    } catch (IOException | IllegalArgumentException e) {
      throw new MoleculeException(ExitCode.USAGE, "cannot read the config file " + path + " (" + e.getMessage() + ")");
    }
    Map<String, String> values = new LinkedHashMap<>();
    for (String key : new TreeSet<>(properties.stringPropertyNames())) {
      if (!KEYS.contains(key) && !BACKEND_OPTION.matcher(key).matches()) {
        throw new MoleculeException(ExitCode.USAGE, "the config file " + path + " has an unknown key '" + key + "'"
            + Suggestions.closest(key, KEYS).map(known -> "; did you mean " + known + "?").orElse("")
            + " (known keys: " + String.join(", ", new TreeSet<>(KEYS)) + ", backend.<name>.<option>)");
      }
      values.put(key, properties.getProperty(key).trim());
    }
    return new ConfigFile(path, Map.copyOf(values));
  }

  Optional<String> get(String key) {
    String value = values.get(key);
    return value == null || value.isEmpty() ? Optional.empty() : Optional.of(value);
  }

  /** The {@code backend.<name>.<option>} entries for one backend, as options for it. */
  Map<String, String> backendOptions(String backend) {
    Map<String, String> options = new LinkedHashMap<>();
    values.forEach((key, value) -> {
      Matcher matcher = BACKEND_OPTION.matcher(key);
      if (matcher.matches() && matcher.group(1).equals(backend)) {
        options.put(matcher.group(2), value);
      }
    });
    return options;
  }
}
