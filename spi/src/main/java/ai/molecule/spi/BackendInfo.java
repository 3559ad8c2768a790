package ai.molecule.spi;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * What a backend is: the name {@code --backend} selects, a one-line description, and the options
 * it accepts (given with {@code --backend-opt KEY=VALUE}).
 *
 * @param name lower case letters, digits and dashes, starting with a letter, e.g. {@code
 *     claude-code}; unique among the installed plugins
 * @param description one line, shown by {@code molecule backends}
 * @param options every option the backend accepts; an operator's unknown key is refused
 * @since 1.0
 */
public record BackendInfo(String name, String description, List<OptionSpec> options) {

  private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9-]{0,63}");

  /**
   * Checks the name and copies the options.
   *
   * @param name the backend's name
   * @param description one line; {@code null} means none
   * @param options the options; {@code null} means none
   * @throws IllegalArgumentException when the name is not lower case letters, digits and dashes
   * @since 1.0
   */
  public BackendInfo {
    Objects.requireNonNull(name, "name");
    if (!NAME.matcher(name).matches()) {
      throw new IllegalArgumentException(
          "backend name '" + name + "' must be lower case letters, digits and dashes, starting with a letter");
    }
    description = description == null ? "" : description;
    options = List.copyOf(options == null ? List.of() : options);
  }

  /**
   * The option with this key, if the backend declares one.
   *
   * @param key the option's key
   * @return the option, empty when the backend declares none with that key
   * @since 1.0
   */
  public Optional<OptionSpec> option(String key) {
    return options.stream().filter(o -> o.key().equals(key)).findFirst();
  }
}
