package ai.molecule.backend.claude;

import ai.molecule.backend.claude.SessionStore.Session;
import ai.molecule.process.LineTap;
import ai.molecule.process.ProcessResult;
import ai.molecule.process.ProcessRunner;
import ai.molecule.process.ProcessSpec;
import ai.molecule.process.TurnTime;
import ai.molecule.spi.Backend;
import ai.molecule.spi.BackendException;
import ai.molecule.spi.Cost;
import ai.molecule.spi.InboundMessage;
import ai.molecule.spi.Part;
import ai.molecule.spi.Reply;
import ai.molecule.spi.Turn;
import java.io.IOException;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Answers each message with one {@code claude -p} run. The first message of a conversation starts a
 * Claude session; a later one resumes a fork of the session of the conversation's last successful
 * turn, and the fork becomes the conversation's session only when the turn succeeds: a failed try
 * leaves no trace in what the next one sends. Safe for concurrent calls (each has its own process).
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
    return handle(message, Turn.none());
  }

  @Override
  public Reply handle(InboundMessage message, Turn turn) throws BackendException {
    String prompt = Prompt.of(message);
    if (prompt.isBlank()) {
      throw BackendException.permanent("the message has no text for claude");
    }
    String conversation = message.conversationId();
    Optional<Session> session = sessions.flatMap(store -> store.session(conversation));
    Attempt attempt = run(message, prompt, session, turn);
    if (session.isPresent() && attempt.sessionLost()) {
      forget(conversation);
      session = Optional.empty();
      attempt = run(message, prompt, session, turn);
    }
    Optional<BigDecimal> total = attempt.result().flatMap(ClaudeResult::totalCost);
    Optional<BigDecimal> cost = total.map(spent(session));
    cost.ifPresent(amount -> turn.reportCost(Cost.usd(amount))); // failed runs cost too
    ClaudeResult result = attempt.answer(settings);
    Reply reply = reply(result, cost);
    if (sessions.isPresent() && !result.sessionId().isEmpty()) {
      try {
        sessions.get().remember(conversation, new Session(result.sessionId(), total.orElse(BigDecimal.ZERO)));
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

  /** What runs for a message, for {@code --dry-run}: the command line and the variables molecule sets. */
  @Override
  public String toString() {
    Map<String, String> variables = ClaudeCommand.variables(settings, settings.timeout());
    StringBuilder line = new StringBuilder();
    variables.forEach((name, value) -> line.append(name).append('=').append(value).append(' '));
    return line.append(ClaudeCommand.shellLine(ClaudeCommand.of(settings, Optional.empty())))
        .append(" (the message on stdin; a later message of a conversation adds --resume <session> --fork-session)")
        .toString();
  }

  private Attempt run(InboundMessage message, String prompt, Optional<Session> session, Turn turn)
      throws BackendException {
    if (turn.isCancelled()) {
      throw BackendException.retryable("the turn was cancelled before claude started", null);
    }
    Duration budget = TurnTime.budget(settings.timeout(), turn);
    ClaudeEvents events = new ClaudeEvents(turn);
    ProcessResult run = runner.run(new ProcessSpec(ClaudeCommand.of(settings, session.map(Session::id)),
        settings.directory(), ClaudeCommand.environment(settings, environment, message, budget), prompt, budget),
        events, LineTap.NONE);
    return new Attempt(run, events.result());
  }

  /**
   * What a run cost: its session's cumulative cost less what the session had cost before. A session
   * whose count started afresh (a cumulative below the one kept) cost its whole cumulative.
   */
  private static Function<BigDecimal, BigDecimal> spent(Optional<Session> session) {
    BigDecimal before = session.map(Session::cost).orElse(BigDecimal.ZERO);
    return total -> total.compareTo(before) >= 0 ? total.subtract(before) : total;
  }

  /** The answer, with a note of the tool uses the permission mode refused (else the agent just seems unhelpful). */
  private static Reply reply(ClaudeResult result, Optional<BigDecimal> cost) {
    String text = result.text();
    if (!result.denials().isEmpty()) {
      text += "\n\n(Not permitted by this agent's settings: " + String.join("; ", result.denials()) + ".)";
    }
    Reply reply = new Reply(List.of(Part.text(text)), result.metadata());
    if (!result.denials().isEmpty()) {
      reply = reply.withMetadata("permission_denials", String.join("; ", result.denials()));
    }
    // Logged only: the cost itself goes through Turn.reportCost, never a cost_usd entry counted twice.
    return cost.isPresent() ? reply.withMetadata("turn_cost_usd", cost.get().toPlainString()) : reply;
  }

  private void forget(String conversation) throws BackendException {
    try {
      sessions.get().forget(conversation);
    } catch (IOException e) {
      throw BackendException.retryable("cannot update the session file: " + e.getMessage(), e);
    }
  }

  /** One run and the result event it printed, if any. */
  private record Attempt(ProcessResult run, Optional<ClaudeResult> result) {

    /** Whether a resuming run failed for want of its session (an answer may well quote the words). */
    boolean sessionLost() {
      return result.isEmpty() && run.exitCode() != 0 && run.stderr().contains(SESSION_LOST);
    }

    /** The result of a run that succeeded; any other run becomes the error it is. */
    ClaudeResult answer(ClaudeSettings settings) throws BackendException {
      if (run.stdoutOverflowed()) {
        throw run.failure("printed more than " + ProcessRunner.STDOUT_LIMIT / (1024 * 1024) + " MiB that is not"
            + " Claude's events", false);
      }
      if (result.isPresent() && !result.get().isError() && run.exitCode() == 0 && !result.get().text().isBlank()) {
        return result.get();
      }
      throw ClaudeFailures.of(run, result, settings);
    }
  }
}
