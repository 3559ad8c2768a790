package ai.molecule.sandbox;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Every workspace's activity rows, in {@code created_at} order, kept for seven days as on the
 * platform. Thread-safe.
 */
final class ActivityFeed {

  static final Duration RETENTION = Duration.ofDays(7);
  static final int DEFAULT_LIMIT = 100;
  static final int MAX_LIMIT = 500;

  /**
   * One read of a feed, as {@code GET /workspaces/<id>/activity} asks for it.
   *
   * @param workspaceId whose feed
   * @param type only rows of this activity type, or {@code null} for all
   * @param cursor read the rows after this row id (oldest first), or {@code null} for the most
   *     recent rows (newest first)
   * @param sinceSeconds only rows from the last this many seconds; 0 for no bound
   * @param limit the most rows to return
   */
  record Query(String workspaceId, String type, String cursor, long sinceSeconds, int limit) {}

  private static final Comparator<FeedRow> BY_TIME = Comparator.comparing(FeedRow::createdAt);

  private final Map<String, List<FeedRow>> byWorkspace = new HashMap<>();
  private final Map<String, FeedRow> byId = new HashMap<>();
  /** {@code <workspace>/<messageId>} to the row id: the platform stores a message once. */
  private final Map<String, String> byMessage = new HashMap<>();
  private final Clock clock;
  private final Timestamps stamps;
  private final Runnable changed;

  ActivityFeed(Clock clock, Timestamps stamps, Runnable changed) {
    this.clock = clock;
    this.stamps = stamps;
    this.changed = changed;
  }

  /** Stores a {@link FeedRow#draft draft}, giving it its id and {@code created_at}. */
  synchronized FeedRow append(FeedRow draft) {
    prune();
    FeedRow row = draft.stored(Tokens.newId(), stamps.next());
    put(row);
    changed.run();
    return row;
  }

  /**
   * Appends a row carrying a message unless the workspace's feed already holds that
   * {@code messageId} (a sender's retry); empty then.
   */
  synchronized Optional<FeedRow> appendOnce(FeedRow draft, String messageId) {
    prune();
    if (messageId != null && byMessage.containsKey(draft.workspaceId() + "/" + messageId)) {
      return Optional.empty();
    }
    return Optional.of(append(draft));
  }

  /**
   * The rows a query asks for; empty when its cursor row is gone (pruned, never existed, or in
   * another workspace's feed): the platform's 410.
   */
  synchronized Optional<List<FeedRow>> query(Query query) {
    prune();
    List<FeedRow> rows = byWorkspace.getOrDefault(query.workspaceId(), List.of());
    Instant since = query.sinceSeconds() > 0 ? clock.instant().minusSeconds(query.sinceSeconds()) : Instant.MIN;
    List<FeedRow> page = new ArrayList<>();
    if (query.cursor() == null) {
      for (int i = rows.size() - 1; i >= 0 && page.size() < query.limit(); i--) {
        FeedRow row = rows.get(i);
        if (row.createdAt().isBefore(since)) {
          break; // every earlier row is older still
        }
        if (matches(row, query.type())) {
          page.add(row);
        }
      }
      return Optional.of(page);
    }
    FeedRow cursor = byId.get(query.cursor());
    if (cursor == null || !cursor.workspaceId().equals(query.workspaceId())) {
      return Optional.empty();
    }
    for (int i = indexOf(rows, cursor) + 1; i < rows.size() && page.size() < query.limit(); i++) {
      FeedRow row = rows.get(i);
      if (matches(row, query.type()) && !row.createdAt().isBefore(since)) {
        page.add(row);
      }
    }
    return Optional.of(page);
  }

  /** The newest {@code limit} rows of every type, newest first: the operator's activity log. */
  synchronized List<FeedRow> recent(String workspaceId, int limit) {
    prune();
    List<FeedRow> rows = byWorkspace.getOrDefault(workspaceId, List.of());
    List<FeedRow> page = new ArrayList<>(rows.subList(Math.max(0, rows.size() - limit), rows.size()));
    Collections.reverse(page);
    return page;
  }

  synchronized List<FeedRow> all() {
    List<FeedRow> all = new ArrayList<>(byId.values());
    all.sort(BY_TIME);
    return all;
  }

  /** Puts back rows read from the state file. */
  synchronized void load(Collection<FeedRow> rows) {
    rows.stream().sorted(BY_TIME).forEach(row -> {
      put(row);
      stamps.notBefore(row.createdAt());
    });
  }

  private void put(FeedRow row) {
    byWorkspace.computeIfAbsent(row.workspaceId(), id -> new ArrayList<>()).add(row);
    byId.put(row.id(), row);
    String messageId = row.messageId();
    if (messageId != null) {
      byMessage.put(row.workspaceId() + "/" + messageId, row.id());
    }
  }

  private static boolean matches(FeedRow row, String type) {
    return type == null || type.equals(row.activityType());
  }

  /** Rows are in time order and times are unique, so a binary search finds the cursor. */
  private static int indexOf(List<FeedRow> rows, FeedRow row) {
    return Collections.binarySearch(rows, row, BY_TIME);
  }

  /** Drops rows older than the retention from the head of each feed. */
  private void prune() {
    Instant oldest = clock.instant().minus(RETENTION);
    boolean pruned = false;
    for (List<FeedRow> rows : byWorkspace.values()) {
      int stale = 0;
      while (stale < rows.size() && rows.get(stale).createdAt().isBefore(oldest)) {
        FeedRow row = rows.get(stale++);
        byId.remove(row.id());
        String messageId = row.messageId();
        if (messageId != null) {
          byMessage.remove(row.workspaceId() + "/" + messageId);
        }
      }
      if (stale > 0) {
        rows.subList(0, stale).clear();
        pruned = true;
      }
    }
    if (pruned) {
      changed.run();
    }
  }
}
