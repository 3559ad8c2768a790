package ai.molecule.host.engine;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;

/**
 * Where the engine is in the feed: the last row handled, and the ids of recently handled messages
 * (row ids and message ids) so a re-delivered message is not answered twice. Bounded: the oldest
 * ids are forgotten first. Not thread-safe: {@link Progress} guards it.
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

  /** Remembers that this row, and the message it carried, were dealt with. */
  void remember(String rowId, String messageId) {
    remember(rowId);
    if (messageId != null) {
      remember(messageId);
    }
  }

  void moveCursor(String rowId) {
    cursor = rowId;
  }

  CursorState copy() {
    return new CursorState(cursor, handled, capacity);
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
