package ai.molecule.backend.echo;

import ai.molecule.spi.Backend;
import ai.molecule.spi.InboundMessage;
import ai.molecule.spi.Reply;

/** Answers each message with its text, put into the reply template. Stateless, so thread-safe. */
final class EchoBackend implements Backend {

  private final String template;

  EchoBackend(String template) {
    this.template = template;
  }

  @Override
  public Reply handle(InboundMessage message) {
    // replace, not String.format: the text may itself contain % signs.
    return Reply.text(template.replace("%s", message.text()));
  }
}
