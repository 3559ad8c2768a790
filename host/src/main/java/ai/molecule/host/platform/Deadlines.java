package ai.molecule.host.platform;

import java.time.Duration;

/**
 * How long each class of request may take, for the whole exchange, body included.
 *
 * @param control register, heartbeat, poll, ack, notify, task updates: a short bound
 * @param peerAnswer a reply to a peer: a push-mode peer holds the call for its whole turn, up to
 *     30 minutes (platform-api.md)
 * @param bodyIdle the longest pause inside a body that is arriving (a stalled body ends here)
 * @param file reading or writing a file of up to 100 MB
 */
public record Deadlines(Duration control, Duration peerAnswer, Duration bodyIdle, Duration file) {

  public static Deadlines defaults() {
    return new Deadlines(Duration.ofSeconds(20), Duration.ofMinutes(31), Duration.ofSeconds(30), Duration.ofMinutes(5));
  }

  /** These deadlines with the control bound changed (a test's, or the operator's). */
  public Deadlines withControl(Duration value) {
    return new Deadlines(value, peerAnswer, bodyIdle.compareTo(value) > 0 ? value : bodyIdle, file);
  }

  Duration of(Endpoint.Timing timing) {
    return switch (timing) {
      case CONTROL -> control;
      case PEER -> peerAnswer;
      case FILE -> file;
    };
  }
}
