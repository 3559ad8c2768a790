package ai.molecule.sandbox;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

/**
 * The sandbox's state as one JSON file, rewritten atomically (temp file, then rename) shortly
 * after a change. Changes that come in a burst are written once. The file holds tokens, so it is
 * readable by its owner only.
 */
final class StateFile implements AutoCloseable {

  static final String NAME = "sandbox-state.json";

  /** How long a change waits for others to join it before the file is written. */
  private static final long COALESCE_MILLIS = 100;
  private static final System.Logger LOG = System.getLogger(StateFile.class.getName());

  private final Path file;
  private final Path temp;
  private final Supplier<Snapshot> source;
  private final ScheduledExecutorService writer = Executors.newSingleThreadScheduledExecutor(runnable -> {
    Thread thread = new Thread(runnable, "sandbox-state-writer");
    thread.setDaemon(true);
    return thread;
  });
  private final AtomicBoolean scheduled = new AtomicBoolean();
  private volatile boolean armed;

  StateFile(Path directory, Supplier<Snapshot> source) {
    this.file = directory.resolve(NAME);
    this.temp = directory.resolve(NAME + ".tmp");
    this.source = source;
  }

  Optional<Snapshot> read() throws IOException {
    if (!Files.exists(file)) {
      return Optional.empty();
    }
    try {
      return Optional.of(Json.GSON.fromJson(Files.readString(file, StandardCharsets.UTF_8), Snapshot.class));
    } catch (RuntimeException e) {
      throw new IOException("the sandbox state file " + file + " cannot be read (" + e.getMessage()
          + "); move it away to start afresh", e);
    }
  }

  /** From now on changes are written; until then the state is still being put together. */
  void arm() {
    armed = true;
    changed();
  }

  /** Something changed: write the file soon. */
  void changed() {
    if (armed && scheduled.compareAndSet(false, true)) {
      writer.schedule(this::writeQuietly, COALESCE_MILLIS, TimeUnit.MILLISECONDS);
    }
  }

  /** Writes the state now. */
  synchronized void write() throws IOException {
    scheduled.set(false); // a change from here on schedules another write
    String json = Json.GSON.toJson(source.get());
    Files.createDirectories(file.getParent());
    Files.deleteIfExists(temp);
    Files.createFile(temp, ownerOnly());
    Files.writeString(temp, json, StandardCharsets.UTF_8);
    Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
  }

  /** Stops the background writer and writes the last state. */
  @Override
  public void close() throws IOException {
    writer.shutdown();
    try {
      writer.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (armed) {
      write();
    }
  }

  private void writeQuietly() {
    try {
      write();
    } catch (IOException | UncheckedIOException e) {
      LOG.log(System.Logger.Level.WARNING, "sandbox: cannot write " + file + ": " + e.getMessage());
    }
  }

  private static FileAttribute<?>[] ownerOnly() {
    if (!FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
      return new FileAttribute<?>[0];
    }
    return new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"))};
  }
}
