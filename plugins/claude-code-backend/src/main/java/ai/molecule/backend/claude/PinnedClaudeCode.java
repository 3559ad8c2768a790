package ai.molecule.backend.claude;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The Claude Code version this backend is built and tested against, and what that version accepts
 * that {@code claude --help} does not list in full. The version lives in the resource {@code
 * claude-code.version}, which {@code .ci/run} reads to install the same one.
 */
final class PinnedClaudeCode {

  /** The pinned version, e.g. {@code 2.1.328}. */
  static final String VERSION = read("claude-code.version");

  /** {@code --permission-mode} choices of the pinned version; its help leaves out {@code default}. */
  static final List<String> PERMISSION_MODES =
      List.of("default", "acceptEdits", "auto", "bypassPermissions", "manual", "dontAsk", "plan");

  private PinnedClaudeCode() {}

  private static String read(String resource) {
    try (InputStream in = PinnedClaudeCode.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException(resource + " is missing from the plugin jar");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8).strip();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
