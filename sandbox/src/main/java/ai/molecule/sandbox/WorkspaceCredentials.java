package ai.molecule.sandbox;

/**
 * What an agent needs to connect to a sandbox workspace.
 *
 * @param id the workspace id (a UUID)
 * @param token the workspace token: 43 base64url characters, sent as {@code Authorization: Bearer}
 * @param name the name shown on the page
 */
public record WorkspaceCredentials(String id, String token, String name) {

  /** Never shows the token, so credentials passed to a logger stay secret. */
  @Override
  public String toString() {
    return "WorkspaceCredentials[id=" + id + ", name=" + name + ", token=****]";
  }
}
