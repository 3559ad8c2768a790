package ai.molecule.host.status;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * Prometheus' own parser and linter of the text format, {@code promtool check metrics} (Debian's
 * {@code prometheus} package; {@code .ci/run} installs it): the Java client has no parser. Under
 * {@code CI} a missing promtool fails the test; elsewhere it is skipped with one loud line.
 */
final class Promtool {

  private Promtool() {}

  static void check(String exposition) throws IOException, InterruptedException {
    String promtool = find();
    if (promtool == null) {
      String why = "promtool is not installed (apt-get install prometheus; .ci/run does): the metrics were not "
          + "checked with Prometheus' own parser";
      assertTrue(System.getenv("CI") == null, why);
      System.err.println("SKIPPED: " + why);
      Assumptions.abort(why);
    }
    Process process = new ProcessBuilder(promtool, "check", "metrics").redirectErrorStream(true).start();
    process.getOutputStream().write(exposition.getBytes(StandardCharsets.UTF_8));
    process.getOutputStream().close();
    String said = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(process.waitFor(30, TimeUnit.SECONDS), "promtool did not finish");
    assertEquals(0, process.exitValue(), "promtool check metrics: " + said + "\n" + exposition);
  }

  private static String find() {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
      Path candidate = Path.of(dir, "promtool");
      if (Files.isExecutable(candidate)) {
        return candidate.toString();
      }
    }
    return null;
  }
}
