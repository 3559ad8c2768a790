package ai.molecule.host.plugins;

import ai.molecule.host.ExitCode;
import ai.molecule.host.MoleculeException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Stream;

/**
 * Writes a standalone plugin project from the templates beside this class: a pom with no parent
 * and every plugin version pinned, the backend, its services file, a unit test and an integration
 * test on the testkit, a README, and this project's Maven wrapper, so {@code ./mvnw verify} builds
 * and tests it at once.
 */
public final class PluginProjectWriter {

  private static final String TEMPLATES = "template/";

  /** A file of the project: the template it comes from and where it goes. */
  private record TemplateFile(String template, String target, boolean substituted, boolean executable) {}

  private PluginProjectWriter() {}

  /**
   * Writes the project into {@code parent/NAME}.
   *
   * @return the project's directory
   * @throws MoleculeException when that directory exists and is not empty, or cannot be written
   */
  public static Path write(PluginProject project, Path parent) throws MoleculeException {
    Path root = parent.toAbsolutePath().normalize().resolve(project.name());
    if (isNonEmptyDirectory(root) || Files.isRegularFile(root)) {
      throw new MoleculeException(ExitCode.USAGE, root + " already exists; choose another name or --dir");
    }
    Map<String, String> values = values(project);
    try {
      for (TemplateFile file : files(project)) {
        Path target = root.resolve(file.target());
        Files.createDirectories(target.getParent());
        String text = read(file.template());
        Files.writeString(target, file.substituted() ? substitute(text, values) : text, StandardCharsets.UTF_8);
        if (file.executable()) {
          Files.setPosixFilePermissions(target, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
      }
    } catch (IOException | UnsupportedOperationException e) {
      throw new MoleculeException(ExitCode.USAGE, "cannot write the project into " + root + " (" + e.getMessage() + ")");
    }
    return root;
  }

  private static List<TemplateFile> files(PluginProject project) {
    String main = "src/main/java/" + project.packagePath() + "/" + project.className();
    String test = "src/test/java/" + project.packagePath() + "/" + project.className();
    return List.of(
        new TemplateFile("pom.xml.template", "pom.xml", true, false),
        new TemplateFile("README.md.template", "README.md", true, false),
        new TemplateFile("gitignore.template", ".gitignore", false, false),
        new TemplateFile("wrapper/mvnw", "mvnw", false, true),
        new TemplateFile("wrapper/.mvn/wrapper/maven-wrapper.properties", ".mvn/wrapper/maven-wrapper.properties", false, false),
        new TemplateFile("BackendProvider.java.template", main + "BackendProvider.java", true, false),
        new TemplateFile("Backend.java.template", main + "Backend.java", true, false),
        new TemplateFile("services.template", "src/main/resources/META-INF/services/ai.molecule.spi.BackendProvider", true, false),
        new TemplateFile("BackendTest.java.template", test + "BackendTest.java", true, false),
        new TemplateFile("PluginIT.java.template", test + "PluginIT.java", true, false));
  }

  /** The placeholders: the project's names, and the versions the host was built with. */
  private static Map<String, String> values(PluginProject project) {
    Map<String, String> values = new LinkedHashMap<>();
    Properties versions = new Properties();
    try (InputStream in = resource("versions.properties")) {
      versions.load(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    versions.stringPropertyNames().forEach(key -> values.put(key, versions.getProperty(key)));
    values.put("name", project.name());
    values.put("package", project.packageName());
    values.put("packagePath", project.packagePath());
    values.put("Class", project.className());
    return values;
  }

  private static String substitute(String text, Map<String, String> values) {
    String result = text;
    for (Map.Entry<String, String> value : values.entrySet()) {
      result = result.replace("{{" + value.getKey() + "}}", value.getValue());
    }
    return result;
  }

  private static String read(String template) throws IOException {
    try (InputStream in = resource(template)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  /** A template; its absence is a broken build of molecule, not the operator's problem. */
  private static InputStream resource(String name) {
    InputStream in = PluginProjectWriter.class.getResourceAsStream(TEMPLATES + name);
    if (in == null) {
      throw new IllegalStateException("the plugin template " + name + " is missing from this molecule build");
    }
    return in;
  }

  private static boolean isNonEmptyDirectory(Path directory) {
    if (!Files.isDirectory(directory)) {
      return false;
    }
    try (Stream<Path> entries = Files.list(directory)) {
      return entries.findAny().isPresent();
    } catch (IOException e) {
      return true;
    }
  }
}
