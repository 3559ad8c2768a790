package ai.molecule.backend.claude;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * A stand-in for the Claude Code CLI: a sh script named {@code claude} in a directory of its own
 * (put it first on the PATH), which records each call (arguments, stdin, working directory,
 * {@code MOLECULE_*} variables) and then does what the test asked, by default answering with a
 * {@code result} event as {@code claude -p --output-format stream-json} ends with. The start-up
 * checks ({@code --version}, {@code auth status}) are answered as a logged-in Claude Code would,
 * and not recorded.
 */
public final class FakeClaude {

  /** Answers {@code answer N} in a new session {@code session-N}, N counting the calls from 1. */
  public static final String ANSWER = "printf '{\"type\":\"result\",\"subtype\":\"success\",\"is_error\":false,"
      + "\"result\":\"answer %s\",\"session_id\":\"session-%s\",\"total_cost_usd\":0.01,\"duration_ms\":12,"
      + "\"num_turns\":1}\\n' \"$n\" \"$n\"";

  /** Starts a grandchild and waits for good, leaving both pids in the calls directory. */
  public static final String HANG = "sleep 300 & echo $! > \"$calls/grandchild.pid\"; echo $$ > \"$calls/child.pid\";"
      + " echo 'thinking hard' >&2; sleep 300";

  private final Path bin;
  private final Path calls;

  private FakeClaude(Path bin, Path calls) {
    this.bin = bin;
    this.calls = calls;
  }

  /** Installs a fake that {@linkplain #ANSWER answers}. */
  public static FakeClaude install(Path directory) {
    return install(directory, ANSWER);
  }

  /**
   * Installs a fake under {@code directory} that, after recording the call, runs {@code behaviour}:
   * sh commands that may use {@code $n} (the call's number) and {@code $calls} (the calls directory).
   */
  public static FakeClaude install(Path directory, String behaviour) {
    try {
      Path bin = Files.createDirectories(directory.resolve("bin"));
      Path calls = Files.createDirectories(directory.resolve("calls"));
      Path script = bin.resolve("claude");
      Files.writeString(script, String.join("\n",
          "#!/bin/sh",
          "# A stand-in for Claude Code, written by a test.",
          "case \"$1\" in",
          "  --version) echo '" + PinnedClaudeCode.VERSION + " (Claude Code)'; exit 0;;",
          "  auth) echo '{\"loggedIn\": true, \"authMethod\": \"api_key\"}'; exit 0;;",
          "esac",
          "calls=\"$(dirname \"$0\")/../calls\"",
          "until mkdir \"$calls/lock\" 2>/dev/null; do :; done",
          "n=$(( $(cat \"$calls/count\" 2>/dev/null || echo 0) + 1 ))",
          "echo \"$n\" > \"$calls/count\"",
          "rmdir \"$calls/lock\"",
          "for arg in \"$@\"; do printf '%s\\n' \"$arg\"; done > \"$calls/$n.args\"",
          "pwd > \"$calls/$n.cwd\"",
          "env | grep '^MOLECULE_' > \"$calls/$n.env\"",
          "cat > \"$calls/$n.stdin\"",
          behaviour,
          ""), StandardCharsets.UTF_8);
      Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
      return new FakeClaude(bin, calls);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The directory holding {@code claude}. */
  public Path binDirectory() {
    return bin;
  }

  /** Where the script leaves what it records. */
  public Path callsDirectory() {
    return calls;
  }

  /** {@code path} with the fake's directory in front. */
  public String pathBefore(String path) {
    return bin + (path == null || path.isEmpty() ? "" : File.pathSeparator + path);
  }

  /** This JVM's environment, with the fake first on the PATH. */
  public Map<String, String> environment() {
    Map<String, String> environment = new HashMap<>(System.getenv());
    environment.put("PATH", pathBefore(System.getenv("PATH")));
    return environment;
  }

  /** The calls so far, in order. */
  public List<Call> calls() {
    try (Stream<Path> files = Files.list(calls)) {
      return files.map(f -> f.getFileName().toString())
          .filter(name -> name.endsWith(".stdin"))
          .map(name -> Integer.parseInt(name.substring(0, name.indexOf('.'))))
          .sorted(Comparator.naturalOrder())
          .map(this::call)
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The last call. */
  public Call lastCall() {
    List<Call> all = calls();
    if (all.isEmpty()) {
      throw new AssertionError("claude was never called");
    }
    return all.get(all.size() - 1);
  }

  private Call call(int number) {
    try {
      Map<String, String> environment = new HashMap<>();
      for (String line : Files.readAllLines(calls.resolve(number + ".env"), StandardCharsets.UTF_8)) {
        int equals = line.indexOf('=');
        if (equals > 0) {
          environment.put(line.substring(0, equals), line.substring(equals + 1));
        }
      }
      return new Call(number,
          Files.readAllLines(calls.resolve(number + ".args"), StandardCharsets.UTF_8),
          Files.readString(calls.resolve(number + ".stdin"), StandardCharsets.UTF_8),
          Path.of(Files.readString(calls.resolve(number + ".cwd"), StandardCharsets.UTF_8).trim()),
          Map.copyOf(environment));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * One run of the fake.
   *
   * @param number its place among the calls, from 1
   * @param args its arguments, without the program
   * @param stdin what it read on stdin
   * @param directory its working directory
   * @param moleculeVariables its {@code MOLECULE_*} environment variables
   */
  public record Call(int number, List<String> args, String stdin, Path directory, Map<String, String> moleculeVariables) {

    /** The session it was asked to resume. */
    public Optional<String> resumed() {
      int at = args.indexOf("--resume");
      return at < 0 || at + 1 >= args.size() ? Optional.empty() : Optional.of(args.get(at + 1));
    }
  }
}
