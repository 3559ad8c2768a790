package ai.molecule.host.plugins;

import ai.molecule.host.AtomicFiles;
import ai.molecule.host.ExitCode;
import ai.molecule.host.MoleculeException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Adds plugin jars to the operator's plugin directory and takes them out. A jar is installed only
 * when it loads on its own and fits beside what is installed, and it appears in the directory
 * whole or not at all, so a running {@code molecule} never sees half a jar.
 */
public final class PluginInstaller {

  private final Optional<Path> bundledDirectory;
  private final Path userDirectory;

  /**
   * @param bundledDirectory the distribution's own plugins, which cannot be replaced or removed
   * @param userDirectory where the operator's plugins go
   */
  public PluginInstaller(Optional<Path> bundledDirectory, Path userDirectory) {
    this.bundledDirectory = bundledDirectory;
    this.userDirectory = userDirectory;
  }

  /**
   * Installs {@code candidate}; with {@code force}, replaces an installed plugin with the same id.
   *
   * @return the installed jar
   * @throws MoleculeException when the jar is not a usable plugin or clashes with an installed one
   */
  public PluginJar install(Path candidate, boolean force) throws MoleculeException {
    PluginJar checked = check(candidate);
    PluginJar replaced = null;
    try (PluginCatalog installed = PluginCatalog.load(directories())) {
      for (PluginJar jar : installed.jars()) {
        if (!checked.pluginId().equals(jar.pluginId())) {
          continue;
        }
        if (isBundled(jar)) {
          throw usage("plugin id '" + jar.pluginId() + "' belongs to a plugin bundled with molecule; "
              + "give yours another Plugin-Id");
        }
        if (!force) {
          throw usage("plugin '" + jar.pluginId() + "' " + jar.version() + " is already installed (" + jar.jar()
              + "); use --force to replace it");
        }
        replaced = jar;
      }
      for (String name : checked.backends()) {
        Optional<AvailableBackend> owner = installed.backend(name);
        if (owner.isPresent() && (replaced == null || !owner.get().pluginId().equals(replaced.pluginId()))) {
          throw usage("backend name '" + name + "' is already provided by plugin " + owner.get().pluginId()
              + " (" + owner.get().jar() + ")");
        }
      }
    }
    Path target = userDirectory.resolve(fileName(checked));
    try {
      copyAtomically(candidate, target);
      if (replaced != null && !replaced.jar().equals(target)) {
        Files.deleteIfExists(replaced.jar());
      }
    } catch (IOException e) {
      throw usage("cannot install into " + userDirectory + " (" + e.getMessage() + ")");
    }
    return new PluginJar(target, checked.pluginId(), checked.version(), checked.backends(), List.of());
  }

  /**
   * Checks a jar on its own, as {@code install} does before it looks at what is installed: a
   * readable jar with a descriptor, a compatible contract, and at least one backend that loads.
   *
   * @return what the jar offers
   * @throws MoleculeException saying what is wrong with it
   */
  public static PluginJar check(Path candidate) throws MoleculeException {
    if (!Files.isRegularFile(candidate)) {
      throw usage("there is no file " + candidate);
    }
    PluginJar checked;
    try (PluginCatalog alone = PluginCatalog.loadJars(List.of(candidate))) {
      checked = alone.jars().get(0);
    }
    if (!checked.problems().isEmpty()) {
      throw usage(candidate + " is not a plugin this molecule can use: " + String.join("; ", checked.problems()));
    }
    return checked;
  }

  /**
   * Removes the operator's plugin with this id (or jar file name).
   *
   * @return the jars removed
   * @throws MoleculeException when no such plugin is installed, or it is bundled with molecule
   */
  public List<PluginJar> remove(String idOrFileName) throws MoleculeException {
    List<PluginJar> matches;
    List<String> known;
    try (PluginCatalog installed = PluginCatalog.load(directories())) {
      matches = installed.jars().stream()
          .filter(j -> idOrFileName.equals(j.pluginId()) || idOrFileName.equals(j.jar().getFileName().toString()))
          .toList();
      known = installed.jars().stream().filter(j -> !isBundled(j))
          .map(j -> j.pluginId() != null ? j.pluginId() : j.jar().getFileName().toString()).toList();
    }
    List<PluginJar> removable = matches.stream().filter(j -> !isBundled(j)).toList();
    if (removable.isEmpty()) {
      if (!matches.isEmpty()) {
        throw usage("plugin '" + idOrFileName + "' is bundled with molecule and cannot be removed");
      }
      throw usage("no plugin '" + idOrFileName + "' is installed in " + userDirectory
          + (known.isEmpty() ? "" : "; installed: " + String.join(", ", known)));
    }
    List<PluginJar> removed = new ArrayList<>();
    for (PluginJar jar : removable) {
      try {
        Files.delete(jar.jar());
        removed.add(jar);
      } catch (IOException e) {
        throw usage("cannot remove " + jar.jar() + " (" + e.getMessage() + ")");
      }
    }
    return removed;
  }

  /** Whether the jar is one of the distribution's own. */
  public boolean isBundled(PluginJar jar) {
    return bundledDirectory.map(dir -> jar.jar().startsWith(dir)).orElse(false);
  }

  private List<Path> directories() {
    List<Path> directories = new ArrayList<>();
    bundledDirectory.ifPresent(directories::add);
    directories.add(userDirectory);
    return directories;
  }

  /** {@code <id>-<version>.jar}, with only characters that are safe in any file name. */
  private static String fileName(PluginJar jar) {
    String name = jar.pluginId() + "-" + jar.version();
    return name.chars().mapToObj(c -> Character.isLetterOrDigit(c) || c == '.' || c == '-' || c == '_'
        ? String.valueOf((char) c) : "_").collect(Collectors.joining()) + ".jar";
  }

  /** Copies beside the target under a name that is never loaded, then renames it into place. */
  private void copyAtomically(Path source, Path target) throws IOException {
    Files.createDirectories(userDirectory);
    Path temp = Files.createTempFile(userDirectory, ".install-", ".tmp");
    try {
      Files.copy(source, temp, StandardCopyOption.REPLACE_EXISTING);
      AtomicFiles.moveIntoPlace(temp, target);
    } finally {
      Files.deleteIfExists(temp);
    }
  }

  private static MoleculeException usage(String message) {
    return new MoleculeException(ExitCode.USAGE, message);
  }
}
