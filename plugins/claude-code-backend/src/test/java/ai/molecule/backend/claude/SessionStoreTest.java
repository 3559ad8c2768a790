package ai.molecule.backend.claude;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SessionStoreTest {

  @TempDir Path data;

  @Test
  void keepsTheMostRecentlyUsedConversationsAcrossARestart() throws Exception {
    SessionStore store = SessionStore.open(data, 3);
    store.remember("a", "s-a");
    store.remember("b", "s-b");
    store.remember("c", "s-c");
    store.remember("a", "s-a2"); // a is now the newest; b the oldest
    store.remember("d", "s-d");

    SessionStore reopened = SessionStore.open(data, 3);
    assertEquals(Optional.empty(), reopened.session("b"));
    assertEquals(Optional.of("s-a2"), reopened.session("a"));
    assertEquals(Optional.of("s-c"), reopened.session("c"));
    assertEquals(Optional.of("s-d"), reopened.session("d"));
  }

  @Test
  void theFileIsWrittenWholeAndReadableByItsOwnerOnly() throws Exception {
    SessionStore store = SessionStore.open(data, 3);
    store.remember("a", "s-a");
    store.forget("a");
    store.remember("b", "s-b");
    Path file = data.resolve(SessionStore.FILE_NAME);
    assertEquals("{\"sessions\":[{\"conversation\":\"b\",\"session\":\"s-b\"}]}", Files.readString(file));
    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
    try (Stream<Path> files = Files.list(data)) {
      assertEquals(List.of(file), files.toList(), "no temporary file is left behind");
    }
  }

  @Test
  void anUnreadableFileCountsAsEmptyAndIsReplaced() throws Exception {
    Files.writeString(data.resolve(SessionStore.FILE_NAME), "{\"sessions\":[{\"conv");
    SessionStore store = SessionStore.open(data, 3);
    assertEquals(Optional.empty(), store.session("conv"));
    store.remember("a", "s-a");
    assertEquals(Optional.of("s-a"), SessionStore.open(data, 3).session("a"));
  }
}
