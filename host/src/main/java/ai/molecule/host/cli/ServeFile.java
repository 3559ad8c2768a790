package ai.molecule.host.cli;

import ai.molecule.host.ExitCode;
import ai.molecule.host.MoleculeException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * The file {@code molecule serve} reads: a properties file. Plain keys at the top are defaults
 * for every workspace; {@code workspace.NAME.KEY} sets one workspace's. The keys are those of the
 * config file ({@link Settings}), plus {@code id} (the workspace id), and backend options as
 * {@code backend.BACKEND.OPTION}; {@code plugins_dir} and {@code max_turns} are the process's own.
 * Read line by line, so that every error names its line; a continued line (a trailing backslash)
 * is refused rather than guessed at.
 */
final class ServeFile {

  /** Keys of the process, not of a workspace. */
  static final Set<String> PROCESS_KEYS = Set.of("plugins_dir", "max_turns", "status_addr", "log_format");
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_-]+");
  private static final Pattern BACKEND_OPTION = Pattern.compile("backend\\.[A-Za-z0-9_.-]+\\.[A-Za-z0-9_-]+");

  /** One {@code key = value} line. */
  record Line(int number, String key, String value) {}

  /** One workspace's own lines, by key; {@code first} is the line it starts on. */
  record Workspace(String name, int first, Map<String, Line> keys) {}

  private final Path path;
  private final Map<String, Line> defaults;
  private final Map<String, Workspace> workspaces;

  private ServeFile(Path path, Map<String, Line> defaults, Map<String, Workspace> workspaces) {
    this.path = path;
    this.defaults = defaults;
    this.workspaces = workspaces;
  }

  Path path() {
    return path;
  }

  /** The plain keys at the top (defaults and the process's keys). */
  Map<String, Line> defaults() {
    return defaults;
  }

  /** Every workspace, in the file's order. */
  List<Workspace> workspaces() {
    return List.copyOf(workspaces.values());
  }

  /** An error that names the file and line: what {@code serve --check} prints, and what a reload refuses with. */
  MoleculeException error(int line, String reason) {
    return error(path, line, reason);
  }

  static MoleculeException error(Path path, int line, String reason) {
    return new MoleculeException(ExitCode.USAGE, path + (line > 0 ? ":" + line : "") + ": " + reason);
  }

  /** Reads the file: the syntax and the names of keys; what the values mean is checked by {@link ServePlans}. */
  static ServeFile read(Path path) throws MoleculeException {
    List<String> lines;
    try {
      lines = Files.readAllLines(path, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw error(path, 0, "cannot read it (" + e.getMessage() + ")");
    }
    Map<String, Line> defaults = new LinkedHashMap<>();
    Map<String, Workspace> workspaces = new LinkedHashMap<>();
    for (int i = 0; i < lines.size(); i++) {
      int number = i + 1;
      String text = lines.get(i).strip();
      if (text.isEmpty() || text.startsWith("#") || text.startsWith("!")) {
        continue;
      }
      if (text.endsWith("\\")) {
        throw error(path, number, "a line continued with a backslash; write the value on one line");
      }
      int eq = separator(text);
      if (eq < 0) {
        throw error(path, number, "expected KEY = VALUE, found '" + text + "'");
      }
      String key = text.substring(0, eq).strip();
      String value = text.substring(eq + 1).strip();
      if (key.isEmpty()) {
        throw error(path, number, "a value without a key");
      }
      Line line = new Line(number, key, value);
      if (key.startsWith("workspace.")) {
        String rest = key.substring("workspace.".length());
        int dot = rest.indexOf('.');
        String name = dot < 0 ? rest : rest.substring(0, dot);
        if (dot < 0 || !NAME.matcher(name).matches()) {
          throw error(path, number, "'" + key + "': a workspace's key is workspace.NAME.KEY, NAME of letters, digits,"
              + " '-' and '_'");
        }
        String own = rest.substring(dot + 1);
        checkKey(path, number, own, false);
        Workspace workspace = workspaces.computeIfAbsent(name, unused -> new Workspace(name, number,
            new LinkedHashMap<>()));
        Line before = workspace.keys().put(own, new Line(number, own, value));
        if (before != null) {
          throw error(path, number, "'" + key + "' is set twice (line " + before.number() + " too)");
        }
      } else {
        checkKey(path, number, key, true);
        Line before = defaults.put(key, line);
        if (before != null) {
          throw error(path, number, "'" + key + "' is set twice (line " + before.number() + " too)");
        }
      }
    }
    if (workspaces.isEmpty()) {
      throw error(path, 0, "no workspace in it; add workspace.NAME.id and workspace.NAME.token_file");
    }
    return new ServeFile(path, defaults, workspaces);
  }

  /** The first unescaped {@code =} or {@code :}, as in a properties file. */
  private static int separator(String text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '=' || c == ':') {
        return i;
      }
    }
    return -1;
  }

  private static void checkKey(Path path, int number, String key, boolean top) throws MoleculeException {
    if (BACKEND_OPTION.matcher(key).matches()) {
      return;
    }
    if (PROCESS_KEYS.contains(key)) {
      if (top) {
        return;
      }
      throw error(path, number, "'" + key + "' is the process's, not a workspace's: set it at the top, without"
          + " workspace.NAME.");
    }
    if (key.equals("id") && !top) {
      return;
    }
    Set<String> known = new TreeSet<>(Settings.configKeys());
    if (known.contains(key)) {
      return;
    }
    Set<String> candidates = new TreeSet<>(known);
    candidates.addAll(PROCESS_KEYS);
    if (!top) {
      candidates.add("id");
    }
    String hint = Suggestions.closest(key, candidates).map(near -> "; did you mean '" + near + "'?")
        .orElse("; known keys: " + String.join(", ", candidates) + ", backend.BACKEND.OPTION");
    throw error(path, number, "unknown key '" + key + "'" + hint);
  }

  /** A workspace's keys with the defaults filled in, each with the line it came from. */
  static Map<String, Line> merged(ServeFile file, Workspace workspace) {
    Map<String, Line> all = new LinkedHashMap<>();
    file.defaults().forEach((key, line) -> {
      if (!PROCESS_KEYS.contains(key)) {
        all.put(key, line);
      }
    });
    all.putAll(workspace.keys());
    return all;
  }
}
