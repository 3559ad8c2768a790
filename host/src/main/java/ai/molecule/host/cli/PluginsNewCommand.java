package ai.molecule.host.cli;

import ai.molecule.host.MoleculeException;
import ai.molecule.host.plugins.PluginProject;
import ai.molecule.host.plugins.PluginProjectWriter;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code molecule plugins new NAME}: writes a plugin project that builds and passes its tests at once. */
@Command(name = "new", mixinStandardHelpOptions = true,
    description = "Write a new backend plugin project into DIR/NAME: a Maven build with no parent, a backend, "
        + "its tests on the molecule testkit, a README and the Maven wrapper. Build it with ./mvnw verify.",
    footerHeading = Examples.HEADING,
    footer = {
      "  molecule plugins new reverse --dir ~/src",
      "  cd ~/src/reverse && ./mvnw -B verify",
      "  molecule sandbox --plugins-dir target --backend reverse"
    })
final class PluginsNewCommand extends MoleculeSubcommand {

  @Parameters(index = "0", paramLabel = "NAME",
      description = "The backend's name (lower case, digits, dashes), also the project's directory and plugin id.")
  String name;

  @Option(names = "--dir", paramLabel = "DIR", description = "Where to create the project (default: the current directory).")
  Path dir;

  @Override
  protected int execute() throws MoleculeException {
    PluginProject project = PluginProject.named(name);
    Path root = PluginProjectWriter.write(project, dir == null ? Path.of("") : dir);
    out().println("wrote plugin project " + project.name() + " in " + root);
    out().println("next: cd " + root + " && ./mvnw -B verify, then: molecule sandbox --plugins-dir target --backend "
        + project.name());
    out().flush();
    return 0;
  }
}
