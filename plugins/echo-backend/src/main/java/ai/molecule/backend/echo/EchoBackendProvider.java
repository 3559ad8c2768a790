package ai.molecule.backend.echo;

import ai.molecule.spi.Backend;
import ai.molecule.spi.BackendContext;
import ai.molecule.spi.BackendException;
import ai.molecule.spi.BackendInfo;
import ai.molecule.spi.BackendProvider;
import ai.molecule.spi.OptionSpec;
import java.util.List;

/** Declares the {@code echo} backend. Listed in META-INF/services so the host finds it. */
public final class EchoBackendProvider implements BackendProvider {

  static final String REPLY_OPTION = "reply";

  private static final BackendInfo INFO = new BackendInfo(
      "echo",
      "Replies with the text it received; for trying molecule out and testing a platform.",
      List.of(OptionSpec.optional(REPLY_OPTION,
          "reply template; %s stands for the received text", "%s")));

  @Override
  public BackendInfo info() {
    return INFO;
  }

  @Override
  public Backend create(BackendContext context) throws BackendException {
    String template = context.option(REPLY_OPTION).orElse("%s");
    if (!template.contains("%s")) {
      throw BackendException.permanent(
          "option reply must contain %s where the received text goes, e.g. reply='echo: %s'");
    }
    return new EchoBackend(template);
  }
}
