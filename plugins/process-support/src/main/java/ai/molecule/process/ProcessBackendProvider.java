package ai.molecule.process;

import ai.molecule.spi.BackendInfo;
import ai.molecule.spi.BackendProvider;
import java.util.Map;

/**
 * The common part of a provider whose backend runs child processes: its constant {@link
 * BackendInfo}, and the environment those processes start from, which is molecule's own unless a
 * test gives another (a test cannot change the JVM's own PATH).
 */
public abstract class ProcessBackendProvider implements BackendProvider {

  private final BackendInfo info;
  private final Map<String, String> environment;

  /**
   * @param info what {@link #info()} returns
   * @param environment the environment child processes start from, e.g. {@code System.getenv()}
   */
  protected ProcessBackendProvider(BackendInfo info, Map<String, String> environment) {
    this.info = info;
    this.environment = Map.copyOf(environment);
  }

  @Override
  public final BackendInfo info() {
    return info;
  }

  /** The environment child processes start from (see {@link ChildEnvironment}). */
  protected final Map<String, String> environment() {
    return environment;
  }
}
