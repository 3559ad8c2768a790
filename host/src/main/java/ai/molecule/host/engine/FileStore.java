package ai.molecule.host.engine;

import ai.molecule.host.AtomicFiles;
import ai.molecule.host.platform.Platform;
import ai.molecule.host.platform.PlatformException;
import ai.molecule.spi.Part;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Files that cross the platform, kept owner-only under the backend's data directory: inbound uploads
 * from the canvas are fetched into {@code uploads/} and handed to the backend as local files; a
 * reply may attach files from this directory only, which are uploaded for the canvas. Uploads are
 * never deleted by molecule (the backend may still read them); clean {@code uploads/} as you would a
 * download folder.
 */
final class FileStore {

  private static final Pattern UNSAFE = Pattern.compile("[^A-Za-z0-9._-]");
  private static final Pattern UUID_SHAPE =
      Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

  private final Path root;
  private final Path uploads;
  private final String workspaceId;
  private final long maxBytes;

  FileStore(Path root, String workspaceId, long maxBytes) {
    this.root = root.toAbsolutePath().normalize();
    this.uploads = this.root.resolve("uploads");
    this.workspaceId = workspaceId;
    this.maxBytes = maxBytes;
  }

  /** The file id of a {@code platform-pending:} URI staged for this workspace, if it is one. */
  Optional<String> pendingId(String uri) {
    String prefix = "platform-pending:" + workspaceId + "/";
    if (uri == null || !uri.startsWith(prefix)) {
      return Optional.empty();
    }
    String id = uri.substring(prefix.length());
    return UUID_SHAPE.matcher(id).matches() ? Optional.of(id) : Optional.empty();
  }

  /**
   * Fetches a staged upload, stores it under a safe name, acknowledges it, and returns the part as a
   * local file. A file fetched before (a re-delivered message) is not fetched again.
   */
  Part.File fetch(Platform client, String fileId, Part.File part) throws PlatformException, IOException {
    String name = safeName(part.name().isEmpty() ? "upload" : part.name());
    Path target = uploads.resolve(fileId.toLowerCase(java.util.Locale.ROOT) + "-" + name);
    String mime = part.mimeType();
    if (!Files.exists(target)) {
      AtomicFiles.createOwnerOnlyDirectories(uploads);
      Path temp = AtomicFiles.createOwnerOnlyTempFile(uploads, ".fetch-");
      try {
        mime = client.readUpload(fileId, temp, maxBytes).filter(m -> part.mimeType() == null).orElse(mime);
        AtomicFiles.moveIntoPlace(temp, target);
      } finally {
        Files.deleteIfExists(temp);
      }
    }
    client.ackUpload(fileId);
    return new Part.File(part.name().isEmpty() ? name : part.name(), mime, target.toUri().toString(), Files.size(target));
  }

  /** The local file a reply's part names, when it lies inside this store; else empty. */
  Optional<Path> ownFile(Part.File part) {
    return part.localPath().map(p -> p.toAbsolutePath().normalize())
        .filter(p -> p.startsWith(root) && Files.isRegularFile(p));
  }

  /** As the platform sanitises names: {@code [^A-Za-z0-9._-]} becomes {@code _}, at most 100 characters. */
  static String safeName(String name) {
    String safe = UNSAFE.matcher(name).replaceAll("_");
    if (safe.startsWith(".")) {
      safe = "_" + safe.substring(1);
    }
    return safe.length() <= 100 ? safe : safe.substring(safe.length() - 100);
  }
}
