package ai.molecule.sandbox;

/** The operator named a workspace the sandbox does not have. */
public final class UnknownWorkspaceException extends IllegalArgumentException {

  private static final long serialVersionUID = 1L;

  public UnknownWorkspaceException(String workspaceId) {
    super("the sandbox has no workspace " + workspaceId);
  }
}
