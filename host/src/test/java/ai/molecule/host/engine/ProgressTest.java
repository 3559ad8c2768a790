package ai.molecule.host.engine;

import ai.molecule.host.testing.Rows;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProgressTest {

  @TempDir Path dir;

  @Test
  void theCursorPassesOnlyRowsWhoseEveryPredecessorIsDone() throws Exception {
    StateStore store = new StateStore(dir, "ws", 100);
    Progress progress = new Progress(store, store.load());
    for (String row : List.of(Rows.id(1), Rows.id(2), Rows.id(3))) {
      progress.fetched(row, -1);
    }
    assertEquals(Rows.id(3), progress.fetchCursor(), "the next poll reads after the last row fetched");
    assertEquals(3, progress.inHand());

    progress.done(Rows.id(2), "m2");
    progress.done(Rows.id(3), "m3");
    progress.save();
    CursorState saved = store.load();
    assertNull(saved.cursor(), "r1 is still in hand, so the cursor must not pass it");
    assertTrue(saved.wasHandled("m2") && saved.wasHandled(Rows.id(3)), "finished rows are remembered at once");

    progress.done(Rows.id(1), "m1");
    progress.save();
    assertEquals(Rows.id(3), store.load().cursor());
    assertEquals(0, progress.inHand());
  }

  @Test
  void awaitRoomWaitsForRowsToFinish() throws Exception {
    StateStore store = new StateStore(dir, "ws", 100);
    Progress progress = new Progress(store, store.load());
    progress.fetched(Rows.id(1), -1);
    progress.fetched(Rows.id(2), -1);
    assertFalse(progress.awaitRoom(2, Duration.ofMillis(20)));
    Thread finisher = new Thread(() -> progress.done(Rows.id(1), null));
    finisher.start();
    assertTrue(progress.awaitRoom(2, Duration.ofSeconds(10)));
    finisher.join();
  }

  @Test
  void aResetForgetsTheCursorButNotWhatWasAnswered() throws Exception {
    StateStore store = new StateStore(dir, "ws", 100);
    Progress progress = new Progress(store, store.load());
    progress.fetched(Rows.id(1), -1);
    progress.done(Rows.id(1), "m1");
    progress.resetCursor();
    progress.save();
    assertNull(progress.fetchCursor());
    assertNull(store.load().cursor());
    assertTrue(store.load().wasHandled("m1"));
  }
}
