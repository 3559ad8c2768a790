package ai.molecule.sandbox;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Staged files and their bytes, in memory: readable for 24 hours after upload, and about an hour
 * after the first acknowledgement, by their own workspace only. Thread-safe.
 */
final class UploadStore {

  static final Duration EXPIRY = Duration.ofHours(24);
  static final Duration AFTER_ACK = Duration.ofHours(1);
  static final String SCHEME = "platform-pending:";

  private record Entry(StagedFile file, byte[] content) {}

  private final Map<String, Entry> byId = new LinkedHashMap<>();
  private final Clock clock;

  UploadStore(Clock clock) {
    this.clock = clock;
  }

  static String uri(String workspaceId, String fileId) {
    return SCHEME + workspaceId + "/" + fileId;
  }

  synchronized StagedFile stage(String workspaceId, String name, String mimeType, byte[] content) {
    StagedFile file = new StagedFile(Tokens.newId(), workspaceId, name, mimeType, content.length, clock.instant(),
        null, 0);
    byId.put(file.fileId(), new Entry(file, content.clone()));
    return file;
  }

  /** The file and its bytes while {@code workspaceId} may read it; empty when unknown, expired or another's. */
  synchronized Optional<byte[]> content(String workspaceId, String fileId) {
    return readable(workspaceId, fileId).map(entry -> entry.content().clone());
  }

  synchronized Optional<StagedFile> file(String workspaceId, String fileId) {
    return readable(workspaceId, fileId).map(Entry::file);
  }

  /** Records an acknowledgement (repeatable); empty when the file is not readable by the workspace. */
  synchronized Optional<StagedFile> ack(String workspaceId, String fileId) {
    return readable(workspaceId, fileId).map(entry -> {
      StagedFile f = entry.file();
      Instant first = f.firstAckedAt() == null ? clock.instant() : f.firstAckedAt();
      StagedFile acked = new StagedFile(f.fileId(), f.workspaceId(), f.name(), f.mimeType(), f.size(),
          f.uploadedAt(), first, f.acks() + 1);
      byId.put(fileId, new Entry(acked, entry.content()));
      return acked;
    });
  }

  /** The file by id whatever its age: what the operator asks about. */
  synchronized Optional<StagedFile> find(String fileId) {
    return Optional.ofNullable(byId.get(fileId)).map(Entry::file);
  }

  /** The bytes behind a {@code platform-pending:} URI while still readable; empty for any other URI. */
  synchronized Optional<byte[]> contentOf(String uri) {
    if (uri == null || !uri.startsWith(SCHEME)) {
      return Optional.empty();
    }
    String rest = uri.substring(SCHEME.length());
    int slash = rest.indexOf('/');
    return slash < 0 ? Optional.empty() : content(rest.substring(0, slash), rest.substring(slash + 1));
  }

  synchronized List<StagedFile> of(String workspaceId) {
    return byId.values().stream().map(Entry::file).filter(f -> f.workspaceId().equals(workspaceId)).toList();
  }

  private Optional<Entry> readable(String workspaceId, String fileId) {
    Entry entry = byId.get(fileId);
    if (entry == null || !entry.file().workspaceId().equals(workspaceId)) {
      return Optional.empty();
    }
    Instant now = clock.instant();
    StagedFile f = entry.file();
    boolean expired = !now.isBefore(f.uploadedAt().plus(EXPIRY))
        || (f.firstAckedAt() != null && !now.isBefore(f.firstAckedAt().plus(AFTER_ACK)));
    return expired ? Optional.empty() : Optional.of(entry);
  }
}
