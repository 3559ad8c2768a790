package ai.molecule.host.plugins;

import ai.molecule.host.ExitCode;
import ai.molecule.host.MoleculeException;
import java.util.Arrays;
import java.util.Locale;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The names a new plugin project is made of, all from the backend's name: {@code reverse-words}
 * gives the artifact and plugin id {@code reverse-words}, the package {@code
 * com.example.reversewords} and the classes {@code ReverseWordsBackend...}.
 *
 * @param name the backend's name, also the artifact id and the plugin id
 * @param packageName the Java package of its classes
 * @param className the prefix of its class names
 */
public record PluginProject(String name, String packageName, String className) {

  /** What {@link ai.molecule.spi.BackendInfo} accepts as a backend name. */
  private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9-]{0,63}");

  /**
   * The project for a backend of this name.
   *
   * @throws MoleculeException when the name is not a valid backend name
   */
  public static PluginProject named(String name) throws MoleculeException {
    if (name == null || !NAME.matcher(name).matches() || name.endsWith("-") || name.contains("--")) {
      throw new MoleculeException(ExitCode.USAGE, "'" + name + "' is not a backend name: use lower case letters, "
          + "digits and single dashes, starting with a letter (such as reverse-words)");
    }
    String words = name.replace("-", "");
    String className = Arrays.stream(name.split("-"))
        .map(w -> w.substring(0, 1).toUpperCase(Locale.ROOT) + w.substring(1)).collect(Collectors.joining());
    return new PluginProject(name, "com.example." + words, className);
  }

  /** The package as a path, {@code com/example/reversewords}. */
  public String packagePath() {
    return packageName.replace('.', '/');
  }
}
