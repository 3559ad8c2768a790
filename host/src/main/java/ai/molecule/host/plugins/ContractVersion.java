package ai.molecule.host.plugins;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The spi contract check: a plugin built for {@code major.minor} runs on a host whose contract has
 * the same major version and a minor version at least as new (minor versions only add).
 */
final class ContractVersion {

  private static final Pattern VERSION = Pattern.compile("(\\d+)\\.(\\d+)(?:\\.\\d+)?");

  private ContractVersion() {}

  /** Why a plugin that requires {@code required} cannot run on {@code host}, or empty if it can. */
  static Optional<String> incompatibility(String required, String host) {
    if (required == null || required.isBlank()) {
      return Optional.of("its MANIFEST.MF has no Plugin-Requires; set it to the spi contract version "
          + host + " it was built against");
    }
    Matcher plugin = VERSION.matcher(required.trim());
    Matcher ours = VERSION.matcher(host);
    if (!plugin.matches() || !ours.matches()) {
      return Optional.of("Plugin-Requires '" + required + "' is not a contract version such as " + host);
    }
    long pluginMajor;
    long pluginMinor;
    try {
      pluginMajor = Long.parseLong(plugin.group(1));
      pluginMinor = Long.parseLong(plugin.group(2));
    } catch (NumberFormatException tooLong) {
      return Optional.of("Plugin-Requires '" + required + "' is not a contract version such as " + host);
    }
    long hostMajor = Long.parseLong(ours.group(1));
    long hostMinor = Long.parseLong(ours.group(2));
    if (pluginMajor != hostMajor || pluginMinor > hostMinor) {
      return Optional.of("built for spi contract " + required.trim() + ", but this molecule provides "
          + host + "; use a build of the plugin for contract " + hostMajor + ".x"
          + (pluginMajor == hostMajor ? " or upgrade molecule" : ""));
    }
    return Optional.empty();
  }
}
