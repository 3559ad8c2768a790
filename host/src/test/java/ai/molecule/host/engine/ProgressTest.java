package ai.molecule.host.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.molecule.host.testing.FakeClock;
import ai.molecule.host.testing.Rows;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
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
    FakeClock clock = new FakeClock(Instant.parse("2026-11-25T10:00:00Z"));
    Progress progress = new Progress(store, store.load(), clock);
    progress.fetched(Rows.id(1), -1);
    progress.fetched(Rows.id(2), -1);

    AtomicReference<Boolean> timedOut = new AtomicReference<>();
    Thread first = waiter("first-waiter", () -> timedOut.set(progress.awaitRoom(2, Duration.ofSeconds(5))));
    clock.untilWithoutTime("the first waiter waiting", () -> clock.isParked("first-waiter"));
    clock.advance(Duration.ofMillis(4999));
    assertTrue(clock.isParked("first-waiter"), "still waiting before its time is up");
    clock.advance(Duration.ofMillis(1));
    first.join();
    assertFalse(timedOut.get(), "no room when the time is up");

    AtomicReference<Boolean> room = new AtomicReference<>();
    Thread second = waiter("second-waiter", () -> room.set(progress.awaitRoom(2, Duration.ofSeconds(10))));
    clock.untilWithoutTime("the second waiter waiting", () -> clock.isParked("second-waiter"));
    progress.done(Rows.id(1), null);
    second.join();
    assertTrue(room.get(), "room as soon as a row is done, with no time passing");
  }

  private interface Wait {
    void run() throws InterruptedException;
  }

  private static Thread waiter(String name, Wait wait) {
    Thread thread = new Thread(() -> {
      try {
        wait.run();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }, name);
    thread.start();
    return thread;
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
