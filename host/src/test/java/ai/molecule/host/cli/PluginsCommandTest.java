package ai.molecule.host.cli;

import static ai.molecule.host.testing.PluginJars.plugin;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.molecule.host.ExitCode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PluginsCommandTest {

  @TempDir Path config;
  @TempDir Path downloads;

  private Path installed() {
    return config.resolve("molecule/plugins");
  }

  private CliRun molecule(String... args) throws Exception {
    return CliRun.run(config, Map.of(), args);
  }

  private List<String> installedFiles() throws Exception {
    if (!Files.isDirectory(installed())) {
      return List.of();
    }
    try (Stream<Path> files = Files.list(installed())) {
      return files.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  @Test
  void aGoodJarIsInstalledListedAndRemoved() throws Exception {
    Path jar = plugin("greeter-plugin").greeter("greeter").writeTo(downloads, "whatever-name.jar");
    CliRun install = molecule("plugins", "install", jar.toString());
    assertEquals(0, install.exitCode(), install.toString());
    assertTrue(install.out().contains("installed plugin greeter-plugin 1.2.3 (backends: greeter)"), install.out());
    assertEquals(List.of("greeter-plugin-1.2.3.jar"), installedFiles());

    CliRun list = molecule("plugins", "list");
    assertTrue(list.out().lines().anyMatch(line -> line.matches("greeter-plugin +1\\.2\\.3 +installed +loaded +greeter")),
        list.out());
    assertTrue(molecule("backends").out().contains("greeter - greets"));

    CliRun remove = molecule("plugins", "remove", "greeter-plugin");
    assertEquals(0, remove.exitCode(), remove.toString());
    assertEquals(List.of(), installedFiles());
  }

  @Test
  void aJarInTheCurrentDirectoryIsInstalledByItsBareFileName() throws Exception {
    Path here = Path.of("").toAbsolutePath();
    String name = "bare-install-" + ProcessHandle.current().pid() + ".jar";
    plugin("bare-plugin").greeter("bare").writeTo(here, name);
    try {
      CliRun install = molecule("plugins", "install", name);
      assertEquals(0, install.exitCode(), install.toString());
      assertEquals(List.of("bare-plugin-1.2.3.jar"), installedFiles());
    } finally {
      Files.deleteIfExists(here.resolve(name));
    }
  }

  @Test
  void aBrokenJarIsRefusedAndNothingIsCopied() throws Exception {
    Path corrupt = Files.write(downloads.resolve("corrupt.jar"), new byte[] {1, 2, 3});
    CliRun run = molecule("plugins", "install", corrupt.toString());
    assertEquals(ExitCode.USAGE.code(), run.exitCode());
    assertTrue(run.err().contains("is not a plugin this molecule can use: not a readable jar"), run.err());

    Path future = plugin("future").greeter("future").manifest("Plugin-Requires", "2.0").writeTo(downloads, "future.jar");
    CliRun incompatible = molecule("plugins", "install", future.toString());
    assertEquals(ExitCode.USAGE.code(), incompatible.exitCode());
    assertTrue(incompatible.err().contains("built for spi contract 2.0"), incompatible.err());
    assertEquals(List.of(), installedFiles());
  }

  @Test
  void aDuplicateIsRefusedUnlessForcedAndABackendNameClashAlways() throws Exception {
    Path first = plugin("greeter-plugin").greeter("greeter").writeTo(downloads, "first.jar");
    assertEquals(0, molecule("plugins", "install", first.toString()).exitCode());
    Path newer = plugin("greeter-plugin").greeter("greeter").manifest("Plugin-Version", "2.0.0").writeTo(downloads, "newer.jar");

    CliRun refused = molecule("plugins", "install", newer.toString());
    assertEquals(ExitCode.USAGE.code(), refused.exitCode());
    assertTrue(refused.err().contains("is already installed") && refused.err().contains("--force"), refused.err());

    CliRun forced = molecule("plugins", "install", "--force", newer.toString());
    assertEquals(0, forced.exitCode(), forced.toString());
    assertEquals(List.of("greeter-plugin-2.0.0.jar"), installedFiles(), "the old version is replaced, not kept");

    Path clash = plugin("other-plugin").greeter("greeter").writeTo(downloads, "clash.jar");
    CliRun clashing = molecule("plugins", "install", "--force", clash.toString());
    assertEquals(ExitCode.USAGE.code(), clashing.exitCode());
    assertTrue(clashing.err().contains("backend name 'greeter' is already provided by plugin greeter-plugin"),
        clashing.err());
  }

  @Test
  void removingSomethingNotInstalledSaysWhatIs() throws Exception {
    plugin("greeter-plugin").greeter("greeter").writeTo(installed(), "g.jar");
    CliRun run = molecule("plugins", "remove", "nope");
    assertEquals(ExitCode.USAGE.code(), run.exitCode());
    assertTrue(run.err().contains("no plugin 'nope' is installed") && run.err().contains("installed: greeter-plugin"),
        run.err());
    assertFalse(run.stderr().contains("\tat "));
  }
}
