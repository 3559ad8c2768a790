package ai.molecule.host.plugins;

import static ai.molecule.host.testing.PluginJars.plugin;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.molecule.spi.BackendContext;
import ai.molecule.spi.InboundMessage;
import ai.molecule.spi.Part;
import ai.molecule.spi.Reply;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PluginCatalogTest {

  private static final InboundMessage HELLO =
      new InboundMessage("ws", "peer", "m1", null, null, null, List.of(Part.text("there")), null);

  @TempDir Path plugins;
  @TempDir Path data;

  private static String answer(AvailableBackend backend, Map<String, String> options) throws Exception {
    var resolved = BackendOptions.resolve(backend.info(), options);
    try (var instance = backend.provider().create(new BackendContext("ws", resolved, Path.of(".")))) {
      Reply reply = instance.handle(HELLO);
      return ((Part.Text) reply.parts().get(0)).text();
    }
  }

  @Test
  void aGoodPluginLoadsAndItsBackendAnswers() throws Exception {
    Path jar = plugin("greeter-plugin").greeter("greeter").writeTo(plugins, "greeter.jar");
    try (PluginCatalog catalog = PluginCatalog.load(List.of(plugins))) {
      assertEquals(List.of(), catalog.problems());
      AvailableBackend greeter = catalog.backend("greeter").orElseThrow();
      assertEquals("greeter-plugin", greeter.pluginId());
      assertEquals("1.2.3", greeter.pluginVersion());
      assertEquals(jar, greeter.jar());
      assertEquals("hi there", answer(greeter, Map.of()));
      assertEquals("hello there", answer(greeter, Map.of("greeting", "hello")));
    }
  }

  @Test
  void aJarOrDirectoryOtherUsersCanWriteIsRefusedWithTheFix() throws Exception {
    plugin("good").greeter("good").writeTo(plugins, "a-good.jar");
    Path open = plugin("open").greeter("open").writeTo(plugins, "b-open.jar");
    java.nio.file.Files.setPosixFilePermissions(open, java.nio.file.attribute.PosixFilePermissions.fromString("rw-rw-rw-"));
    try (PluginCatalog catalog = PluginCatalog.load(List.of(plugins))) {
      assertTrue(catalog.backend("good").isPresent());
      assertTrue(catalog.backend("open").isEmpty(), "a jar anyone can change is code anyone runs as us");
      assertEquals("b-open.jar: not loaded: other users can write it (fix: chmod go-w " + open + ")",
          catalog.problems().get(0).toString());
    }
    java.nio.file.Files.setPosixFilePermissions(plugins, java.nio.file.attribute.PosixFilePermissions.fromString("rwxrwxrwx"));
    try (PluginCatalog catalog = PluginCatalog.load(List.of(plugins))) {
      assertTrue(catalog.backend("good").isEmpty());
      assertTrue(catalog.problems().get(0).reason().contains("chmod go-w " + plugins), catalog.problems().toString());
    }
  }

  @Test
  void aPluginThatBundlesTheSpiStillWorks() throws Exception {
    plugin("careless").greeter("careless").bundlingTheSpi().writeTo(plugins, "careless.jar");
    try (PluginCatalog catalog = PluginCatalog.load(List.of(plugins))) {
      assertEquals(List.of(), catalog.problems());
      assertEquals("hi there", answer(catalog.backend("careless").orElseThrow(), Map.of()));
    }
  }

  @Test
  void brokenPluginsAreReportedByJarAndReasonAndTheOthersStillWork() throws Exception {
    plugin("good").greeter("good").writeTo(plugins, "a-good.jar");
    plugin("future").greeter("future").manifest("Plugin-Requires", "2.0").writeTo(plugins, "b-future.jar");
    plugin("newer-minor").greeter("newer-minor").manifest("Plugin-Requires", "1.9").writeTo(plugins, "c-newer.jar");
    Files.write(plugins.resolve("d-corrupt.jar"), new byte[] {'P', 'K', 3, 4, 1, 2, 3});
    plugin("missing").listing("test.nowhere.Provider").writeTo(plugins, "e-missing-class.jar");
    plugin("twin").greeter("good").writeTo(plugins, "f-duplicate-name.jar");
    plugin("good").greeter("other").writeTo(plugins, "g-duplicate-id.jar");
    plugin("anonymous").greeter("anonymous").manifest("Plugin-Id", null).writeTo(plugins, "h-no-id.jar");
    plugin("empty").writeTo(plugins, "i-no-backend.jar");

    try (PluginCatalog catalog = PluginCatalog.load(List.of(plugins))) {
      assertEquals(List.of("good"), catalog.backendList().stream().map(AvailableBackend::name).toList());
      assertEquals("hi there", answer(catalog.backend("good").orElseThrow(), Map.of()));
      Map<String, String> reasons = new java.util.TreeMap<>();
      catalog.problems().forEach(p -> reasons.put(p.jar().getFileName().toString(), p.reason()));
      assertEquals(8, reasons.size(), reasons.toString());
      assertContains(reasons.get("b-future.jar"), "built for spi contract 2.0");
      assertContains(reasons.get("c-newer.jar"), "built for spi contract 1.9");
      assertContains(reasons.get("d-corrupt.jar"), "not a readable jar");
      assertContains(reasons.get("e-missing-class.jar"), "test.nowhere.Provider");
      assertContains(reasons.get("f-duplicate-name.jar"), "backend name 'good' is already taken by plugin good");
      assertContains(reasons.get("g-duplicate-id.jar"), "plugin id 'good' is already loaded");
      assertContains(reasons.get("h-no-id.jar"), "no Plugin-Id");
      assertContains(reasons.get("i-no-backend.jar"), "offers no backend");
    }
  }

  @Test
  void bundledPluginsComeFirstAndAMissingDirectoryIsNoProblem() throws Exception {
    Path bundled = plugins.resolve("bundled");
    Path user = plugins.resolve("user");
    plugin("bundled-greeter").greeter("greeter").writeTo(bundled, "greeter.jar");
    plugin("user-greeter").greeter("greeter").writeTo(user, "greeter.jar");
    try (PluginCatalog catalog = PluginCatalog.load(List.of(bundled, user, plugins.resolve("absent")))) {
      assertEquals("bundled-greeter", catalog.backend("greeter").orElseThrow().pluginId());
      assertEquals(1, catalog.problems().size());
      assertEquals(user.resolve("greeter.jar"), catalog.problems().get(0).jar());
    }
  }

  @Test
  void aPluginSeesTheSpiAndTheJdkButNoneOfTheHostsLibraries() throws Exception {
    String probe = "java.util.stream.Stream.of(\"com.google.gson.Gson\", \"picocli.CommandLine\", "
        + "\"org.tinylog.Logger\", \"org.pf4j.PluginManager\", \"ai.molecule.host.plugins.PluginCatalog\", "
        + "\"java.sql.Connection\", \"ai.molecule.spi.Turn\")"
        + ".map(n -> { try { Class.forName(n, false, Provider.class.getClassLoader()); return n + \"=seen\"; }"
        + " catch (ClassNotFoundException e) { return n + \"=missing\"; } })"
        + ".collect(java.util.stream.Collectors.joining(\" \"))";
    plugin("prober").answering("prober", probe).writeTo(plugins, "prober.jar");
    try (PluginCatalog catalog = PluginCatalog.load(List.of(plugins))) {
      assertEquals(List.of(), catalog.problems());
      assertEquals("com.google.gson.Gson=missing picocli.CommandLine=missing org.tinylog.Logger=missing "
          + "org.pf4j.PluginManager=missing ai.molecule.host.plugins.PluginCatalog=missing "
          + "java.sql.Connection=seen ai.molecule.spi.Turn=seen", answer(catalog.backend("prober").orElseThrow(), Map.of()));
    }
  }

  @Test
  void aPluginUsingTheHostsGsonWithoutBundlingItIsReportedAsMissingThatClass() throws Exception {
    String pkg = "test.unbundled";
    plugin("unbundled").source(pkg + ".Provider", "package " + pkg + ";\n"
        + "import ai.molecule.spi.*;\n"
        + "public final class Provider implements BackendProvider {\n"
        + "  private final com.google.gson.Gson gson = new com.google.gson.Gson();\n"
        + "  public BackendInfo info() { return new BackendInfo(\"unbundled\", gson.toJson(\"x\"), null); }\n"
        + "  public Backend create(BackendContext context) { return message -> Reply.text(\"never\"); }\n"
        + "}\n").listing(pkg + ".Provider").writeTo(plugins, "unbundled-gson.jar");
    plugin("fine").greeter("fine").writeTo(plugins, "z-fine.jar");
    try (PluginCatalog catalog = PluginCatalog.load(List.of(plugins))) {
      assertEquals(1, catalog.problems().size(), catalog.problems().toString());
      PluginProblem problem = catalog.problems().get(0);
      assertEquals("unbundled-gson.jar", problem.jar().getFileName().toString());
      assertContains(problem.reason(), "it needs class com.google.gson.Gson, which is not in the jar");
      assertContains(problem.toString(), "unbundled-gson.jar: it needs class com.google.gson.Gson");
      assertTrue(catalog.backend("fine").isPresent());
    }
  }

  @Test
  void aBuildsTargetDirectoryLoadsWithoutTheShadePluginsOriginalJar() throws Exception {
    plugin("built").greeter("built").writeTo(plugins, "built-0.1.0.jar");
    plugin("built").greeter("built").writeTo(plugins, "original-built-0.1.0.jar");
    try (PluginCatalog catalog = PluginCatalog.load(List.of(plugins))) {
      assertEquals(List.of(), catalog.problems());
      assertEquals(1, catalog.jars().size());
      assertTrue(catalog.backend("built").isPresent());
    }
  }

  @Test
  void aJarGivenByABareFileNameLoadsFromTheCurrentDirectory() throws Exception {
    Path here = Path.of("").toAbsolutePath();
    String name = "bare-name-" + ProcessHandle.current().pid() + ".jar";
    plugin("bare").greeter("bare").writeTo(here, name);
    try (PluginCatalog catalog = PluginCatalog.loadJars(List.of(Path.of(name)))) {
      assertEquals(List.of(), catalog.problems());
      assertEquals(here.resolve(name), catalog.backend("bare").orElseThrow().jar());
    } finally {
      Files.deleteIfExists(here.resolve(name));
    }
  }

  private static void assertContains(String text, String part) {
    assertTrue(text != null && text.contains(part), "expected '" + part + "' in: " + text);
  }
}
