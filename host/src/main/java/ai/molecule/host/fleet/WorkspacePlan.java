package ai.molecule.host.fleet;

import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;

/**
 * One workspace as the serve file describes it, defaults applied.
 *
 * @param name its name in the file
 * @param workspaceId the platform's workspace id
 * @param tokenFile the file its token is read from (read again when the token is refused)
 * @param settings every setting it runs with, by key: two plans with equal settings run alike, so
 *     a reload leaves such a workspace untouched
 */
public record WorkspacePlan(String name, String workspaceId, Path tokenFile, Map<String, String> settings) {

  public WorkspacePlan {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(workspaceId, "workspaceId");
    Objects.requireNonNull(tokenFile, "tokenFile");
    settings = Map.copyOf(settings);
  }
}
