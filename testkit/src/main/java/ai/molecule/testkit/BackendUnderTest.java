package ai.molecule.testkit;

import ai.molecule.spi.Backend;
import ai.molecule.spi.BackendException;
import ai.molecule.spi.InboundMessage;
import ai.molecule.spi.Reply;
import java.nio.file.Path;

/**
 * A backend started by {@link PluginUnderTest#start}, handed messages as the host hands them:
 * through {@link Backend#handle(InboundMessage, ai.molecule.spi.Turn)}, with a turn that records
 * what the backend reports.
 */
public final class BackendUnderTest implements AutoCloseable {

  private final String name;
  private final Backend backend;
  private final Path dataDirectory;

  BackendUnderTest(String name, Backend backend, Path dataDirectory) {
    this.name = name;
    this.backend = backend;
    this.dataDirectory = dataDirectory;
  }

  /**
   * Handles a message in a fresh {@link RecordingTurn}.
   *
   * @param message the message
   * @return the reply
   * @throws BackendException as the backend throws it
   */
  public Reply handle(InboundMessage message) throws BackendException {
    return handle(message, new RecordingTurn());
  }

  /**
   * Handles a message in this turn; read the turn afterwards for progress and cost.
   *
   * @param message the message
   * @param turn the turn
   * @return the reply
   * @throws BackendException as the backend throws it
   * @throws AssertionError when the backend returns no reply (the host would count that a failure)
   */
  public Reply handle(InboundMessage message, RecordingTurn turn) throws BackendException {
    Reply reply = backend.handle(message, turn);
    if (reply == null) {
      throw new AssertionError("backend " + name + " returned no reply to " + message.text());
    }
    return reply;
  }

  /**
   * The directory the backend was given as its own.
   *
   * @return the data directory
   */
  public Path dataDirectory() {
    return dataDirectory;
  }

  /** Closes the backend, as the host does when it stops. */
  @Override
  public void close() {
    backend.close();
  }
}
