package ai.molecule.dist;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A temporary Maven local repository holding this build's spi and testkit (and the host and parent
 * poms the testkit's loading path needs), laid out as {@code install} lays them out, so a generated
 * plugin builds against exactly what this build made. Everything else is read from the user's own
 * local repository as a read-only tail ({@code maven.repo.local.tail}), offline: nothing is
 * downloaded and nothing is written there.
 */
final class KitRepository {

  private static final String GROUP = "ai/molecule";

  private final Path root = Path.of(property("molecule.root"));
  private final String version = property("molecule.version");
  private final String spiVersion = property("molecule.spi.version");
  private final Path repository;

  KitRepository(Path repository) {
    this.repository = repository;
  }

  /** Copies the artifacts in; returns the repository. */
  Path stage() throws IOException {
    put("molecule-parent", version, "pom", root.resolve("pom.xml"));
    put("molecule-host", version, "pom", root.resolve("host/pom.xml"));
    put("molecule-host", version, "jar", root.resolve("host/target/molecule-host-" + version + ".jar"));
    for (String module : new String[] {"spi", "testkit"}) {
      String artifact = "molecule-" + module;
      put(artifact, spiVersion, "pom", root.resolve(module + "/target/.flattened-pom.xml"));
      put(artifact, spiVersion, "jar", root.resolve(module + "/target/" + artifact + "-" + spiVersion + ".jar"));
    }
    return repository;
  }

  /** The Maven options that build against this repository. */
  String[] mavenOptions() {
    return new String[] {"-o", "-Dmaven.repo.local=" + repository, "-Dmaven.repo.local.tail=" + property("molecule.repo.local")};
  }

  private void put(String artifact, String artifactVersion, String extension, Path source) throws IOException {
    if (!Files.isRegularFile(source)) {
      throw new IllegalStateException(source + " is missing: build the whole project (./mvnw -B verify) first");
    }
    Path target = repository.resolve(GROUP).resolve(artifact).resolve(artifactVersion)
        .resolve(artifact + "-" + artifactVersion + "." + extension);
    Files.createDirectories(target.getParent());
    Files.copy(source, target);
  }

  private static String property(String name) {
    String value = System.getProperty(name);
    if (value == null || value.isBlank()) {
      throw new IllegalStateException("system property " + name + " is not set (dist/pom.xml sets it for failsafe)");
    }
    return value;
  }
}
