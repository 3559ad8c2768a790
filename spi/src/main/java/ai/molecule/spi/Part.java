package ai.molecule.spi;

import java.net.URI;
import java.nio.file.FileSystemNotFoundException;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * One part of a message or reply, as in A2A: text, a file reference, or structured data.
 *
 * @since 1.0
 */
public sealed interface Part permits Part.Text, Part.File, Part.Data {

  /**
   * Plain text.
   *
   * @param text the text
   * @since 1.0
   */
  record Text(String text) implements Part {
    /**
     * Checks the text.
     *
     * @param text the text, not {@code null}
     * @since 1.0
     */
    public Text {
      Objects.requireNonNull(text, "text");
    }
  }

  /**
   * A file, by reference.
   *
   * @param name the file name
   * @param mimeType the media type, or {@code null}
   * @param uri where the file can be fetched; a {@code file:} URI for a file the host has already
   *     fetched into the backend's data directory (an upload from the canvas)
   * @param size its size in bytes, or {@code -1} when unknown
   * @since 1.0
   */
  record File(String name, String mimeType, String uri, long size) implements Part {
    /**
     * Checks the values.
     *
     * @param name the file name; {@code null} means none
     * @param mimeType the media type, or {@code null}
     * @param uri where the file can be fetched, not {@code null}
     * @param size its size in bytes, or {@code -1}
     * @since 1.0
     */
    public File {
      Objects.requireNonNull(uri, "uri");
      name = name == null ? "" : name;
    }

    /**
     * The file on this machine, when the host has fetched it (a {@code file:} URI).
     *
     * @return the local path, empty for a remote file
     * @since 1.1
     */
    public Optional<Path> localPath() {
      if (!uri.startsWith("file:")) {
        return Optional.empty();
      }
      try {
        return Optional.of(Path.of(URI.create(uri)));
      } catch (IllegalArgumentException | FileSystemNotFoundException notAPath) {
        return Optional.empty();
      }
    }
  }

  /**
   * Structured data, as JSON text (the spi carries no JSON library).
   *
   * @param json the JSON text
   * @since 1.0
   */
  record Data(String json) implements Part {
    /**
     * Checks the text.
     *
     * @param json the JSON text, not {@code null}
     * @since 1.0
     */
    public Data {
      Objects.requireNonNull(json, "json");
    }
  }

  /**
   * A text part.
   *
   * @param text the text
   * @return the part
   * @since 1.0
   */
  static Part text(String text) {
    return new Text(text);
  }
}
