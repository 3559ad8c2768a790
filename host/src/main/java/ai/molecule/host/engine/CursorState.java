package ai.molecule.host.engine;

import ai.molecule.wire.BoundedLru;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Where the engine is in the feed: the last row handled, the ids of recently handled messages (row
 * ids and message ids) so a re-delivered message is not answered twice, the newest {@code seq}
 * passed and the one acknowledged, and the ids of files we uploaded ourselves (their rows in our own
 * feed are skipped, never acknowledged), and the peers' synchronous answers not yet handled.
 * Bounded: the oldest ids are forgotten first. Not
 * thread-safe: {@link Progress} guards it.
 */
final class CursorState {

  private final int capacity;
  private final BoundedLru<String, Boolean> handled;
  private final BoundedLru<String, Boolean> ownUploads;
  /** By message id, oldest first: the answers of push-mode peers not yet handled. */
  private final Map<String, KeptAnswer> keptAnswers = new LinkedHashMap<>();
  private String cursor;
  private long passedSeq;
  private long ackedSeq;
  private MonthlySpend.Saved spend;

  CursorState(String cursor, Collection<String> handled, int capacity) {
    this(cursor, handled, capacity, -1, -1, List.of(), null, List.of());
  }

  CursorState(String cursor, Collection<String> handled, int capacity, long passedSeq, long ackedSeq,
      Collection<String> ownUploads, MonthlySpend.Saved spend, Collection<KeptAnswer> keptAnswers) {
    this.capacity = capacity;
    this.cursor = cursor;
    this.handled = memory(handled, capacity);
    this.ownUploads = memory(ownUploads, capacity);
    this.passedSeq = passedSeq;
    this.ackedSeq = ackedSeq;
    this.spend = spend;
    keptAnswers.forEach(this::keepAnswer);
  }

  String cursor() {
    return cursor;
  }

  void resetCursor() {
    cursor = null;
  }

  /** Remembers that this row, and the message it carried, were dealt with. */
  void remember(String rowId, String messageId) {
    remember(handled, rowId);
    if (messageId != null) {
      remember(handled, messageId);
    }
  }

  void moveCursor(String rowId, long seq) {
    cursor = rowId;
    passedSeq = Math.max(passedSeq, seq);
  }

  long passedSeq() {
    return passedSeq;
  }

  long ackedSeq() {
    return ackedSeq;
  }

  void acked(long seq) {
    ackedSeq = Math.max(ackedSeq, seq);
  }

  void rememberUpload(String fileId) {
    remember(ownUploads, fileId);
  }

  boolean isOwnUpload(String fileId) {
    return fileId != null && ownUploads.containsKey(fileId);
  }

  MonthlySpend.Saved spend() {
    return spend;
  }

  void spend(MonthlySpend.Saved value) {
    spend = value;
  }

  CursorState copy() {
    return new CursorState(cursor, handled.keys(), capacity, passedSeq, ackedSeq, ownUploads.keys(), spend,
        keptAnswers.values());
  }

  /** Keeps an answer until {@link #forgetAnswer}; past the capacity the oldest is forgotten. */
  void keepAnswer(KeptAnswer answer) {
    keptAnswers.put(answer.messageId(), answer);
    while (keptAnswers.size() > capacity) {
      keptAnswers.remove(keptAnswers.keySet().iterator().next());
    }
  }

  void forgetAnswer(String messageId) {
    keptAnswers.remove(messageId);
  }

  /** The answers kept, oldest first. */
  List<KeptAnswer> keptAnswers() {
    return new ArrayList<>(keptAnswers.values());
  }

  boolean wasHandled(String id) {
    return id != null && handled.containsKey(id);
  }

  List<String> handledIds() {
    return handled.keys();
  }

  List<String> ownUploadIds() {
    return ownUploads.keys();
  }

  private static void remember(BoundedLru<String, Boolean> memory, String id) {
    memory.put(id, Boolean.TRUE);
  }

  /** The ids, oldest first, as a memory that keeps the newest {@code capacity} of them. */
  private static BoundedLru<String, Boolean> memory(Collection<String> ids, int capacity) {
    BoundedLru<String, Boolean> memory = new BoundedLru<>(capacity);
    ids.forEach(id -> remember(memory, id));
    return memory;
  }
}
