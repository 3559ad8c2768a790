package ai.molecule.host.engine;

import ai.molecule.host.AtomicFiles;
import ai.molecule.host.ExitCode;
import ai.molecule.host.MoleculeException;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.tinylog.Logger;

/**
 * The cursor file, {@code <state-dir>/<workspace-id>.json}. Written atomically (a temp file beside
 * it, flushed to disk, then renamed over it), so a crash leaves the old state or the new one, never
 * half of either; readable by the owner only, since it says what the workspace was told.
 */
final class StateStore {

  private static final boolean POSIX =
      FileSystems.getDefault().supportedFileAttributeViews().contains("posix");

  private final Path directory;
  private final Path file;
  private final int capacity;

  StateStore(Path directory, String workspaceId, int capacity) {
    this.directory = directory;
    this.file = directory.resolve(workspaceId + ".json");
    this.capacity = capacity;
  }

  Path file() {
    return file;
  }

  /**
   * Makes sure the state can be written, before any message is taken.
   *
   * @throws MoleculeException when the directory cannot be created or written
   */
  void checkWritable() throws MoleculeException {
    try {
      createDirectory(directory);
      Path probe = Files.createTempFile(directory, ".probe-", ".tmp", ownerOnly(false));
      Files.delete(probe);
    } catch (IOException | SecurityException e) {
      throw new MoleculeException(ExitCode.USAGE, "cannot write the state directory " + directory + " ("
          + e.getMessage() + "); fix its permissions or choose another with --state-dir", e);
    }
  }

  /** The workspace, held by this process until closed. Closing never fails: the OS drops it at exit anyway. */
  static final class Claim implements AutoCloseable {
    private final FileChannel channel;

    private Claim(FileChannel channel) {
      this.channel = channel;
    }

    @Override
    public void close() {
      try {
        channel.close(); // releases the lock with it
      } catch (IOException e) {
        Logger.debug("closing the workspace lock: {}", e.getMessage());
      }
    }
  }

  /**
   * Claims the workspace for this process until the returned lock is closed (or the process ends):
   * two processes serving one workspace would answer every message twice.
   *
   * @throws MoleculeException when another process holds it
   */
  Claim lock() throws MoleculeException {
    Path lockFile = directory.resolve(file.getFileName().toString().replace(".json", ".lock"));
    try {
      FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
      java.nio.channels.FileLock lock;
      try {
        lock = channel.tryLock();
      } catch (java.nio.channels.OverlappingFileLockException heldHere) {
        lock = null;
      }
      if (lock == null) {
        channel.close();
        throw new MoleculeException(ExitCode.USAGE, "workspace " + file.getFileName().toString().replace(".json", "")
            + " is already served by another molecule process (it holds " + lockFile + "); stop that one first");
      }
      return new Claim(channel);
    } catch (IOException e) {
      throw new MoleculeException(ExitCode.USAGE, "cannot lock " + lockFile + " (" + e.getMessage() + ")", e);
    }
  }

  /** The saved state; a fresh one when there is none, or when the file is unreadable (moved aside). */
  CursorState load() {
    if (!Files.exists(file)) {
      return new CursorState(null, List.of(), capacity);
    }
    try {
      JsonObject json = JsonParser.parseString(Files.readString(file, StandardCharsets.UTF_8)).getAsJsonObject();
      JsonElement cursor = json.get("cursor");
      List<String> handled = new ArrayList<>();
      JsonElement ids = json.get("handled");
      if (ids != null && ids.isJsonArray()) {
        ids.getAsJsonArray().forEach(id -> handled.add(id.getAsString()));
      }
      return new CursorState(cursor == null || cursor.isJsonNull() ? null : cursor.getAsString(), handled, capacity);
    } catch (IOException | RuntimeException e) {
      Path aside = file.resolveSibling(file.getFileName() + ".corrupt-" + Instant.now().toEpochMilli());
      try {
        Files.move(file, aside);
        Logger.warn("the state file {} was unreadable ({}); moved it to {} and starting from the recent messages",
            file, e.getMessage(), aside);
      } catch (IOException moveFailed) {
        Logger.warn("the state file {} was unreadable ({}) and could not be moved aside ({}); it will be replaced",
            file, e.getMessage(), moveFailed.getMessage());
      }
      return new CursorState(null, List.of(), capacity);
    }
  }

  void save(CursorState state) throws IOException {
    JsonObject json = new JsonObject();
    if (state.cursor() != null) {
      json.addProperty("cursor", state.cursor());
    }
    JsonArray handled = new JsonArray();
    state.handledIds().forEach(handled::add);
    json.add("handled", handled);
    json.addProperty("saved_at", Instant.now().toString());
    byte[] bytes = json.toString().getBytes(StandardCharsets.UTF_8);

    createDirectory(directory);
    Path temp = Files.createTempFile(directory, "." + file.getFileName() + ".", ".tmp", ownerOnly(false));
    try {
      try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE);
          OutputStream out = java.nio.channels.Channels.newOutputStream(channel)) {
        out.write(bytes);
        out.flush();
        channel.force(true);
      }
      AtomicFiles.moveIntoPlace(temp, file);
    } finally {
      Files.deleteIfExists(temp);
    }
  }

  private static void createDirectory(Path directory) throws IOException {
    if (!Files.isDirectory(directory)) {
      Files.createDirectories(directory, ownerOnly(true));
    }
  }

  private static FileAttribute<?>[] ownerOnly(boolean directory) {
    if (!POSIX) {
      return new FileAttribute<?>[0];
    }
    Set<PosixFilePermission> permissions = PosixFilePermissions.fromString(directory ? "rwx------" : "rw-------");
    return new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(permissions)};
  }
}
