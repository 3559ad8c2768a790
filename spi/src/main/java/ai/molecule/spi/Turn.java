package ai.molecule.spi;

import java.time.Duration;
import java.time.Instant;

/**
 * One turn of a backend: the host's side of a single {@link Backend#handle(InboundMessage, Turn)}
 * call. The host implements it; a backend only calls it. It lets a backend say what it is doing
 * while it works, learn how long it may take, notice that the turn was cancelled, and report what
 * the turn cost.
 *
 * <p>New methods may be added to this interface in later minor versions of the contract (for
 * example partial replies); since only the host implements it, that breaks no plugin. A plugin's
 * own tests get an implementation from the testkit rather than writing one.
 *
 * <p>All methods are safe to call from any thread, and cheap: the host rate-limits what it
 * forwards to the platform, so a backend may report progress as often as it likes.
 *
 * @since 1.1
 */
public interface Turn {

  /**
   * Reports what the agent is doing now, as one short line ("reading src/Main.java", "running the
   * tests"). The host shows the newest line on the platform's canvas and keeps the platform's
   * watchdogs from taking a long turn for a dead agent. Blank lines are ignored; long ones are cut.
   *
   * @param line what the agent does now, in a few words
   * @since 1.1
   */
  void progress(String line);

  /**
   * When the host stops waiting for this turn. A backend that runs past it is cancelled; one that
   * can bound its own work (a child process's timeout, an API's request budget) should keep
   * within it.
   *
   * @return the instant the turn's time runs out
   * @since 1.1
   */
  Instant deadline();

  /**
   * The time left until {@link #deadline()}, never negative.
   *
   * @return the time left, {@link Duration#ZERO} once the deadline has passed
   * @since 1.1
   */
  default Duration remaining() {
    Duration left = Duration.between(Instant.now(), deadline());
    return left.isNegative() ? Duration.ZERO : left;
  }

  /**
   * Whether the host has given up on this turn (the engine is stopping, or the deadline passed).
   * A backend that works in steps should check it between steps and return or throw soon after it
   * turns true; the host also interrupts the handling thread.
   *
   * @return {@code true} once the turn was cancelled
   * @since 1.1
   */
  boolean isCancelled();

  /**
   * Reports what this turn cost: the cost of this turn alone, not a running total. Call it once per
   * turn, or several times for parts of the work; the host adds the amounts up into the monthly
   * spend the workspace reports to the platform, and counts a turn that failed too.
   *
   * @param cost the cost of this turn, or of a part of it
   * @since 1.1
   */
  void reportCost(Cost cost);

  /**
   * A turn nobody watches: progress and cost go nowhere, it is never cancelled, and its deadline is
   * far away. For calling a backend outside the host (a 1.1 backend's own {@link
   * Backend#handle(InboundMessage)}, a quick script); tests use the testkit's recording turn.
   *
   * @return a turn that records nothing
   * @since 1.1
   */
  static Turn none() {
    return NoTurn.INSTANCE;
  }
}
