package ai.molecule.spi;

/**
 * The entry point of a backend plugin, found by {@link java.util.ServiceLoader}.
 *
 * <p>List the implementing class in {@code META-INF/services/ai.molecule.spi.BackendProvider}. It
 * needs a public no-argument constructor, and should do no work in it: the host instantiates every
 * provider to list it (for example in {@code molecule backends}), but calls {@link #create} only
 * for the backend the operator selects.
 *
 * @since 1.0
 */
public interface BackendProvider {

  /**
   * Describes the backend: its name (what {@code --backend} selects), a one-line description, and
   * the options it accepts. Called often; return a constant.
   *
   * @return what the backend is
   * @since 1.0
   */
  BackendInfo info();

  /**
   * Creates a ready backend. Check everything the backend needs here (options, executables,
   * credentials) and fail with a message that says what to fix: the host calls this at start-up and
   * for {@code --dry-run}, so a problem shows before the first message arrives.
   *
   * @param context the workspace, the options (already checked against {@link BackendInfo#options()}
   *     and completed with their defaults) and a data directory
   * @return the backend, ready for messages
   * @throws BackendException when the backend cannot work; the message is shown to the operator
   * @since 1.0
   */
  Backend create(BackendContext context) throws BackendException;
}
