package ai.molecule.host.engine;

import ai.molecule.host.platform.Platform;
import ai.molecule.spi.Backend;
import ai.molecule.spi.BackendException;
import ai.molecule.spi.InboundMessage;
import ai.molecule.spi.Reply;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.Optional;
import org.tinylog.Logger;

/**
 * Runs the backend on one message within a {@link TurnTracker.HostTurn}, retrying a retryable
 * failure a bounded number of times, and says what came of it as a {@link TurnOutcome}. It delivers
 * nothing: poll mode hands the outcome to {@link ReplyDelivery}, push mode returns it to the caller.
 */
final class BackendCall {

  static final String GENERIC_ERROR = TurnOutcome.Failure.GENERIC;

  private final Platform client;
  private final Backend backend;
  private final WorkspaceStats stats;
  private final TurnTracker turns;
  private final RetryPolicy retry;
  private final StopSignal signal;
  private final Runnable spendChanged;
  private final int attempts;
  private final boolean genericErrors;

  BackendCall(Platform client, Backend backend, WorkspaceStats stats, TurnTracker turns, RetryPolicy retry,
      StopSignal signal, Runnable spendChanged, EngineSettings settings) {
    this.client = client;
    this.backend = backend;
    this.stats = stats;
    this.turns = turns;
    this.retry = retry.attempts(settings.backendAttempts());
    this.signal = signal;
    this.spendChanged = spendChanged;
    this.attempts = settings.backendAttempts();
    this.genericErrors = settings.genericErrors();
  }

  /** Whether the backend wants the platform's system turns other than the liveness check. */
  boolean acceptsSystemTurns() {
    return backend.acceptsSystemTurns();
  }

  /** One turn on {@code message}; {@code description} is what the canvas shows as the current task. */
  TurnOutcome call(InboundMessage message, String description) {
    TurnTracker.HostTurn turn = turns.begin(message.messageId(), description);
    RetryPolicy.Retries retries = retry.begin();
    try {
      while (true) {
        String error;
        String toSender;
        boolean retryable;
        try {
          Reply reply = backend.handle(message, turn);
          if (reply == null) {
            throw BackendException.permanent("the backend returned no reply");
          }
          recordLegacyCost(message, reply);
          stats.succeeded(message.messageId());
          return new TurnOutcome.Answer(reply);
        } catch (BackendException e) {
          error = e.getMessage() == null ? "the backend failed" : e.getMessage();
          toSender = error;
          retryable = e.retryable();
        } catch (RuntimeException | Error e) {
          // A bug in the backend, a class its plugin lacks, memory running out: worth another try
          // (bounded), then an error reply; it must never leave the message unanswered or stop the engine.
          Logger.debug(e, "backend threw");
          error = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
          toSender = GENERIC_ERROR; // an internal failure's text is for the operator
          retryable = true;
        }
        if (signal.isStopped()) {
          // Most likely interrupted by the shutdown: not the message's fault, so no error reply.
          stats.abandoned(message.messageId());
          Logger.info("message {} was cut short by the stop; it will be delivered again", message.messageId());
          return new TurnOutcome.Nothing();
        }
        Optional<Duration> wait = retryable ? retries.failed(Optional.empty()) : Optional.empty();
        if (wait.isEmpty()) {
          stats.failed(message.messageId(), client.scrub(error));
          Logger.error("message {} failed{}: {}", message.messageId(),
              retryable ? " " + retries.failures() + " times" : "", client.scrub(error));
          return new TurnOutcome.Failure(genericErrors ? GENERIC_ERROR : oneLine(client.scrubForSender(toSender)));
        }
        Logger.warn("message {} failed (try {} of {}), retrying in {} ms: {}",
            message.messageId(), retries.failures(), attempts, wait.get().toMillis(), client.scrub(error));
        if (!retries.pause(wait.get())) {
          stats.abandoned(message.messageId());
          return new TurnOutcome.Nothing();
        }
      }
    } finally {
      turn.end();
    }
  }

  /** A 1.0 backend reports its cost as {@code cost_usd} metadata; 1.1 ones through the turn. */
  private void recordLegacyCost(InboundMessage message, Reply reply) {
    String cost = reply.metadata().get("cost_usd");
    if (cost == null) {
      return;
    }
    try {
      BigDecimal dollars = new BigDecimal(cost.trim());
      if (dollars.signum() > 0) {
        stats.spend().add(dollars);
        spendChanged.run();
      }
    } catch (NumberFormatException notANumber) {
      Logger.debug("message {}: ignoring a cost_usd that is not a number: {}", message.messageId(), cost);
    }
  }

  static String oneLine(String text) {
    return text == null ? "" : text.strip().replaceAll("\\s+", " ");
  }
}
