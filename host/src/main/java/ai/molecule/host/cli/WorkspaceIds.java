package ai.molecule.host.cli;

import ai.molecule.host.ExitCode;
import ai.molecule.host.MoleculeException;
import java.util.UUID;

/** Workspace ids are UUIDs; anything else is a typo, and the platform would answer it with a 500. */
final class WorkspaceIds {

  private WorkspaceIds() {}

  static void check(String workspaceId) throws MoleculeException {
    try {
      if (UUID.fromString(workspaceId).toString().equalsIgnoreCase(workspaceId)) {
        return;
      }
    } catch (IllegalArgumentException notAUuid) {
      // reported below
    }
    throw new MoleculeException(ExitCode.USAGE, "the workspace id '" + workspaceId
        + "' is not a UUID; copy it from the workspace's page on the platform");
  }
}
