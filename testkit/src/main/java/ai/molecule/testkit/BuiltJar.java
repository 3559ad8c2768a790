package ai.molecule.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * Finds the plugin jar a Maven build made: the system property {@value #PROPERTY} when set (the
 * generated project's failsafe configuration sets it), else the one jar in {@code target/} that is
 * not a sources, Javadoc, tests or shade {@code original-} jar.
 */
public final class BuiltJar {

  /** The system property that names the jar. */
  public static final String PROPERTY = "molecule.plugin.jar";

  private BuiltJar() {}

  /**
   * The built jar.
   *
   * @return its path
   * @throws AssertionError when it is not there (the test ran before {@code package}) or there are several
   */
  public static Path find() {
    String named = System.getProperty(PROPERTY);
    if (named != null && !named.isBlank()) {
      Path jar = Path.of(named);
      if (!Files.isRegularFile(jar)) {
        throw new AssertionError(PROPERTY + " names " + jar + ", which does not exist: run the test after package");
      }
      return jar;
    }
    Path target = Path.of("target");
    List<Path> jars;
    try (Stream<Path> files = Files.list(target)) {
      jars = files.filter(BuiltJar::isThePluginJar).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + target.toAbsolutePath(), e);
    }
    if (jars.size() != 1) {
      throw new AssertionError("expected one plugin jar in " + target.toAbsolutePath() + ", found " + jars
          + "; run the test after package (failsafe), or set -D" + PROPERTY + "=JAR");
    }
    return jars.get(0);
  }

  private static boolean isThePluginJar(Path file) {
    String name = file.getFileName().toString();
    return name.endsWith(".jar") && !name.startsWith("original-") && !name.endsWith("-sources.jar")
        && !name.endsWith("-javadoc.jar") && !name.endsWith("-tests.jar") && Files.isRegularFile(file);
  }
}
