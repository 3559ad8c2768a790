package ai.molecule.backend.exec;

import ai.molecule.process.ChildEnvironment;
import ai.molecule.process.ProcessResult;
import ai.molecule.process.ProcessRunner;
import ai.molecule.process.ProcessSpec;
import ai.molecule.spi.Backend;
import ai.molecule.spi.BackendException;
import ai.molecule.spi.InboundMessage;
import ai.molecule.spi.Reply;
import java.util.List;
import java.util.Map;

/** Runs the operator's command once per message. Safe for concurrent calls (each has its own process). */
final class ExecBackend implements Backend {

  /** sysexits' EX_TEMPFAIL: the command's way to say "try this message again later". */
  static final int TEMPORARY_FAILURE = 75;

  private final ExecSettings settings;
  private final Map<String, String> environment;
  private final ProcessRunner runner = new ProcessRunner("the command");

  ExecBackend(ExecSettings settings, Map<String, String> environment) {
    this.settings = settings;
    this.environment = Map.copyOf(environment);
  }

  @Override
  public Reply handle(InboundMessage message) throws BackendException {
    ProcessResult run = runner.run(new ProcessSpec(List.of("/bin/sh", "-c", settings.command()), null,
        ChildEnvironment.of(environment, message, settings.passMeta()),
        settings.json() ? MessageJson.of(message) : message.text(), settings.timeout()));
    if (run.exitCode() != 0) {
      throw run.failure("exited with code " + run.exitCode(), run.exitCode() == TEMPORARY_FAILURE);
    }
    if (run.stdoutOverflowed()) {
      throw run.failure("printed more than " + ProcessRunner.STDOUT_LIMIT / (1024 * 1024) + " MiB", false);
    }
    String out = run.stdout().strip();
    if (out.isEmpty()) {
      throw run.failure("printed nothing; it must print the reply on stdout", false);
    }
    Reply reply = settings.json() ? ReplyJson.parse(out).orElseGet(() -> Reply.text(out)) : Reply.text(out);
    return reply.withMetadata("duration_ms", Long.toString(run.elapsed().toMillis()));
  }

  /** Stops every command still running, with its children. */
  @Override
  public void close() {
    runner.close();
  }
}
