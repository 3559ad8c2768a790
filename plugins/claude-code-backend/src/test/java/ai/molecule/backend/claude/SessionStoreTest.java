package ai.molecule.backend.claude;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.molecule.backend.claude.SessionStore.Session;
import java.math.BigDecimal;
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
    store.remember("a", new Session("s-a", BigDecimal.ZERO));
    store.remember("b", new Session("s-b", BigDecimal.ZERO));
    store.remember("c", new Session("s-c", BigDecimal.ZERO));
    store.remember("a", new Session("s-a2", BigDecimal.ZERO)); // a is now the newest; b the oldest
    store.remember("d", new Session("s-d", BigDecimal.ZERO));

    SessionStore reopened = SessionStore.open(data, 3);
    assertEquals(Optional.empty(), reopened.session("b"));
    assertEquals(Optional.of("s-a2"), reopened.session("a").map(Session::id));
    assertEquals(Optional.of("s-c"), reopened.session("c").map(Session::id));
    assertEquals(Optional.of("s-d"), reopened.session("d").map(Session::id));
  }

  @Test
  void theFileIsWrittenWholeAndReadableByItsOwnerOnly() throws Exception {
    SessionStore store = SessionStore.open(data, 3);
    store.remember("a", new Session("s-a", BigDecimal.ZERO));
    store.forget("a");
    store.remember("b", new Session("s-b", BigDecimal.ZERO));
    Path file = data.resolve(SessionStore.FILE_NAME);
    assertEquals("{\"sessions\":[{\"conversation\":\"b\",\"session\":\"s-b\",\"cost\":\"0\"}]}",
        Files.readString(file));
    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
    try (Stream<Path> files = Files.list(data)) {
      assertEquals(List.of(file), files.toList(), "no temporary file is left behind");
    }
  }

  @Test
  void theCumulativeCostIsKeptExactlyAndAFileWithoutCostsCountsFromZero() throws Exception {
    SessionStore.open(data, 3).remember("a", new Session("s-a", new BigDecimal("0.012300000000000002")));
    assertEquals(Optional.of(new Session("s-a", new BigDecimal("0.012300000000000002"))),
        SessionStore.open(data, 3).session("a"));
    Files.writeString(data.resolve(SessionStore.FILE_NAME),
        "{\"sessions\":[{\"conversation\":\"b\",\"session\":\"s-b\"}]}");
    assertEquals(Optional.of(new Session("s-b", BigDecimal.ZERO)), SessionStore.open(data, 3).session("b"));
  }

  @Test
  void anUnreadableFileCountsAsEmptyAndIsReplaced() throws Exception {
    Files.writeString(data.resolve(SessionStore.FILE_NAME), "{\"sessions\":[{\"conv");
    SessionStore store = SessionStore.open(data, 3);
    assertEquals(Optional.empty(), store.session("conv"));
    store.remember("a", new Session("s-a", BigDecimal.ZERO));
    assertEquals(Optional.of("s-a"), SessionStore.open(data, 3).session("a").map(Session::id));
  }
}
