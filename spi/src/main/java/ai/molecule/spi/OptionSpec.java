package ai.molecule.spi;

import java.util.Objects;

/**
 * One option a backend accepts.
 *
 * @param key the name used in {@code --backend-opt KEY=VALUE}: lower case, digits and underscores
 * @param description one line for {@code molecule backends}
 * @param defaultValue the value when the operator gives none, or {@code null} for none
 * @param required whether the operator must give a value (a required option has no default)
 * @since 1.0
 */
public record OptionSpec(String key, String description, String defaultValue, boolean required) {

  /**
   * Checks the values.
   *
   * @param key the option's key
   * @param description one line; {@code null} means none
   * @param defaultValue the default, or {@code null}
   * @param required whether the operator must give a value
   * @throws IllegalArgumentException when the key is malformed, or a required option has a default
   * @since 1.0
   */
  public OptionSpec {
    Objects.requireNonNull(key, "key");
    if (!key.matches("[a-z][a-z0-9_]*")) {
      throw new IllegalArgumentException("option key '" + key + "' must be lower case letters, digits and underscores");
    }
    description = description == null ? "" : description;
    if (required && defaultValue != null) {
      throw new IllegalArgumentException("required option '" + key + "' cannot have a default");
    }
  }

  /**
   * An option the operator may leave out.
   *
   * @param key the option's key
   * @param description one line
   * @param defaultValue the value when the operator gives none, or {@code null}
   * @return the option
   * @since 1.0
   */
  public static OptionSpec optional(String key, String description, String defaultValue) {
    return new OptionSpec(key, description, defaultValue, false);
  }

  /**
   * An option the operator must give.
   *
   * @param key the option's key
   * @param description one line
   * @return the option
   * @since 1.0
   */
  public static OptionSpec required(String key, String description) {
    return new OptionSpec(key, description, null, true);
  }
}
