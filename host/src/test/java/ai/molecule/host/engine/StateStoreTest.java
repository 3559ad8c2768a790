package ai.molecule.host.engine;

import ai.molecule.host.testing.Rows;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.molecule.host.ExitCode;
import ai.molecule.host.MoleculeException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StateStoreTest {

  @TempDir Path dir;

  @Test
  void savesAtomicallyForTheOwnerOnlyAndReadsBack() throws Exception {
    Path stateDir = dir.resolve("state");
    StateStore store = new StateStore(stateDir, "ws", 100);
    CursorState state = store.load();
    assertNull(state.cursor());
    state.remember(Rows.id(1), "m1");
    state.moveCursor(Rows.id(1), -1);
    store.save(state);
    state.remember(Rows.id(2), null);
    state.moveCursor(Rows.id(2), -1);
    store.save(state);

    CursorState loaded = new StateStore(stateDir, "ws", 100).load();
    assertEquals(Rows.id(2), loaded.cursor());
    assertTrue(loaded.wasHandled("m1") && loaded.wasHandled(Rows.id(1)) && loaded.wasHandled(Rows.id(2)));
    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(store.file())));
    assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(stateDir)));
    try (Stream<Path> files = Files.list(stateDir)) {
      assertEquals(List.of(store.file()), files.toList(), "no temp file left behind");
    }
  }

  @Test
  void theHandledMemoryIsBoundedOldestFirst() {
    CursorState state = new CursorState(null, List.of(), 3);
    for (String id : new String[] {"a", "b", "c", "d"}) {
      state.remember(id, null);
    }
    assertEquals(List.of("b", "c", "d"), state.handledIds());
  }

  @Test
  void aCorruptStateFileIsMovedAsideAndTheEngineStartsFresh() throws Exception {
    StateStore store = new StateStore(dir, "ws", 100);
    Files.writeString(store.file(), "{\"cursor\": \"r1\", \"handled\": [");
    CursorState state = store.load();
    assertNull(state.cursor());
    assertFalse(Files.exists(store.file()));
    try (Stream<Path> files = Files.list(dir)) {
      assertTrue(files.anyMatch(f -> f.getFileName().toString().startsWith("ws.json.corrupt-")));
    }
  }

  @Test
  void aPeersKeptAnswerIsSavedWithItsPeerAndReadBackAndAWrongEntryIsDroppedAlone() throws Exception {
    StateStore store = new StateStore(dir, "ws", 100);
    CursorState state = store.load();
    com.google.gson.JsonObject result = com.google.gson.JsonParser.parseString(
        "{\"kind\":\"message\",\"messageId\":\"a-1\",\"role\":\"agent\",\"parts\":[{\"kind\":\"text\",\"text\":\"thanks\"}]}")
        .getAsJsonObject();
    state.keepAnswer(new KeptAnswer("peer-1", "a-1", result));
    store.save(state);

    List<KeptAnswer> kept = new StateStore(dir, "ws", 100).load().keptAnswers();
    assertEquals(List.of(new KeptAnswer("peer-1", "a-1", result)), kept);

    String text = Files.readString(store.file()).replace("\"peer_answers\":[", "\"peer_answers\":[{\"peer_id\":7},");
    Files.writeString(store.file(), text);
    CursorState reloaded = new StateStore(dir, "ws", 100).load();
    assertEquals(List.of("a-1"), reloaded.keptAnswers().stream().map(KeptAnswer::messageId).toList(),
        "the wrong entry is dropped, the good one kept");
    reloaded.forgetAnswer("a-1");
    store.save(reloaded);
    assertFalse(Files.readString(store.file()).contains("peer_answers"), "nothing kept once handled");
  }

  @Test
  void anUnwritableStateDirectoryIsAClearErrorAtStartUp() throws Exception {
    Path file = dir.resolve("a-file");
    Files.writeString(file, "x");
    var e = assertThrows(MoleculeException.class, () -> new StateStore(file.resolve("state"), "ws", 10).checkWritable());
    assertEquals(ExitCode.USAGE, e.exitCode());
    assertTrue(e.getMessage().contains("--state-dir"), e.getMessage());
  }
}
