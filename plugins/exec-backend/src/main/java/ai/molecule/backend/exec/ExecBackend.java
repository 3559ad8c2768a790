package ai.molecule.backend.exec;

import ai.molecule.process.ChildEnvironment;
import ai.molecule.process.LineTap;
import ai.molecule.process.ProcessResult;
import ai.molecule.process.ProcessRunner;
import ai.molecule.process.ProcessSpec;
import ai.molecule.process.TurnTime;
import ai.molecule.spi.Backend;
import ai.molecule.spi.BackendException;
import ai.molecule.spi.InboundMessage;
import ai.molecule.spi.Reply;
import ai.molecule.spi.Turn;
import java.util.List;
import java.util.Map;

/** Runs the operator's command once per message. Safe for concurrent calls (each has its own process). */
final class ExecBackend implements Backend {

  /** sysexits' EX_TEMPFAIL: the command's way to say "try this message again later". */
  static final int TEMPORARY_FAILURE = 75;

  /** A stderr line starting with this reports progress: the rest of the line is what the command does now. */
  static final String PROGRESS_PREFIX = "molecule-progress: ";

  private final ExecSettings settings;
  private final Map<String, String> environment;
  private final ProcessRunner runner = new ProcessRunner("the command");

  ExecBackend(ExecSettings settings, Map<String, String> environment) {
    this.settings = settings;
    this.environment = Map.copyOf(environment);
  }

  @Override
  public Reply handle(InboundMessage message) throws BackendException {
    return handle(message, Turn.none());
  }

  @Override
  public Reply handle(InboundMessage message, Turn turn) throws BackendException {
    ProcessResult run = runner.run(new ProcessSpec(List.of("/bin/sh", "-c", settings.command()), null,
        ChildEnvironment.of(environment, message, settings.passMeta()),
        settings.json() ? MessageJson.of(message) : message.text(), TurnTime.budget(settings.timeout(), turn)),
        LineTap.NONE, line -> progress(line, turn));
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

  /** Reports a progress line, which then is not error output; leaves every other line. */
  private static boolean progress(String line, Turn turn) {
    if (!line.startsWith(PROGRESS_PREFIX)) {
      return false;
    }
    turn.progress(line.substring(PROGRESS_PREFIX.length()));
    return true;
  }

  /** Stops every command still running, with its children. */
  @Override
  public void close() {
    runner.close();
  }
}
