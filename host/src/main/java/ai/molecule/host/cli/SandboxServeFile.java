package ai.molecule.host.cli;

import ai.molecule.host.AtomicFiles;
import ai.molecule.host.ExitCode;
import ai.molecule.host.MoleculeException;
import ai.molecule.sandbox.WorkspaceCredentials;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

/**
 * The serve file for a sandbox's workspaces, and their token files ({@code NAME.token} in a
 * {@code tokens} directory beside it, owner-only): a fleet on one machine in one command.
 */
final class SandboxServeFile {

  private SandboxServeFile() {}

  static void write(Path file, URI url, List<WorkspaceCredentials> workspaces, String backend)
      throws MoleculeException {
    Path absolute = file.toAbsolutePath();
    Path tokens = absolute.resolveSibling("tokens");
    StringBuilder text = new StringBuilder()
        .append("# molecule serve file for the sandbox at ").append(url).append('\n')
        .append("api_url = ").append(url).append('\n')
        .append("backend = ").append(backend).append("\n\n");
    try {
      ai.molecule.host.FilePermissions.ownerOnlyDirectory(tokens);
      for (WorkspaceCredentials workspace : workspaces) {
        Path token = tokens.resolve(workspace.name() + ".token");
        AtomicFiles.writeOwnerOnly(token, (workspace.token() + "\n").getBytes(StandardCharsets.UTF_8));
        text.append("workspace.").append(workspace.name()).append(".id = ").append(workspace.id()).append('\n')
            .append("workspace.").append(workspace.name()).append(".token_file = ").append(token).append('\n');
      }
      AtomicFiles.writeOwnerOnly(absolute, text.toString().getBytes(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new MoleculeException(ExitCode.USAGE, "cannot write the serve file " + file + " (" + e.getMessage() + ")",
          e);
    }
  }
}
