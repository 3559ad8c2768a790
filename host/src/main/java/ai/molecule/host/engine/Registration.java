package ai.molecule.host.engine;

import ai.molecule.host.MoleculeException;
import ai.molecule.host.PlatformFailure;
import ai.molecule.host.platform.AgentCard;
import ai.molecule.host.platform.PlatformClient;
import ai.molecule.host.platform.PlatformException;
import java.time.Duration;
import org.tinylog.Logger;

/** Registers the workspace in poll mode: once at start-up with bounded retries, and again on request. */
final class Registration {

  private final PlatformClient client;
  private final AgentCard card;
  private final Backoff backoff;
  private final StopSignal signal;

  Registration(PlatformClient client, AgentCard card, Backoff backoff, StopSignal signal) {
    this.client = client;
    this.card = card;
    this.backoff = backoff;
    this.signal = signal;
  }

  /**
   * Registers, retrying transient failures up to {@code attempts} times.
   *
   * @return {@code false} when a stop was asked for while waiting to retry
   * @throws MoleculeException when the token is refused, the platform rejects the request, or it
   *     stays unreachable
   */
  boolean register(int attempts) throws MoleculeException {
    for (int attempt = 1; ; attempt++) {
      try {
        client.register(card);
        Logger.info("registered workspace {} with {} (poll mode)", client.config().workspaceId(), client.config().baseUrl());
        return true;
      } catch (PlatformException e) {
        switch (e.kind()) {
          case AUTH -> throw PlatformFailure.exit(e);
          case TRANSIENT -> {
            if (attempt >= attempts) {
              throw PlatformFailure.exit(e, "could not register after " + attempts
                  + " tries; last: " + e.getMessage() + "; check --api-url / MOLECULE_API_URL");
            }
            Duration wait = backoff.delay(attempt, e.retryAfter());
            Logger.warn("register failed ({}); retrying in {} ms", e.getMessage(), wait.toMillis());
            if (!signal.sleep(wait)) {
              return false;
            }
          }
          default -> throw PlatformFailure.exit(e, e.getMessage() + "; check the workspace id and --api-url");
        }
      }
    }
  }

  /** One more registration, after the platform forgot us; failures are logged, the heartbeat goes on. */
  void registerAgain() {
    try {
      client.register(card);
      Logger.info("registered workspace {} again", client.config().workspaceId());
    } catch (PlatformException e) {
      if (e.kind() == PlatformException.Kind.AUTH) {
        signal.fail(PlatformFailure.exit(e));
      } else {
        Logger.warn("registering again failed: {}", e.getMessage());
      }
    }
  }
}
