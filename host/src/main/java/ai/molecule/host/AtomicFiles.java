package ai.molecule.host;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * Files written in one step and readable by their owner only: readers see the old file or the new
 * one, never half, and no other user reads what the workspace was told. The one place that writes
 * state, tokens and stored uploads.
 */
public final class AtomicFiles {

  private static final boolean POSIX = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");

  private AtomicFiles() {}

  /** Renames {@code temp} (in the same directory) over {@code target}. */
  public static void moveIntoPlace(Path temp, Path target) throws IOException {
    try {
      Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
    }
  }

  /**
   * Writes {@code bytes} to {@code target} atomically and durably (a temp file beside it, flushed to
   * disk, then renamed over it), owner-only; creates the directory owner-only when missing.
   */
  public static void writeOwnerOnly(Path target, byte[] bytes) throws IOException {
    Path directory = target.toAbsolutePath().getParent();
    createOwnerOnlyDirectories(directory);
    Path temp = Files.createTempFile(directory, "." + target.getFileName() + ".", ".tmp", ownerOnly(false));
    try {
      try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE);
          OutputStream out = java.nio.channels.Channels.newOutputStream(channel)) {
        out.write(bytes);
        out.flush();
        channel.force(true);
      }
      moveIntoPlace(temp, target);
    } finally {
      Files.deleteIfExists(temp);
    }
  }

  /** Creates the directory and any missing parents, readable by the owner only. */
  public static void createOwnerOnlyDirectories(Path directory) throws IOException {
    if (!Files.isDirectory(directory)) {
      Files.createDirectories(directory, ownerOnly(true));
    }
  }

  /** An empty owner-only file in {@code directory}, for a caller that writes it and then moves it into place. */
  public static Path createOwnerOnlyTempFile(Path directory, String prefix) throws IOException {
    createOwnerOnlyDirectories(directory);
    return Files.createTempFile(directory, prefix, ".tmp", ownerOnly(false));
  }

  private static FileAttribute<?>[] ownerOnly(boolean directory) {
    if (!POSIX) {
      return new FileAttribute<?>[0];
    }
    return new FileAttribute<?>[] {
        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString(directory ? "rwx------" : "rw-------"))};
  }
}
