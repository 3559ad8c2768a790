package ai.molecule.host.fleet;

import java.util.List;

/**
 * A read-only view of the workspaces a {@code serve} process runs, for the operator's views (the
 * status endpoint, {@code molecule status}): what runs, in which state, and why it is parked.
 * Thread-safe; each call is a fresh snapshot.
 */
public interface FleetView {

  /** Every workspace of the serve file in force, in the file's order. */
  List<WorkspaceStatusRecord> workspaces();
}
