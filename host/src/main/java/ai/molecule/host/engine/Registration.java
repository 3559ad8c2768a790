package ai.molecule.host.engine;

import ai.molecule.host.AtomicFiles;
import ai.molecule.host.MoleculeException;
import ai.molecule.host.PlatformFailure;
import ai.molecule.host.platform.AgentCard;
import ai.molecule.host.platform.PlatformAnswers.Registered;
import ai.molecule.host.platform.Platform;
import ai.molecule.host.platform.PlatformException;
import ai.molecule.host.platform.Secret;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.tinylog.Logger;

/**
 * Registers the workspace (in poll mode, or push mode with its URL): at start-up, retrying transient failures within one total
 * deadline, and again on request. When the platform issues a token (the workspace had no live
 * one), it is kept owner-only beside the state and used from then on, at this start and the next.
 */
final class Registration {

  private final Platform client;
  private final AgentCard card;
  private final RetryPolicy retry;
  private final StopSignal signal;
  private final Path issuedToken;
  /** Push mode's URL, asked for at each registration (known once the server listens), or {@code null} in poll mode. */
  private final Supplier<URI> pushUrl;
  /** Told every {@code platform_inbound_secret} the platform sends (register and heartbeat). */
  private final Consumer<String> inboundSecret;

  Registration(Platform client, AgentCard card, RetryPolicy retry, StopSignal signal, Path issuedToken) {
    this(client, card, retry, signal, issuedToken, null, secret -> {});
  }

  Registration(Platform client, AgentCard card, RetryPolicy retry, StopSignal signal, Path issuedToken,
      Supplier<URI> pushUrl, Consumer<String> inboundSecret) {
    this.client = client;
    this.card = card;
    this.retry = retry;
    this.signal = signal;
    this.issuedToken = issuedToken;
    this.pushUrl = pushUrl;
    this.inboundSecret = inboundSecret;
  }

  /** The newest inbound secret, from a register or heartbeat answer ({@code null}: none sent). */
  void inboundSecret(String secret) {
    if (secret != null && !secret.isEmpty()) {
      inboundSecret.accept(secret);
    }
  }

  /** Uses a token the platform issued at an earlier start, if one was kept. */
  void useIssuedToken() {
    try {
      if (Files.isRegularFile(issuedToken)) {
        String token = Files.readString(issuedToken, StandardCharsets.UTF_8).strip();
        if (!token.isEmpty()) {
          client.useToken(new Secret(token));
          Logger.info("using the token the platform issued to this workspace, kept in {}", issuedToken);
        }
      }
    } catch (IOException e) {
      Logger.warn("cannot read the token the platform issued ({}): {}; using the configured one", issuedToken,
          e.getMessage());
    }
  }

  /**
   * Registers, retrying transient failures until {@code deadline} has passed.
   *
   * @return {@code false} when a stop was asked for while waiting to retry
   * @throws MoleculeException when the token is refused, the platform rejects the request, or it
   *     stays unreachable past the deadline
   */
  boolean register(Duration deadline) throws MoleculeException {
    RetryPolicy.Retries retries = retry.giveUpAfter(deadline).begin();
    while (true) {
      try {
        keep(client.register(card, pushUrl == null ? null : pushUrl.get()));
        return true; // the engine says so, as a change of state
      } catch (PlatformException e) {
        switch (e.kind()) {
          case AUTH -> throw PlatformFailure.exit(e);
          case TRANSIENT -> {
            Optional<Duration> wait = retries.failed(e.retryAfter());
            if (wait.isEmpty()) {
              throw PlatformFailure.exit(e, "could not register within " + deadline.toSeconds()
                  + " s (" + retries.failures() + " tries); last: " + e.getMessage()
                  + "; check --api-url / MOLECULE_API_URL");
            }
            Logger.warn("register failed ({}); retrying in {} ms", e.getMessage(), wait.get().toMillis());
            if (!retries.pause(wait.get())) {
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
      keep(client.register(card, pushUrl == null ? null : pushUrl.get()));
      Logger.info("registered workspace {} again", client.config().workspaceId());
    } catch (PlatformException e) {
      if (e.kind() == PlatformException.Kind.AUTH) {
        signal.fail(PlatformFailure.exit(e));
      } else {
        Logger.warn("registering again failed: {}", e.getMessage());
      }
    }
  }

  private void keep(Registered registered) {
    inboundSecret(registered.inboundSecret());
    if (registered.mintedToken() == null) {
      return;
    }
    client.useToken(registered.mintedToken());
    try {
      AtomicFiles.writeOwnerOnly(issuedToken, registered.mintedToken().reveal().getBytes(StandardCharsets.UTF_8));
      Logger.info("the platform issued a new token for this workspace; kept it (owner-only) in {} and using it from"
          + " now on", issuedToken);
    } catch (IOException e) {
      Logger.error("the platform issued a new token for this workspace, and it could not be kept in {} ({}); it is"
          + " used until this process ends", issuedToken, e.getMessage());
    }
  }
}
