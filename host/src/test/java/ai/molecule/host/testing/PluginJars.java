package ai.molecule.host.testing;

import ai.molecule.spi.BackendProvider;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

/**
 * Builds real plugin jars for tests: compiles backend sources against the spi with the JDK's
 * compiler and packs them with a PF4J manifest, as a plugin author's build would.
 */
public final class PluginJars {

  private final Map<String, String> manifest = new LinkedHashMap<>();
  private final Map<String, String> sources = new LinkedHashMap<>();
  private final List<String> services = new ArrayList<>();
  private boolean bundleSpi;
  private String classPath = System.getProperty("java.class.path");

  private PluginJars(String pluginId) {
    manifest.put("Plugin-Id", pluginId);
    manifest.put("Plugin-Version", "1.2.3");
    manifest.put("Plugin-Requires", "1.0");
    manifest.put("Plugin-Provider", "tests");
    manifest.put("Plugin-Description", "a plugin built by a test");
  }

  /** A plugin with this id, requiring contract 1.0, offering nothing yet. */
  public static PluginJars plugin(String pluginId) {
    return new PluginJars(pluginId);
  }

  /**
   * Adds a backend named {@code name} that answers {@code "<greeting> <text>"}; its {@code greeting}
   * option defaults to {@code hi}.
   */
  public PluginJars greeter(String name) {
    String pkg = "test." + name.replace('-', '_') + "_" + Integer.toHexString(System.identityHashCode(this));
    String provider = pkg + ".Provider";
    sources.put(provider, "package " + pkg + ";\n"
        + "import ai.molecule.spi.*;\n"
        + "import java.util.List;\n"
        + "public final class Provider implements BackendProvider {\n"
        + "  public BackendInfo info() {\n"
        + "    return new BackendInfo(\"" + name + "\", \"greets\", List.of(OptionSpec.optional(\"greeting\", \"what to say first\", \"hi\")));\n"
        + "  }\n"
        + "  public Backend create(BackendContext context) {\n"
        + "    String greeting = context.option(\"greeting\").orElse(\"hi\");\n"
        + "    return message -> Reply.text(greeting + \" \" + message.text());\n"
        + "  }\n"
        + "}\n");
    services.add(provider);
    return this;
  }

  /** Adds a source file to compile into the jar; the test class path is the compiler's class path. */
  public PluginJars source(String className, String code) {
    sources.put(className, code);
    return this;
  }

  /**
   * Adds a backend named {@code name} whose reply is the value of {@code replyExpression}, a Java
   * expression of type String in which {@code message} is the inbound message; the backend
   * implements only the 1.0 {@code handle}.
   */
  public PluginJars answering(String name, String replyExpression) {
    String pkg = "test." + name.replace('-', '_') + "_" + Integer.toHexString(System.identityHashCode(this));
    return source(pkg + ".Provider", "package " + pkg + ";\n"
        + "import ai.molecule.spi.*;\n"
        + "import java.util.List;\n"
        + "public final class Provider implements BackendProvider {\n"
        + "  public BackendInfo info() { return new BackendInfo(\"" + name + "\", \"answers\", List.of()); }\n"
        + "  public Backend create(BackendContext context) {\n"
        + "    return message -> Reply.text(" + replyExpression + ");\n"
        + "  }\n"
        + "}\n").listing(pkg + ".Provider");
  }

  /** Lists a provider class in META-INF/services without compiling it. */
  public PluginJars listing(String className) {
    services.add(className);
    return this;
  }

  public PluginJars manifest(String name, String value) {
    if (value == null) {
      manifest.remove(name);
    } else {
      manifest.put(name, value);
    }
    return this;
  }

  /** Compiles against this class path (an older spi jar, say) instead of the test's own. */
  public PluginJars compiledAgainst(Path... jars) {
    classPath = String.join(java.io.File.pathSeparator, java.util.Arrays.stream(jars).map(Path::toString).toList());
    return this;
  }

  /** Packs the spi classes into the jar too, the mistake a plugin author can make. */
  public PluginJars bundlingTheSpi() {
    bundleSpi = true;
    return this;
  }

  /** Writes the jar as {@code directory/fileName}. */
  public Path writeTo(Path directory, String fileName) {
    try {
      Path classes = Files.createTempDirectory("plugin-classes");
      compile(classes);
      Files.createDirectories(directory);
      Path jar = directory.resolve(fileName);
      Manifest mf = new Manifest();
      mf.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
      manifest.forEach((k, v) -> mf.getMainAttributes().putValue(k, v));
      try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar), mf)) {
        addTree(out, classes, "");
        if (!services.isEmpty()) {
          out.putNextEntry(new JarEntry("META-INF/services/" + BackendProvider.class.getName()));
          out.write((String.join("\n", services) + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8));
          out.closeEntry();
        }
        if (bundleSpi) {
          addSpi(out);
        }
      }
      return jar;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void compile(Path classes) throws IOException {
    if (sources.isEmpty()) {
      return;
    }
    Path src = Files.createTempDirectory("plugin-src");
    List<String> arguments = new ArrayList<>(List.of(
        "-d", classes.toString(), "-cp", classPath, "--release", "17", "-nowarn"));
    for (Map.Entry<String, String> source : sources.entrySet()) {
      Path file = src.resolve(source.getKey().replace('.', '/') + ".java");
      Files.createDirectories(file.getParent());
      Files.writeString(file, source.getValue());
      arguments.add(file.toString());
    }
    JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
    if (compiler.run(null, null, null, arguments.toArray(String[]::new)) != 0) {
      throw new IllegalStateException("the test plugin did not compile");
    }
  }

  /** Adds the files under {@code root/below} with their paths relative to {@code root}. */
  private static void addTree(JarOutputStream out, Path root, String below) throws IOException {
    try (Stream<Path> files = Files.walk(root.resolve(below))) {
      for (Path file : files.filter(Files::isRegularFile).sorted().toList()) {
        out.putNextEntry(new JarEntry(root.relativize(file).toString().replace('\\', '/')));
        Files.copy(file, out);
        out.closeEntry();
      }
    }
  }

  /** Copies ai/molecule/spi/** from wherever the spi is on the test class path, a jar or a directory. */
  private static void addSpi(JarOutputStream out) throws IOException {
    Path location;
    try {
      location = Path.of(BackendProvider.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
    if (Files.isDirectory(location)) {
      addTree(out, location, "ai/molecule/spi");
      return;
    }
    try (FileSystem jar = FileSystems.newFileSystem(location)) {
      addTree(out, jar.getPath("/"), "ai/molecule/spi");
    }
  }
}
