package ai.molecule.host.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.molecule.host.ExitCode;
import ai.molecule.spi.Contract;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code molecule plugins new}: what it writes. dist's tests build the project with Maven. */
class PluginsNewCommandTest {

  private static final Pattern PLUGIN = Pattern.compile(
      "<artifactId>(maven-[a-z-]+-plugin)</artifactId>\\s*<version>([^<]+)</version>");

  @TempDir Path config;
  @TempDir Path projects;

  private CliRun molecule(String... args) throws Exception {
    return CliRun.run(config, Map.of(), args);
  }

  @Test
  void writesAStandaloneProjectNamedAfterTheBackend() throws Exception {
    CliRun run = molecule("plugins", "new", "reverse-words", "--dir", projects.toString());
    assertEquals(0, run.exitCode(), run.toString());
    Path root = projects.resolve("reverse-words");
    assertTrue(run.out().contains("wrote plugin project reverse-words in " + root), run.out());
    List<String> files;
    try (Stream<Path> walk = Files.walk(root)) {
      files = walk.filter(Files::isRegularFile).map(p -> root.relativize(p).toString()).sorted().toList();
    }
    assertEquals(List.of(".gitignore", ".mvn/wrapper/maven-wrapper.properties", "README.md", "mvnw", "pom.xml",
        "src/main/java/com/example/reversewords/ReverseWordsBackend.java",
        "src/main/java/com/example/reversewords/ReverseWordsBackendProvider.java",
        "src/main/resources/META-INF/services/ai.molecule.spi.BackendProvider",
        "src/test/java/com/example/reversewords/ReverseWordsBackendTest.java",
        "src/test/java/com/example/reversewords/ReverseWordsPluginIT.java"), files);
    assertTrue(Files.isExecutable(root.resolve("mvnw")));
    for (String file : files) {
      assertFalse(Files.readString(root.resolve(file)).contains("{{"), file + " has a placeholder left");
    }
    String pom = Files.readString(root.resolve("pom.xml"));
    assertFalse(pom.contains("<parent>"), "the project builds on its own");
    assertTrue(pom.contains("<molecule.contract.version>" + Contract.VERSION + "</molecule.contract.version>"), pom);
    assertTrue(pom.contains("<maven.compiler.release>17</maven.compiler.release>"));
    assertEquals("com.example.reversewords.ReverseWordsBackendProvider", Files.readString(
        root.resolve("src/main/resources/META-INF/services/ai.molecule.spi.BackendProvider")).strip());
    assertEquals(Files.readString(Path.of("../mvnw")), Files.readString(root.resolve("mvnw")));
  }

  @Test
  void theProjectPinsTheBuildPluginsThisProjectUses() throws Exception {
    assertEquals(0, molecule("plugins", "new", "pinned", "--dir", projects.toString()).exitCode());
    Map<String, String> ours = pinned(Files.readString(Path.of("../pom.xml")));
    Map<String, String> theirs = pinned(Files.readString(projects.resolve("pinned/pom.xml")));
    assertTrue(theirs.keySet().containsAll(List.of("maven-compiler-plugin", "maven-surefire-plugin",
        "maven-failsafe-plugin", "maven-jar-plugin", "maven-resources-plugin", "maven-install-plugin")), theirs.toString());
    theirs.forEach((plugin, version) -> assertEquals(ours.get(plugin), version, plugin));
  }

  @Test
  void aBadNameOrAnExistingDirectoryIsAOneLineError() throws Exception {
    CliRun bad = molecule("plugins", "new", "Reverse_Words", "--dir", projects.toString());
    assertEquals(ExitCode.USAGE.code(), bad.exitCode());
    assertTrue(bad.err().contains("'Reverse_Words' is not a backend name"), bad.err());
    assertEquals(1, bad.err().strip().lines().count(), bad.err());

    Files.createDirectories(projects.resolve("taken"));
    Files.writeString(projects.resolve("taken/keep.txt"), "mine");
    CliRun taken = molecule("plugins", "new", "taken", "--dir", projects.toString());
    assertEquals(ExitCode.USAGE.code(), taken.exitCode());
    assertTrue(taken.err().contains("already exists"), taken.err());
    assertEquals("mine", Files.readString(projects.resolve("taken/keep.txt")));
  }

  private static Map<String, String> pinned(String pom) {
    Map<String, String> versions = new LinkedHashMap<>();
    Matcher matcher = PLUGIN.matcher(pom.replaceAll("<groupId>org.apache.maven.plugins</groupId>\\s*", ""));
    while (matcher.find()) {
      versions.put(matcher.group(1), matcher.group(2));
    }
    return versions;
  }
}
