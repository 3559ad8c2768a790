package ai.molecule.host.cli;

import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Option;

/** {@code --backend-opt KEY=VALUE}, repeatable: the options a command hands to the backend it starts. */
final class BackendOptionFlags {

  @Option(names = "--backend-opt", paramLabel = "KEY=VALUE", mapFallbackValue = "",
      description = "An option for the backend; repeat for more (config backend.NAME.KEY). "
          + "'molecule backends' lists each backend's options.")
  Map<String, String> values = new LinkedHashMap<>();
}
