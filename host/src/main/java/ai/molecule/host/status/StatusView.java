package ai.molecule.host.status;

import java.util.List;

/**
 * A read-only view of the workspaces this process serves: what the status endpoint, {@code
 * /metrics}' ages and {@code molecule status} are built on. {@code connect} provides one for its
 * single engine, {@code serve}'s supervisor one for its fleet; {@link StatusBoard} is a view fed by
 * the engines' {@link ai.molecule.host.engine.WorkspaceObserver} events. Thread-safe.
 */
@FunctionalInterface
public interface StatusView {

  /** Every workspace served now, in a stable order. */
  List<WorkspaceStatus> workspaces();
}
