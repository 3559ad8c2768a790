package ai.molecule.bench;

import java.time.Instant;

/**
 * A message the benchmark queued for the agent.
 *
 * @param messageId its A2A message id, which the agent's reply names in {@code in_reply_to}
 * @param sentAt when it was queued (or, over HTTP, just before the request went out)
 */
public record SentText(String messageId, Instant sentAt) {}
