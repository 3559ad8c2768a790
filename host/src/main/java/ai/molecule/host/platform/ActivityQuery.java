package ai.molecule.host.platform;

/**
 * One read of the inbound message feed.
 *
 * @param cursor the row id to read after, or {@code null} for the most recent rows (newest first)
 * @param sinceSeconds with no cursor: only rows from the last this many seconds (0: no bound)
 * @param limit the most rows to return (the platform caps it at 500)
 */
public record ActivityQuery(String cursor, long sinceSeconds, int limit) {}
