package ai.molecule.host;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

/**
 * What other local users may do to the files molecule trusts: a plugin jar another user can write
 * is code they run as you, and a token file they can read is your workspace. On a file system
 * without POSIX permissions nothing is reported.
 */
public final class FilePermissions {

  private static final Set<PosixFilePermission> OTHERS_WRITE =
      EnumSet.of(PosixFilePermission.GROUP_WRITE, PosixFilePermission.OTHERS_WRITE);
  private static final Set<PosixFilePermission> OTHERS_READ =
      EnumSet.of(PosixFilePermission.GROUP_READ, PosixFilePermission.OTHERS_READ);

  private FilePermissions() {}

  /** Why other users could change {@code path}, with the fix; empty when they cannot. */
  public static Optional<String> writableByOthers(Path path) {
    return posix(path).filter(p -> p.stream().anyMatch(OTHERS_WRITE::contains))
        .map(p -> "other users can write it (fix: chmod go-w " + path + ")");
  }

  /** Why other users could read {@code path}, with the fix; empty when they cannot. */
  public static Optional<String> readableByOthers(Path path) {
    return posix(path).filter(p -> p.stream().anyMatch(OTHERS_READ::contains))
        .map(p -> "other users can read it (fix: chmod go-rwx " + path + ")");
  }

  /** Creates the directory owner-only, or makes an existing one owner-only. */
  public static void ownerOnlyDirectory(Path directory) throws IOException {
    AtomicFiles.createOwnerOnlyDirectories(directory);
    if (posix(directory).filter(p -> p.stream().anyMatch(x -> OTHERS_READ.contains(x) || OTHERS_WRITE.contains(x)
        || x == PosixFilePermission.GROUP_EXECUTE || x == PosixFilePermission.OTHERS_EXECUTE)).isPresent()) {
      Files.setPosixFilePermissions(directory, EnumSet.of(PosixFilePermission.OWNER_READ,
          PosixFilePermission.OWNER_WRITE, PosixFilePermission.OWNER_EXECUTE));
    }
  }

  private static Optional<Set<PosixFilePermission>> posix(Path path) {
    try {
      return Optional.of(Files.getPosixFilePermissions(path));
    } catch (UnsupportedOperationException | IOException e) {
      return Optional.empty();
    }
  }
}
