package ai.molecule.host.engine;

import ai.molecule.spi.Reply;

/**
 * What one backend turn came to, as a value: poll mode delivers it as a reply, push mode returns it
 * as the HTTP answer of the call that brought the message.
 */
public sealed interface TurnOutcome permits TurnOutcome.Answer, TurnOutcome.Failure, TurnOutcome.Nothing {

  /** The backend answered. */
  record Answer(Reply reply) implements TurnOutcome {}

  /**
   * The backend failed for good (after its retries).
   *
   * @param forSender why, in the words the sender may read: one line, scrubbed of secrets
   */
  record Failure(String forSender) implements TurnOutcome {
    /** What a sender reads when the reason is for the operator only. */
    public static final String GENERIC =
        "this agent could not handle your message; its operator has the details in the log";
  }

  /** No outcome: the engine stopped first, so the message must be delivered again. */
  record Nothing() implements TurnOutcome {}
}
