package ai.molecule.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import japicmp.cmp.JApiCmpArchive;
import japicmp.cmp.JarArchiveComparator;
import japicmp.cmp.JarArchiveComparatorOptions;
import japicmp.model.JApiChangeStatus;
import japicmp.model.JApiClass;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The compatibility check the build runs (japicmp in spi/pom.xml, against the 1.0 jar in
 * src/japicmp) catches what breaks a plugin: here the spi's own sources, built with one 1.0 method
 * taken out, are compared with the 1.0 jar the same way, and must be refused.
 */
class CompatibilityCheckTest {

  private static final Path BASELINE = Path.of("src/japicmp/molecule-spi-1.0.0.jar");
  private static final Path SOURCES = Path.of("src/main/java");

  @TempDir Path work;

  @Test
  void theSpiAsBuiltIsCompatibleWithOnePointZero() throws IOException {
    List<String> breaking = incompatibilities(jar(compile(SOURCES), "as-built.jar"));
    assertEquals(List.of(), breaking);
  }

  @Test
  void aRemovedMethodIsAnIncompatibility() throws IOException {
    Path sources = copyOfSources();
    Path reply = sources.resolve("ai/molecule/spi/Reply.java");
    String text = Files.readString(reply);
    int start = text.indexOf("  public Reply withMetadata(");
    int end = text.indexOf("\n  }\n", start) + 5;
    assertTrue(start > 0 && end > start, "Reply.withMetadata is where the test expects it");
    Files.writeString(reply, text.substring(0, start) + text.substring(end));

    List<String> breaking = incompatibilities(jar(compile(sources), "without-a-method.jar"));
    assertEquals(List.of("ai.molecule.spi.Reply.withMetadata REMOVED"), breaking);
  }

  /** Every class or method of 1.0 that a jar breaks, binary or source; as the build's check sees it. */
  private static List<String> incompatibilities(Path jar) {
    JarArchiveComparator comparator = new JarArchiveComparator(new JarArchiveComparatorOptions());
    List<JApiClass> classes =
        comparator.compare(new JApiCmpArchive(BASELINE.toFile(), "1.0.0"), new JApiCmpArchive(jar.toFile(), "next"));
    List<String> breaking = new ArrayList<>();
    for (JApiClass type : classes) {
      type.getMethods().stream()
          .filter(m -> !m.isBinaryCompatible() || !m.isSourceCompatible())
          .forEach(m -> breaking.add(type.getFullyQualifiedName() + "." + m.getName() + " " + m.getChangeStatus()));
      if (breaking.isEmpty() && (!type.isBinaryCompatible() || !type.isSourceCompatible())) {
        breaking.add(type.getFullyQualifiedName() + " " + type.getChangeStatus());
      }
    }
    breaking.removeIf(line -> line.endsWith(" " + JApiChangeStatus.UNCHANGED));
    return breaking;
  }

  private Path copyOfSources() throws IOException {
    Path copy = work.resolve("src");
    try (Stream<Path> files = Files.walk(SOURCES)) {
      for (Path file : files.filter(Files::isRegularFile).toList()) {
        Path target = copy.resolve(SOURCES.relativize(file).toString());
        Files.createDirectories(target.getParent());
        Files.copy(file, target);
      }
    }
    return copy;
  }

  private Path compile(Path sources) throws IOException {
    Path classes = Files.createDirectories(work.resolve("classes-" + sources.hashCode()));
    List<String> arguments = new ArrayList<>(List.of("-d", classes.toString(), "--release", "17", "-nowarn"));
    try (Stream<Path> files = Files.walk(sources)) {
      files.filter(p -> p.toString().endsWith(".java")).map(Path::toString).forEach(arguments::add);
    }
    assertEquals(0, ToolProvider.getSystemJavaCompiler().run(null, null, null, arguments.toArray(String[]::new)));
    return classes;
  }

  private Path jar(Path classes, String name) throws IOException {
    Path jar = work.resolve(name);
    try (OutputStream file = Files.newOutputStream(jar); JarOutputStream out = new JarOutputStream(file);
        Stream<Path> files = Files.walk(classes)) {
      for (Path entry : files.filter(Files::isRegularFile).sorted().toList()) {
        out.putNextEntry(new JarEntry(classes.relativize(entry).toString().replace('\\', '/')));
        Files.copy(entry, out);
        out.closeEntry();
      }
    }
    return jar;
  }
}
