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
import java.util.Optional;
import java.util.Set;
import org.tinylog.Logger;

/**
 * The cursor file, {@code <state-dir>/<workspace-id>.json}. Written atomically (a temp file beside
 * it, flushed to disk, then renamed over it), so a crash leaves the old state or the new one, never
 * half of either; readable by the owner only, since it says what the workspace was told.
 */
final class StateStore {

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
      Path probe = AtomicFiles.createOwnerOnlyTempFile(directory, ".probe-");
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

  /**
   * The saved state, checked field by field: a field that is wrong (a cursor that is not a UUID, a
   * count that is not a number) is dropped with one warning and a copy of the file is kept aside;
   * the valid fields are kept, since losing the handled ids invites answering twice. A file that is
   * not JSON at all is moved aside and a fresh state begins.
   */
  CursorState load() {
    if (!Files.exists(file)) {
      return new CursorState(null, List.of(), capacity);
    }
    JsonObject json;
    try {
      JsonElement parsed = JsonParser.parseString(Files.readString(file, StandardCharsets.UTF_8));
      if (!parsed.isJsonObject()) {
        throw new IllegalStateException("not a JSON object");
      }
      json = parsed.getAsJsonObject();
    } catch (IOException | RuntimeException e) {
      Path aside = keepAside("corrupt");
      Logger.warn("the state file {} was unreadable ({}); {} and starting from the recent messages", file,
          e.getMessage(), aside == null ? "it will be replaced" : "moved it to " + aside);
      if (aside != null) {
        try {
          Files.deleteIfExists(file);
        } catch (IOException ignored) {
          Logger.debug("could not delete {}", file);
        }
      }
      return new CursorState(null, List.of(), capacity);
    }
    List<String> problems = new ArrayList<>();
    String cursor = null;
    JsonElement cursorField = json.get("cursor");
    if (cursorField != null && !cursorField.isJsonNull()) {
      if (isString(cursorField) && UUID_SHAPE.matcher(cursorField.getAsString()).matches()) {
        cursor = cursorField.getAsString();
      } else {
        problems.add("cursor " + cursorField + " is not a row id");
      }
    }
    List<String> handled = strings(json, "handled", problems);
    List<String> uploads = strings(json, "own_uploads", problems);
    long passed = number(json, "passed_seq", problems);
    long acked = number(json, "acked_seq", problems);
    MonthlySpend.Saved spend = spend(json.get("spend"), problems);
    List<KeptAnswer> answers = keptAnswers(json, problems);
    if (!problems.isEmpty()) {
      Path aside = keepAside("invalid");
      Logger.warn("the state file {} had fields that were wrong ({}); dropped them and kept the rest{}", file,
          String.join("; ", problems), aside == null ? "" : " (the file as it was is in " + aside + ")");
    }
    return new CursorState(cursor, handled, capacity, passed, acked, uploads, spend, answers);
  }

  /** {@code peer_answers}: each {@code {"peer_id": …, "result": {…}}}, the result carrying its message id. */
  private static List<KeptAnswer> keptAnswers(JsonObject json, List<String> problems) {
    List<KeptAnswer> answers = new ArrayList<>();
    JsonElement field = json.get(PEER_ANSWERS);
    if (field == null || field.isJsonNull()) {
      return answers;
    }
    if (!field.isJsonArray()) {
      problems.add(PEER_ANSWERS + " is not a list");
      return answers;
    }
    int wrong = 0;
    for (JsonElement element : field.getAsJsonArray()) {
      JsonObject entry = element.isJsonObject() ? element.getAsJsonObject() : null;
      JsonElement peer = entry == null ? null : entry.get("peer_id");
      JsonElement result = entry == null ? null : entry.get("result");
      Optional<KeptAnswer> answer = peer != null && isString(peer) && result != null && result.isJsonObject()
          ? KeptAnswer.of(peer.getAsString(), result.getAsJsonObject()) : Optional.empty();
      answer.ifPresent(answers::add);
      if (answer.isEmpty()) {
        wrong++;
      }
    }
    if (wrong > 0) {
      problems.add(wrong + " entries of " + PEER_ANSWERS + " are not a peer's answer");
    }
    return answers;
  }

  private static final String PEER_ANSWERS = "peer_answers";

  private static final java.util.regex.Pattern UUID_SHAPE =
      java.util.regex.Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

  private static boolean isString(JsonElement element) {
    return element.isJsonPrimitive() && element.getAsJsonPrimitive().isString();
  }

  private static List<String> strings(JsonObject json, String name, List<String> problems) {
    List<String> values = new ArrayList<>();
    JsonElement field = json.get(name);
    if (field == null || field.isJsonNull()) {
      return values;
    }
    if (!field.isJsonArray()) {
      problems.add(name + " is not a list");
      return values;
    }
    int wrong = 0;
    for (JsonElement element : field.getAsJsonArray()) {
      if (isString(element) && !element.getAsString().isBlank()) {
        values.add(element.getAsString());
      } else {
        wrong++;
      }
    }
    if (wrong > 0) {
      problems.add(wrong + " entries of " + name + " are not ids");
    }
    return values;
  }

  private static long number(JsonObject json, String name, List<String> problems) {
    JsonElement field = json.get(name);
    if (field == null || field.isJsonNull()) {
      return -1;
    }
    try {
      if (field.isJsonPrimitive() && field.getAsJsonPrimitive().isNumber()) {
        long value = new java.math.BigDecimal(field.getAsString()).longValueExact();
        if (value >= 0) {
          return value;
        }
      }
    } catch (ArithmeticException | NumberFormatException notAnInteger) {
      // reported below
    }
    problems.add(name + " " + field + " is not a whole number");
    return -1;
  }

  private static MonthlySpend.Saved spend(JsonElement field, List<String> problems) {
    if (field == null || field.isJsonNull()) {
      return null;
    }
    try {
      JsonObject spend = field.getAsJsonObject();
      java.math.BigDecimal dollars = new java.math.BigDecimal(spend.get("dollars").getAsString());
      if (dollars.signum() < 0) {
        throw new NumberFormatException("negative");
      }
      return new MonthlySpend.Saved(java.time.YearMonth.parse(spend.get("month").getAsString()), dollars);
    } catch (RuntimeException e) {
      problems.add("spend " + field + " is not a month and an amount");
      return null;
    }
  }

  /** A copy of the file as it is, beside it; {@code null} when it could not be made. */
  private Path keepAside(String why) {
    Path aside = file.resolveSibling(file.getFileName() + "." + why + "-" + Instant.now().toEpochMilli());
    try {
      Files.copy(file, aside);
      return aside;
    } catch (IOException e) {
      Logger.debug("could not keep a copy of {}: {}", file, e.getMessage());
      return null;
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
    if (state.passedSeq() >= 0) {
      json.addProperty("passed_seq", state.passedSeq());
    }
    if (state.ackedSeq() >= 0) {
      json.addProperty("acked_seq", state.ackedSeq());
    }
    JsonArray uploads = new JsonArray();
    state.ownUploadIds().forEach(uploads::add);
    json.add("own_uploads", uploads);
    if (state.spend() != null) {
      JsonObject spend = new JsonObject();
      spend.addProperty("month", state.spend().month().toString());
      spend.addProperty("dollars", state.spend().dollars().toPlainString());
      json.add("spend", spend);
    }
    if (!state.keptAnswers().isEmpty()) {
      JsonArray answers = new JsonArray();
      for (KeptAnswer answer : state.keptAnswers()) {
        JsonObject entry = new JsonObject();
        entry.addProperty("peer_id", answer.peerId());
        entry.add("result", answer.result());
        answers.add(entry);
      }
      json.add(PEER_ANSWERS, answers);
    }
    json.addProperty("saved_at", Instant.now().toString());
    AtomicFiles.writeOwnerOnly(file, json.toString().getBytes(StandardCharsets.UTF_8));
  }

  private static void createDirectory(Path directory) throws IOException {
    AtomicFiles.createOwnerOnlyDirectories(directory);
  }
}
