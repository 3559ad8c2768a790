package ai.molecule.host.cli;

import ai.molecule.host.testing.LogCapture;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/** One run of the command line in this JVM, with its exit code, output, errors and log. */
record CliRun(int exitCode, String out, String err, String log) {

  /** Everything the operator saw on stderr: the command's errors and the log. */
  String stderr() {
    return err + log;
  }

  /**
   * Runs {@code molecule args} with {@code config} as the configuration home (state, data and the
   * default plugin directory live there) and these extra environment variables.
   */
  static CliRun run(Path config, Map<String, String> variables, String... args) throws Exception {
    return run(config, variables, new StandardInput(InputStream.nullInputStream(), false), args);
  }

  /** As {@link #run(Path, Map, String...)}, with this standard input. */
  static CliRun run(Path config, Map<String, String> variables, StandardInput stdin, String... args) throws Exception {
    Map<String, String> environment = new HashMap<>(variables);
    environment.put("XDG_CONFIG_HOME", config.toString());
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int[] code = new int[1];
    String log = LogCapture.during(() -> code[0] = MoleculeCommand.run(
        new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8),
        new CliEnvironment(environment, config.resolve("home"), Optional.empty()).withStdin(stdin), args));
    return new CliRun(code[0], out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8), log);
  }
}
