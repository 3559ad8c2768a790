package ai.molecule.spi;

import java.util.Objects;
import java.util.Optional;

/**
 * Who sent a message, as the platform tells it: a person on the platform's canvas, a peer agent
 * (another workspace), or the platform itself (a system turn).
 *
 * <p>The host builds these; a plugin reads them. Tests build them with the factories.
 *
 * @param kind which of the three senders this is
 * @param workspaceId the peer's workspace id; {@code null} for a person and for the platform
 * @param name a display name: the peer workspace's name, or the person's user name when the
 *     platform vouches for it; {@code null} when not known
 * @param role the peer workspace's role as the platform describes it; {@code null} when not known
 * @param userId the person's user id, only when the platform authenticated them; else {@code null}
 * @param email the person's e-mail address, only when the platform authenticated them
 * @param systemType for a system turn, its {@code source_type} ({@code self-cron}, ...); else
 *     {@code null}
 * @since 1.1
 */
public record Sender(Kind kind, String workspaceId, String name, String role, String userId, String email,
    String systemType) {

  /**
   * The three kinds of sender.
   *
   * @since 1.1
   */
  public enum Kind {
    /**
     * A person on the platform's canvas.
     *
     * @since 1.1
     */
    HUMAN,
    /**
     * Another agent: a workspace of the platform.
     *
     * @since 1.1
     */
    PEER,
    /**
     * The platform itself: a scheduled or watchdog turn, never answered.
     *
     * @since 1.1
     */
    SYSTEM
  }

  /**
   * Checks the values.
   *
   * @param kind which of the three senders this is
   * @param workspaceId the peer's workspace id, required for a peer
   * @param name a display name, or {@code null}
   * @param role the peer's role, or {@code null}
   * @param userId the authenticated person's user id, or {@code null}
   * @param email the authenticated person's e-mail, or {@code null}
   * @param systemType a system turn's {@code source_type}, or {@code null}
   * @since 1.1
   */
  public Sender {
    Objects.requireNonNull(kind, "kind");
    if (kind == Kind.PEER) {
      Objects.requireNonNull(workspaceId, "a peer's workspaceId");
    }
  }

  /**
   * A person on the canvas whose identity the platform does not vouch for.
   *
   * @return the sender
   * @since 1.1
   */
  public static Sender human() {
    return new Sender(Kind.HUMAN, null, null, null, null, null, null);
  }

  /**
   * A person on the canvas whom the platform authenticated.
   *
   * @param userId the user id
   * @param userName the user name, or {@code null}
   * @param email the e-mail address, or {@code null}
   * @return the sender
   * @since 1.1
   */
  public static Sender authenticatedHuman(String userId, String userName, String email) {
    return new Sender(Kind.HUMAN, null, userName, null, Objects.requireNonNull(userId, "userId"), email, null);
  }

  /**
   * A peer agent.
   *
   * @param workspaceId the peer's workspace id
   * @param name its name, or {@code null}
   * @param role its role, or {@code null}
   * @return the sender
   * @since 1.1
   */
  public static Sender peer(String workspaceId, String name, String role) {
    return new Sender(Kind.PEER, workspaceId, name, role, null, null, null);
  }

  /**
   * The platform itself.
   *
   * @param systemType the turn's {@code source_type}, such as {@code self-cron}
   * @return the sender
   * @since 1.1
   */
  public static Sender system(String systemType) {
    return new Sender(Kind.SYSTEM, null, null, null, null, null, systemType);
  }

  /**
   * The name to show for this sender, when the platform gave one.
   *
   * @return the display name
   * @since 1.1
   */
  public Optional<String> displayName() {
    return Optional.ofNullable(name);
  }

  /**
   * Whether the platform vouched for a person's identity.
   *
   * @return {@code true} for a person with a user id
   * @since 1.1
   */
  public boolean authenticated() {
    return kind == Kind.HUMAN && userId != null;
  }
}
