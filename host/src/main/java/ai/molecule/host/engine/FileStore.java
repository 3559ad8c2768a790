package ai.molecule.host.engine;

import ai.molecule.host.AtomicFiles;
import ai.molecule.host.platform.Platform;
import ai.molecule.host.platform.PlatformException;
import ai.molecule.spi.Part;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Files that cross the platform, kept owner-only under the backend's data directory: inbound uploads
 * from the canvas are fetched into {@code uploads/} and handed to the backend as local files; a
 * reply may attach files from this directory only, which are uploaded for the canvas. Uploads are
 * never deleted by molecule (the backend may still read them); clean {@code uploads/} as you would a
 * download folder.
 *
 * <p>In push mode the platform sees this directory as the workspace's {@code /workspace/}: the canvas'
 * uploads are streamed into {@code .molecule/chat-uploads/}, and {@code /workspace/...} paths are read
 * from here, never from anywhere else (symbolic links leading out included).
 */
public final class FileStore {

  private static final Pattern UNSAFE = Pattern.compile("[^A-Za-z0-9._-]");
  private static final Pattern UUID_SHAPE =
      Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

  private final Path root;
  private final Path uploads;
  private final String workspaceId;
  private final long maxBytes;

  /** What the platform calls this directory in push mode. */
  public static final String WORKSPACE = "/workspace/";
  private static final String CHAT_UPLOADS = ".molecule/chat-uploads";

  public FileStore(Path root, String workspaceId, long maxBytes) {
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

  /**
   * The file a push-mode path names: {@code /workspace/...} maps onto this directory; any other path,
   * one that climbs out ({@code ..}), one that leads out through a symbolic link, or one that is no
   * regular file, is empty.
   */
  public Optional<Path> workspaceFile(String absolutePath) {
    if (absolutePath == null || !absolutePath.startsWith(WORKSPACE)) {
      return Optional.empty();
    }
    String relative = absolutePath.substring(WORKSPACE.length());
    for (String segment : relative.split("/")) {
      if (segment.equals("..")) {
        return Optional.empty();
      }
    }
    try {
      Path base = root.toRealPath();
      Path file = root.resolve(relative).normalize();
      if (!file.startsWith(root)) {
        return Optional.empty();
      }
      Path real = file.toRealPath();
      return real.startsWith(base) && Files.isRegularFile(real) ? Optional.of(real) : Optional.empty();
    } catch (IOException | java.nio.file.InvalidPathException missing) {
      return Optional.empty();
    }
  }

  /**
   * Streams an upload from the canvas (push mode) into {@code .molecule/chat-uploads/}, owner-only,
   * at most {@link #maxBytes} bytes, and returns it as the platform names it ({@code workspace:} URI).
   *
   * @throws TooLarge when the stream holds more than the limit (nothing is kept)
   */
  public Part.File ingest(String name, String mimeType, InputStream content) throws IOException {
    Path directory = root.resolve(CHAT_UPLOADS);
    AtomicFiles.createOwnerOnlyDirectories(directory);
    String stored = UUID.randomUUID().toString().substring(0, 8) + "-" + safeName(name.isEmpty() ? "upload" : name);
    Path temp = AtomicFiles.createOwnerOnlyTempFile(directory, ".ingest-");
    try {
      long size = 0;
      try (OutputStream out = Files.newOutputStream(temp)) {
        byte[] buffer = new byte[64 * 1024];
        for (int n; (n = content.read(buffer)) >= 0; ) {
          size += n;
          if (size > maxBytes) {
            throw new TooLarge(maxBytes);
          }
          out.write(buffer, 0, n);
        }
      }
      AtomicFiles.moveIntoPlace(temp, directory.resolve(stored));
      return new Part.File(name, mimeType, "workspace:" + WORKSPACE + CHAT_UPLOADS + "/" + stored, size);
    } finally {
      Files.deleteIfExists(temp);
    }
  }

  /** An upload over the limit. */
  public static final class TooLarge extends IOException {
    private static final long serialVersionUID = 1L;

    TooLarge(long limit) {
      super("the file is larger than " + limit + " bytes, the most molecule accepts");
    }
  }

  /**
   * An inbound part that names a file of this store the way the platform does ({@code
   * workspace:/workspace/...}, {@code file:///workspace/...}, {@code /workspace/...}), as a local
   * file for the backend; other parts as they are.
   */
  public Part local(Part part) {
    if (!(part instanceof Part.File file)) {
      return part;
    }
    String uri = file.uri();
    String path = uri.startsWith("workspace:") ? uri.substring("workspace:".length())
        : uri.startsWith("file://") ? uri.substring("file://".length()) : uri;
    return workspaceFile(path).<Part>map(local -> {
      try {
        return new Part.File(file.name(), file.mimeType(), local.toUri().toString(), Files.size(local));
      } catch (IOException e) {
        return file;
      }
    }).orElse(part);
  }

  /** A reply's local file inside this store, as the platform names it ({@code workspace:/workspace/...}). */
  public Optional<Part.File> asWorkspaceFile(Part.File part) {
    return ownFile(part).map(path -> new Part.File(part.name().isEmpty() ? path.getFileName().toString() : part.name(),
        part.mimeType(), "workspace:" + WORKSPACE + root.relativize(path).toString().replace('\\', '/'),
        path.toFile().length()));
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
