package ai.molecule.host.engine;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;

/**
 * Where the engine is in the feed: the last row handled, and the ids of recently handled messages
 * (row ids and message ids) so a re-delivered message is not answered twice. Bounded: the oldest
 * ids are forgotten first. Not thread-safe; the poll loop owns it.
 */
final class CursorState {

  private final int capacity;
  private final LinkedHashSet<String> handled;
  private String cursor;

  CursorState(String cursor, Collection<String> handled, int capacity) {
    this.capacity = capacity;
    this.cursor = cursor;
    this.handled = new LinkedHashSet<>(handled);
    trim();
  }

  String cursor() {
    return cursor;
  }

  void resetCursor() {
    cursor = null;
  }

  /** Records that the row was dealt with (answered, skipped or refused) and moves the cursor to it. */
  void advance(String rowId, String messageId) {
    cursor = rowId;
    remember(rowId);
    if (messageId != null) {
      remember(messageId);
    }
  }

  boolean wasHandled(String id) {
    return id != null && handled.contains(id);
  }

  List<String> handledIds() {
    return new ArrayList<>(handled);
  }

  private void remember(String id) {
    handled.remove(id); // re-inserting moves it to the young end
    handled.add(id);
    trim();
  }

  private void trim() {
    var oldest = handled.iterator();
    while (handled.size() > capacity && oldest.hasNext()) {
      oldest.next();
      oldest.remove();
    }
  }
}
