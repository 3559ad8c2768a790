package ai.molecule.dist;

import static ai.molecule.host.testing.PluginJars.plugin;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The plugin author's path, with the built distribution: {@code plugins new}, a Maven build of the
 * project against this build's spi and testkit, a try in the sandbox straight from {@code target},
 * {@code plugins install} by a bare file name, and the installed plugin answering. And a plugin
 * built against contract 1.0 still loading and answering.
 */
class PluginKitTest {

  private static final Duration SOON = Duration.ofSeconds(30);

  @TempDir Path home;
  @TempDir Path work;

  @Test
  void aGeneratedPluginBuildsTriesInstallsFromABareFileNameAndAnswersInTheSandbox() throws Exception {
    Distribution molecule = new Distribution(home).in(work);
    var generated = molecule.run("plugins", "new", "reverse");
    assertEquals(0, generated.exitCode(), generated.err());
    Path project = work.resolve("reverse");

    KitRepository repository = new KitRepository(work.resolve("m2"));
    repository.stage();
    maven(project, repository, "verify");
    Path target = project.resolve("target");
    assertTrue(Files.isRegularFile(target.resolve("reverse-0.1.0.jar")));
    assertTrue(Files.readString(target.resolve("failsafe-reports/com.example.reverse.ReversePluginIT.txt"))
        .contains("Tests run: 1, Failures: 0, Errors: 0"), "the built-jar test ran and passed");

    // Tried without installing it: the build's own target directory as the plugins directory.
    assertAnswers(new Distribution(home).in(project), "reverse", "hello kit", "tik olleh", "--plugins-dir", "target");

    var installed = new Distribution(home).in(target).run("plugins", "install", "reverse-0.1.0.jar");
    assertEquals(0, installed.exitCode(), installed.err());
    assertTrue(installed.out().contains("installed plugin reverse 0.1.0 (backends: reverse)"), installed.out());
    assertAnswers(new Distribution(home), "reverse", "hello world", "dlrow olleh");
  }

  @Test
  void aPluginBuiltForContractOnePointZeroStillLoadsAndAnswers() throws Exception {
    Path spiOnePointZero = Path.of(System.getProperty("molecule.root"), "spi/src/japicmp/molecule-spi-1.0.0.jar");
    Path jar = plugin("old-greeter").greeter("old").compiledAgainst(spiOnePointZero).writeTo(work, "old-greeter.jar");
    var installed = new Distribution(home).run("plugins", "install", jar.toString());
    assertEquals(0, installed.exitCode(), installed.err());
    assertAnswers(new Distribution(home), "old", "from the past", "hi from the past");
  }

  /** Starts a sandbox on {@code backend}, types {@code text} at its prompt, and waits for {@code expected}. */
  private static void assertAnswers(Distribution molecule, String backend, String text, String expected,
      String... options) throws Exception {
    List<String> args = new ArrayList<>(List.of("sandbox", "--backend", backend));
    args.addAll(List.of(options));
    var sandbox = molecule.start(args.toArray(String[]::new));
    try {
      sandbox.awaitOutput("Type a message", SOON);
      sandbox.type(text);
      String output = sandbox.awaitOutput("ms): " + expected, SOON);
      assertTrue(output.contains(backend + " ("), output);
      sandbox.type("/quit");
      assertTrue(sandbox.process().waitFor(SOON.toSeconds(), TimeUnit.SECONDS), "the sandbox ends on /quit");
      assertEquals(0, sandbox.process().exitValue(), sandbox.stderr());
    } finally {
      sandbox.process().destroyForcibly();
    }
  }

  /** Runs the project's own Maven wrapper, offline, against the kit repository. */
  private static void maven(Path project, KitRepository repository, String... goals) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of(project.resolve("mvnw").toString(), "-B", "-q"));
    command.addAll(List.of(repository.mavenOptions()));
    command.addAll(List.of(goals));
    Path log = project.resolve("maven.log");
    Process process = new ProcessBuilder(command).directory(project.toFile()).redirectErrorStream(true)
        .redirectOutput(log.toFile()).start();
    if (!process.waitFor(5, TimeUnit.MINUTES)) {
      process.destroyForcibly();
      throw new AssertionError("the generated project's build took over 5 minutes: " + Files.readString(log));
    }
    assertEquals(0, process.exitValue(), () -> "the generated project's build failed: " + read(log));
  }

  private static String read(Path file) {
    try {
      return Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "(no log: " + e.getMessage() + ")";
    }
  }
}
