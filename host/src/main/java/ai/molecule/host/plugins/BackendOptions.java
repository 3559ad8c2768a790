package ai.molecule.host.plugins;

import ai.molecule.spi.BackendInfo;
import ai.molecule.spi.OptionSpec;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** Checks an operator's {@code --backend-opt} values against what the backend declares. */
public final class BackendOptions {

  private BackendOptions() {}

  /**
   * The options to give the backend: the operator's, plus the declared defaults.
   *
   * @throws IllegalArgumentException with a message that lists the backend's options, when a key is
   *     unknown or a required option is missing
   */
  public static Map<String, String> resolve(BackendInfo info, Map<String, String> given) {
    Map<String, String> resolved = new LinkedHashMap<>();
    for (Map.Entry<String, String> entry : given.entrySet()) {
      if (info.option(entry.getKey()).isEmpty()) {
        throw new IllegalArgumentException("backend " + info.name() + " has no option '" + entry.getKey()
            + "'; " + describe(info));
      }
    }
    for (OptionSpec option : info.options()) {
      String value = given.get(option.key());
      if (value == null) {
        value = option.defaultValue();
      }
      if (value == null && option.required()) {
        throw new IllegalArgumentException("backend " + info.name() + " needs --backend-opt "
            + option.key() + "=VALUE (" + option.description() + ")");
      }
      if (value != null) {
        resolved.put(option.key(), value);
      }
    }
    return resolved;
  }

  /** One line naming every option of the backend. */
  static String describe(BackendInfo info) {
    List<OptionSpec> options = info.options();
    if (options.isEmpty()) {
      return "it takes no options";
    }
    return "its options are: " + options.stream().map(OptionSpec::key).collect(Collectors.joining(", "))
        + " (see 'molecule backends')";
  }
}
