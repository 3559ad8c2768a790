package ai.molecule.host.fleet;

import ai.molecule.host.MoleculeException;
import ai.molecule.host.engine.Engine;
import ai.molecule.host.engine.WorkspaceObserver;

/** Builds one workspace's engine (its backend, its platform client on the shared resources) from its plan. */
@FunctionalInterface
public interface WorkspaceLauncher {

  /** An engine ready to run, and what to release once it has ended (its backend, its place in a rate bucket). */
  record Launched(Engine engine, AutoCloseable resources) {}

  /**
   * @param observer hears the engine's state changes; the launcher passes it to the engine
   * @throws MoleculeException when the workspace cannot start (no token, a backend that fails to start)
   */
  Launched launch(WorkspacePlan plan, WorkspaceObserver observer) throws MoleculeException;
}
