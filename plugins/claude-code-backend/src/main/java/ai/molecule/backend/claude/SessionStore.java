package ai.molecule.backend.claude;

import ai.molecule.wire.BoundedLru;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Which Claude session continues which conversation, kept in a file so a restart resumes them: the
 * session of the conversation's last successful turn, with the session's cumulative cost then (the
 * next turn's cost is what its run adds to it).
 *
 * <p>The file is rewritten whole on each change, atomically (a temporary file, then a rename), and
 * readable by its owner only. It holds at most {@code limit} conversations; the one used longest ago
 * is dropped first. A file that cannot be read is taken as empty and replaced at the next change:
 * a lost mapping costs a conversation its history, never a reply. Safe for concurrent use.
 */
final class SessionStore {

  static final String FILE_NAME = "claude-sessions.json";
  static final int LIMIT = 1000;

  private final Path file;
  /**
   * A Claude session as a conversation's last successful turn left it.
   *
   * @param id the session id, to resume
   * @param cost the session's cumulative {@code total_cost_usd} then; zero when not known
   */
  record Session(String id, BigDecimal cost) {}

  /** Oldest use first. */
  private final BoundedLru<String, Session> sessions;

  private SessionStore(Path file, int limit) {
    this.file = file;
    this.sessions = new BoundedLru<>(limit);
  }

  /** The store in {@code directory}, with what an earlier run left there. */
  static SessionStore open(Path directory, int limit) {
    SessionStore store = new SessionStore(directory.resolve(FILE_NAME), limit);
    store.load();
    return store;
  }

  synchronized Optional<Session> session(String conversation) {
    return Optional.ofNullable(sessions.get(conversation));
  }

  /** Records that {@code conversation} continues in {@code session}, and saves. */
  synchronized void remember(String conversation, Session session) throws IOException {
    sessions.put(conversation, session); // the newest now; the oldest beyond the limit is forgotten
    save();
  }

  /** Forgets the conversation's session (Claude no longer has it), and saves. */
  synchronized void forget(String conversation) throws IOException {
    if (sessions.remove(conversation) != null) {
      save();
    }
  }

  private void load() {
    if (!Files.isRegularFile(file)) {
      return;
    }
    try {
      JsonArray entries = JsonParser.parseString(Files.readString(file, StandardCharsets.UTF_8))
          .getAsJsonObject().getAsJsonArray("sessions");
      Map<String, Session> read = new LinkedHashMap<>();
      for (JsonElement element : entries) {
        JsonObject entry = element.getAsJsonObject();
        // A file from before costs were kept has none: its sessions count from zero.
        BigDecimal cost = entry.has("cost") ? new BigDecimal(entry.get("cost").getAsString()) : BigDecimal.ZERO;
        read.put(entry.get("conversation").getAsString(), new Session(entry.get("session").getAsString(), cost));
      }
      read.forEach(sessions::put);
    } catch (IOException | RuntimeException e) {
      sessions.clear(); // unreadable: start afresh (see the class comment)
    }
  }

  private void save() throws IOException {
    JsonArray entries = new JsonArray();
    sessions.entries().forEach(saved -> {
      JsonObject entry = new JsonObject();
      entry.addProperty("conversation", saved.getKey());
      entry.addProperty("session", saved.getValue().id());
      entry.addProperty("cost", saved.getValue().cost().toPlainString()); // as text: every digit kept
      entries.add(entry);
    });
    JsonObject root = new JsonObject();
    root.add("sessions", entries);
    // createTempFile makes the file owner-only (0600) on POSIX file systems.
    Path temporary = Files.createTempFile(file.getParent(), FILE_NAME, ".tmp");
    try {
      Files.writeString(temporary, root.toString(), StandardCharsets.UTF_8);
      Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } finally {
      Files.deleteIfExists(temporary);
    }
  }
}
