package ai.molecule.backend.claude;

import ai.molecule.process.ChildEnvironment;
import ai.molecule.process.ProcessResult;
import ai.molecule.process.ProcessRunner;
import ai.molecule.process.ProcessSpec;
import ai.molecule.spi.Backend;
import ai.molecule.spi.BackendException;
import ai.molecule.spi.InboundMessage;
import ai.molecule.spi.Part;
import ai.molecule.spi.Reply;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Answers each message with one {@code claude -p} run; the first message of a conversation starts a
 * Claude session, later ones resume it. Safe for concurrent calls (each has its own process).
 */
final class ClaudeCodeBackend implements Backend {

  /** What claude says when asked to resume a session it does not have (deleted, or another cwd). */
  private static final String SESSION_LOST = "No conversation found";

  private final ClaudeSettings settings;
  private final Map<String, String> environment;
  private final Optional<SessionStore> sessions;
  private final ProcessRunner runner = new ProcessRunner("claude");

  ClaudeCodeBackend(ClaudeSettings settings, Map<String, String> environment, Optional<SessionStore> sessions) {
    this.settings = settings;
    this.environment = Map.copyOf(environment);
    this.sessions = sessions;
  }

  @Override
  public Reply handle(InboundMessage message) throws BackendException {
    String prompt = Prompt.of(message);
    if (prompt.isBlank()) {
      throw BackendException.permanent("the message has no text for claude");
    }
    String conversation = message.conversationId();
    Optional<String> session = sessions.flatMap(store -> store.session(conversation));
    ProcessResult run = runner.run(spec(message, prompt, session));
    if (session.isPresent() && sessionLost(run)) {
      forget(conversation);
      run = runner.run(spec(message, prompt, Optional.empty()));
    }
    ClaudeResult result = answer(run);
    Reply reply = new Reply(List.of(Part.text(result.text())), result.metadata());
    if (sessions.isPresent() && !result.sessionId().isEmpty()) {
      try {
        sessions.get().remember(conversation, result.sessionId());
      } catch (IOException e) {
        // The answer stands; only the next message of this conversation starts afresh.
        reply = reply.withMetadata("session_not_saved", e.toString());
      }
    }
    return reply;
  }

  /** Stops every claude still running, with its children. */
  @Override
  public void close() {
    runner.close();
  }

  private ProcessSpec spec(InboundMessage message, String prompt, Optional<String> session) {
    return new ProcessSpec(ClaudeCommand.of(settings, session), settings.directory(),
        ChildEnvironment.of(environment, message, settings.passMeta()), prompt, settings.timeout());
  }

  /** The result of a run that succeeded; any other run becomes the error it is. */
  private static ClaudeResult answer(ProcessResult run) throws BackendException {
    if (run.stdoutOverflowed()) {
      throw run.failure("printed more than " + ProcessRunner.STDOUT_LIMIT / (1024 * 1024) + " MiB", false);
    }
    Optional<ClaudeResult> parsed = ClaudeResult.parse(run.stdout());
    if (parsed.isPresent() && parsed.get().isError()) {
      ClaudeResult error = parsed.get();
      String subtype = error.subtype().isEmpty() || error.subtype().equals("success") ? "" : " (" + error.subtype() + ")";
      String text = error.text().isBlank() ? "" : ": " + ProcessResult.oneLine(error.text());
      throw run.failure("reported an error" + subtype + text, error.retryable());
    }
    if (run.exitCode() != 0) {
      throw run.failure("exited with code " + run.exitCode(), true);
    }
    if (parsed.isEmpty()) {
      throw run.failure("printed no JSON result; check that bin is Claude Code and that args do not change"
          + " --output-format", false);
    }
    if (parsed.get().text().isBlank()) {
      throw run.failure("returned an empty result", false);
    }
    return parsed.get();
  }

  /** Whether a resuming run failed for want of its session (an answer may well quote the words). */
  private static boolean sessionLost(ProcessResult run) {
    return run.exitCode() != 0 && (run.stderr().contains(SESSION_LOST) || run.stdout().contains(SESSION_LOST));
  }

  private void forget(String conversation) throws BackendException {
    try {
      sessions.get().forget(conversation);
    } catch (IOException e) {
      throw BackendException.retryable("cannot update the session file: " + e.getMessage(), e);
    }
  }
}
