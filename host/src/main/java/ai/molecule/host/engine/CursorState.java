package ai.molecule.host.engine;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;

/**
 * Where the engine is in the feed: the last row handled, the ids of recently handled messages (row
 * ids and message ids) so a re-delivered message is not answered twice, the newest {@code seq}
 * passed and the one acknowledged, and the ids of files we uploaded ourselves (their rows in our own
 * feed are skipped, never acknowledged). Bounded: the oldest ids are forgotten first. Not
 * thread-safe: {@link Progress} guards it.
 */
final class CursorState {

  private final int capacity;
  private final LinkedHashSet<String> handled;
  private final LinkedHashSet<String> ownUploads;
  private String cursor;
  private long passedSeq;
  private long ackedSeq;
  private MonthlySpend.Saved spend;

  CursorState(String cursor, Collection<String> handled, int capacity) {
    this(cursor, handled, capacity, -1, -1, List.of(), null);
  }

  CursorState(String cursor, Collection<String> handled, int capacity, long passedSeq, long ackedSeq,
      Collection<String> ownUploads, MonthlySpend.Saved spend) {
    this.capacity = capacity;
    this.cursor = cursor;
    this.handled = new LinkedHashSet<>(handled);
    this.ownUploads = new LinkedHashSet<>(ownUploads);
    this.passedSeq = passedSeq;
    this.ackedSeq = ackedSeq;
    this.spend = spend;
    trim(this.handled);
    trim(this.ownUploads);
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
    return fileId != null && ownUploads.contains(fileId);
  }

  MonthlySpend.Saved spend() {
    return spend;
  }

  void spend(MonthlySpend.Saved value) {
    spend = value;
  }

  CursorState copy() {
    return new CursorState(cursor, handled, capacity, passedSeq, ackedSeq, ownUploads, spend);
  }

  boolean wasHandled(String id) {
    return id != null && handled.contains(id);
  }

  List<String> handledIds() {
    return new ArrayList<>(handled);
  }

  List<String> ownUploadIds() {
    return new ArrayList<>(ownUploads);
  }

  private void remember(LinkedHashSet<String> set, String id) {
    set.remove(id); // re-inserting moves it to the young end
    set.add(id);
    trim(set);
  }

  private void trim(LinkedHashSet<String> set) {
    var oldest = set.iterator();
    while (set.size() > capacity && oldest.hasNext()) {
      oldest.next();
      oldest.remove();
    }
  }
}
