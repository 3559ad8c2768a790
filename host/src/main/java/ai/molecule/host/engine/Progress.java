package ai.molecule.host.engine;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;

/**
 * How far the engine has got in the feed, shared by the poll loop and the workers. Rows are
 * tracked in feed order as they are fetched and marked done as they finish, in any order; the
 * saved cursor only ever passes a row when it and every row before it are done, and the ids of
 * done rows are remembered, so after a crash nothing is lost and nothing answered is answered again.
 *
 * <p>Saves coalesce: a row finishing while the state is being written is written by the next save,
 * so a burst of messages costs a few writes, and no reply ever waits for another's write.
 */
final class Progress {

  private final StateStore store;
  private final CursorState state;
  private final Timing timing;
  /** Fetched rows not yet passed by the cursor, oldest first, and whether each is done. */
  private final Deque<String> order = new ArrayDeque<>();
  private final Map<String, Boolean> done = new HashMap<>();
  private final Map<String, Long> seqs = new HashMap<>();
  private MonthlySpend spend;
  private int inHand;
  private String fetchCursor;
  private boolean dirty;
  private boolean saving;

  Progress(StateStore store, CursorState state) {
    this(store, state, Timing.system());
  }

  Progress(StateStore store, CursorState state, Timing timing) {
    this.store = store;
    this.state = state;
    this.timing = timing;
    this.fetchCursor = state.cursor();
  }

  /** Where the next poll reads from: after the last row fetched, done or not. */
  synchronized String fetchCursor() {
    return fetchCursor;
  }

  synchronized boolean wasHandled(String id) {
    return state.wasHandled(id);
  }

  /**
   * A row was fetched and is now in hand; rows must be given in feed order.
   *
   * @return {@code false} when the row is in hand already (the feed repeated it): skip it
   */
  synchronized boolean fetched(String rowId, long seq) {
    fetchCursor = rowId;
    if (done.putIfAbsent(rowId, false) != null) {
      return false;
    }
    seqs.put(rowId, seq);
    order.addLast(rowId);
    inHand++;
    return true;
  }

  /** A row is done with (answered, refused or skipped): remember it, and move the cursor if it can. */
  synchronized void done(String rowId, String messageId) {
    state.remember(rowId, messageId);
    if (Boolean.FALSE.equals(done.put(rowId, true))) {
      inHand--;
    }
    while (!order.isEmpty() && done.get(order.peekFirst())) {
      String passed = order.removeFirst();
      done.remove(passed);
      Long seq = seqs.remove(passed);
      state.moveCursor(passed, seq == null ? -1 : seq);
    }
    dirty = true;
    notifyAll();
  }

  /** A message that came from no row (a peer's synchronous answer) was handled: remember its id. */
  synchronized void handled(String messageId) {
    state.remember(messageId, null);
    state.forgetAnswer(messageId);
    dirty = true;
  }

  /** Keeps a peer's synchronous answer until it is {@link #handled}; {@link #saveNow()} writes it. */
  synchronized void keepAnswer(KeptAnswer answer) {
    state.keepAnswer(answer);
    dirty = true;
  }

  /** The peers' answers kept and not yet handled, oldest first. */
  synchronized java.util.List<KeptAnswer> keptAnswers() {
    return state.keptAnswers();
  }

  /** The spend to save with the cursor. */
  synchronized void track(MonthlySpend value) {
    spend = value;
  }

  /** The newest seq the cursor has passed and not yet acknowledged, or -1 when there is none. */
  synchronized long seqToAck() {
    return state.passedSeq() > state.ackedSeq() ? state.passedSeq() : -1;
  }

  synchronized void acked(long seq) {
    state.acked(seq);
    dirty = true;
  }

  /** A file we uploaded: its row in our own feed is skipped and never acknowledged. */
  synchronized void rememberUpload(String fileId) {
    state.rememberUpload(fileId);
    dirty = true;
  }

  synchronized boolean isOwnUpload(String fileId) {
    return state.isOwnUpload(fileId);
  }

  /** Marks the state as changed (the spend moved), so the next save writes it. */
  synchronized void touch() {
    dirty = true;
  }

  /** Rows fetched and not yet done. */
  synchronized int inHand() {
    return inHand;
  }

  /** Waits until fewer than {@code limit} rows are in hand, or the time is up; true if there is room. */
  synchronized boolean awaitRoom(int limit, Duration timeout) throws InterruptedException {
    Instant deadline = timing.clock().instant().plus(timeout);
    while (inHand >= limit) {
      if (!timing.clock().instant().isBefore(deadline)) {
        return false;
      }
      timing.waitOn(this, deadline);
    }
    return true;
  }

  /** Forgets the cursor after the platform dropped it (410); only once nothing is in hand. */
  synchronized void resetCursor() {
    order.clear();
    done.clear();
    seqs.clear();
    inHand = 0;
    state.resetCursor();
    fetchCursor = null;
    dirty = true;
  }

  /** Writes the state if it changed; a call while another thread writes leaves the write to it. */
  void save() throws IOException {
    save(false);
  }

  /**
   * Writes the state if it changed, waiting for a write under way: on return the change is on
   * disk (the last save before exit; an answer that must be kept before it is handled).
   */
  void saveNow() throws IOException {
    save(true);
  }

  private void save(boolean waitForOthers) throws IOException {
    CursorState snapshot;
    synchronized (this) {
      while (saving && waitForOthers) {
        try {
          wait();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IOException("interrupted while waiting to save", e);
        }
      }
      if (saving || !dirty) {
        return;
      }
      saving = true;
    }
    try {
      while (true) {
        synchronized (this) {
          if (!dirty) {
            return;
          }
          dirty = false;
          if (spend != null) {
            state.spend(spend.saved());
          }
          snapshot = state.copy();
        }
        store.save(snapshot);
      }
    } catch (IOException | RuntimeException e) {
      synchronized (this) {
        dirty = true;
      }
      throw e;
    } finally {
      synchronized (this) {
        saving = false;
        notifyAll();
      }
    }
  }
}
