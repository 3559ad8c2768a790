package ai.molecule.sandbox;

import com.google.gson.JsonObject;
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
import java.util.function.Consumer;

/**
 * Every workspace's activity rows, in ({@code created_at}, {@code seq}) order, with the platform's
 * retention: rows older than seven days are deleted once acknowledged, every row after thirty
 * days. Thread-safe.
 */
final class ActivityFeed {

  /** Acknowledged rows are kept this long. */
  static final Duration RETENTION = Duration.ofDays(7);
  /** Every row is gone after this long. */
  static final Duration MAX_RETENTION = Duration.ofDays(30);
  static final int DEFAULT_LIMIT = 100;
  static final int MAX_LIMIT = 500;

  /**
   * One read of a feed, as {@code GET /workspaces/<id>/activity} asks for it.
   *
   * @param workspaceId whose feed
   * @param type only rows of this activity type, or {@code null} for all
   * @param cursor read the rows after this row id (oldest first), or {@code null} for the most
   *     recent rows (newest first)
   * @param since only rows at or after this instant, or {@code null}
   * @param before only rows before this instant ({@code before_ts}), or {@code null}
   * @param source {@code canvas} (no source workspace), {@code agent} (one), or {@code null}
   * @param peerId only rows from or to this workspace, or {@code null}
   * @param limit the most rows to return
   */
  record Query(String workspaceId, String type, String cursor, Instant since, Instant before, String source,
      String peerId, int limit) {}

  /**
   * A row written, or the row a resent messageId collapsed into.
   *
   * @param row the row as stored now
   * @param added whether a new row was added (false: an existing one was updated)
   */
  record Stored(FeedRow row, boolean added) {}

  private static final Comparator<FeedRow> ORDER =
      Comparator.comparing(FeedRow::createdAt).thenComparingLong(FeedRow::seq);

  private final Map<String, List<FeedRow>> byWorkspace = new HashMap<>();
  private final Map<String, FeedRow> byId = new HashMap<>();
  /** {@code <workspace>/<messageId>} to the row id: the platform stores a message once. */
  private final Map<String, String> byMessage = new HashMap<>();
  private final Map<String, Long> ackedSeq = new HashMap<>();
  private final Clock clock;
  private final Timestamps stamps;
  private final Runnable changed;
  private final Consumer<FeedRow> written;
  private long seq;

  /** @param written told of every new row, after it is stored */
  ActivityFeed(Clock clock, Timestamps stamps, Runnable changed, Consumer<FeedRow> written) {
    this.clock = clock;
    this.stamps = stamps;
    this.changed = changed;
    this.written = written;
  }

  /** Stores a {@link FeedRow#draft draft}, giving it its id, seq and {@code created_at}. */
  FeedRow append(FeedRow draft) {
    FeedRow row;
    synchronized (this) {
      row = store(draft);
    }
    written.accept(row);
    return row;
  }

  /**
   * Appends a row carrying a message, unless the workspace's feed already holds that
   * {@code messageId} (a sender's retry): then that row takes the resent request and no row is added.
   */
  Stored appendOnce(FeedRow draft, String messageId) {
    FeedRow row;
    synchronized (this) {
      String existing = messageId == null ? null : byMessage.get(draft.workspaceId() + "/" + messageId);
      if (existing != null && byId.containsKey(existing)) {
        FeedRow updated = byId.get(existing).resent(draft.requestBody());
        replace(updated);
        return new Stored(updated, false);
      }
      row = store(draft);
    }
    written.accept(row);
    return new Stored(row, true);
  }

  /** Puts a response body on a stored row (a push peer's answer, added after the row). */
  synchronized Optional<FeedRow> answer(String rowId, JsonObject responseBody) {
    FeedRow row = byId.get(rowId);
    if (row == null) {
      return Optional.empty();
    }
    FeedRow answered = row.answered(responseBody);
    replace(answered);
    return Optional.of(answered);
  }

  /**
   * The rows a query asks for; empty when its cursor row is gone (pruned, never existed, or in
   * another workspace's feed): the platform's 410.
   */
  synchronized Optional<List<FeedRow>> query(Query query) {
    List<FeedRow> rows = byWorkspace.getOrDefault(query.workspaceId(), List.of());
    List<FeedRow> page = new ArrayList<>();
    if (query.cursor() == null) {
      for (int i = rows.size() - 1; i >= 0 && page.size() < query.limit(); i--) {
        FeedRow row = rows.get(i);
        if (query.since() != null && row.createdAt().isBefore(query.since())) {
          break; // every earlier row is older still
        }
        if (matches(row, query)) {
          page.add(row);
        }
      }
      return Optional.of(page);
    }
    FeedRow cursor = byId.get(query.cursor());
    if (cursor == null || !cursor.workspaceId().equals(query.workspaceId())) {
      return Optional.empty();
    }
    for (int i = Collections.binarySearch(rows, cursor, ORDER) + 1; i < rows.size() && page.size() < query.limit();
        i++) {
      FeedRow row = rows.get(i);
      if (matches(row, query) && (query.since() == null || !row.createdAt().isBefore(query.since()))) {
        page.add(row);
      }
    }
    return Optional.of(page);
  }

  /** The newest {@code limit} rows of every type, newest first: the operator's activity log. */
  synchronized List<FeedRow> recent(String workspaceId, int limit) {
    List<FeedRow> rows = byWorkspace.getOrDefault(workspaceId, List.of());
    List<FeedRow> page = new ArrayList<>(rows.subList(Math.max(0, rows.size() - limit), rows.size()));
    Collections.reverse(page);
    return page;
  }

  synchronized Optional<FeedRow> row(String rowId) {
    return Optional.ofNullable(byId.get(rowId));
  }

  /** Records an acknowledgement; the stored maximum, which may exceed {@code seq}. */
  synchronized long ack(String workspaceId, long acked) {
    long max = Math.max(ackedSeq.getOrDefault(workspaceId, 0L), acked);
    ackedSeq.put(workspaceId, max);
    changed.run();
    return max;
  }

  synchronized long ackedSeq(String workspaceId) {
    return ackedSeq.getOrDefault(workspaceId, 0L);
  }

  synchronized List<FeedRow> all() {
    List<FeedRow> all = new ArrayList<>(byId.values());
    all.sort(ORDER);
    return all;
  }

  synchronized Map<String, Long> allAcks() {
    return new HashMap<>(ackedSeq);
  }

  /** Puts back rows and acknowledgements read from the state file. */
  synchronized void load(Collection<FeedRow> rows, Map<String, Long> acks) {
    rows.stream().sorted(ORDER).forEach(row -> {
      put(row);
      stamps.notBefore(row.createdAt());
      seq = Math.max(seq, row.seq());
    });
    if (acks != null) {
      ackedSeq.putAll(acks);
    }
  }

  /**
   * The platform's retention job: deletes rows older than seven days whose seq is acknowledged,
   * and every row older than thirty days.
   *
   * @return how many rows went
   */
  synchronized int prune() {
    Instant now = clock.instant();
    Instant ackedBefore = now.minus(RETENTION);
    Instant allBefore = now.minus(MAX_RETENTION);
    int pruned = 0;
    for (Map.Entry<String, List<FeedRow>> feed : byWorkspace.entrySet()) {
      long acked = ackedSeq.getOrDefault(feed.getKey(), 0L);
      List<FeedRow> rows = feed.getValue();
      // Rows are in (created_at, seq) order, so both rules select a prefix of the feed.
      int stale = 0;
      while (stale < rows.size()) {
        FeedRow row = rows.get(stale);
        boolean gone = row.createdAt().isBefore(allBefore)
            || (row.createdAt().isBefore(ackedBefore) && row.seq() <= acked);
        if (!gone) {
          break;
        }
        forget(row);
        stale++;
      }
      if (stale > 0) {
        rows.subList(0, stale).clear();
        pruned += stale;
      }
    }
    if (pruned > 0) {
      changed.run();
    }
    return pruned;
  }

  private FeedRow store(FeedRow draft) {
    FeedRow row = draft.stored(Tokens.newId(), ++seq, stamps.next());
    put(row);
    changed.run();
    return row;
  }

  private void put(FeedRow row) {
    List<FeedRow> rows = byWorkspace.computeIfAbsent(row.workspaceId(), id -> new ArrayList<>());
    if (rows.isEmpty() || ORDER.compare(rows.get(rows.size() - 1), row) < 0) {
      rows.add(row);
    } else {
      rows.add(-Collections.binarySearch(rows, row, ORDER) - 1, row);
    }
    byId.put(row.id(), row);
    String messageId = row.messageId();
    if (messageId != null) {
      byMessage.put(row.workspaceId() + "/" + messageId, row.id());
    }
  }

  private void replace(FeedRow row) {
    List<FeedRow> rows = byWorkspace.get(row.workspaceId());
    rows.set(Collections.binarySearch(rows, row, ORDER), row);
    byId.put(row.id(), row);
    changed.run();
  }

  private void forget(FeedRow row) {
    byId.remove(row.id());
    String messageId = row.messageId();
    if (messageId != null) {
      byMessage.remove(row.workspaceId() + "/" + messageId);
    }
  }

  private static boolean matches(FeedRow row, Query query) {
    if (query.type() != null && !query.type().equals(row.activityType())) {
      return false;
    }
    if (query.before() != null && !row.createdAt().isBefore(query.before())) {
      return false;
    }
    if ("canvas".equals(query.source()) && row.sourceId() != null) {
      return false;
    }
    if ("agent".equals(query.source()) && row.sourceId() == null) {
      return false;
    }
    return query.peerId() == null || query.peerId().equals(row.sourceId()) || query.peerId().equals(row.targetId());
  }
}
