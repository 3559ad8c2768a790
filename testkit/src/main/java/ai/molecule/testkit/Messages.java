package ai.molecule.testkit;

import ai.molecule.spi.InboundMessage;
import ai.molecule.spi.Sender;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Inbound messages for tests, built on {@link InboundMessage#builder(String, String)}: each gets
 * the workspace {@value #WORKSPACE} and a message id of its own, so a test only says what matters
 * to it. Every method returns the spi's builder, to add parts, a context or a sender.
 *
 * <pre>{@code
 * InboundMessage hello = Messages.text("hello").build();
 * InboundMessage fromPeer = Messages.fromPeer("peer-ws", "review this").contextId("c1").build();
 * }</pre>
 */
public final class Messages {

  /** The workspace id the messages are sent to. */
  public static final String WORKSPACE = "test-workspace";

  private static final AtomicLong IDS = new AtomicLong();

  private Messages() {}

  /**
   * A message from a person on the canvas, with one text part.
   *
   * @param text the text
   * @return a builder, to add more
   */
  public static InboundMessage.Builder text(String text) {
    return message().text(text);
  }

  /**
   * A message from a peer agent, with one text part.
   *
   * @param peerWorkspaceId the sending workspace
   * @param text the text
   * @return a builder, to add more
   */
  public static InboundMessage.Builder fromPeer(String peerWorkspaceId, String text) {
    return message().sender(Sender.peer(peerWorkspaceId, null, null)).text(text);
  }

  /**
   * A message with no parts yet, from a person on the canvas.
   *
   * @return a builder; add at least one part before {@code build()}
   */
  public static InboundMessage.Builder message() {
    return InboundMessage.builder(WORKSPACE, "test-message-" + IDS.incrementAndGet());
  }
}
