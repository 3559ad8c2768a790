package ai.molecule.spi;

import java.util.Objects;

/** One part of a message or reply, as in A2A: text, a file reference, or structured data. */
public sealed interface Part permits Part.Text, Part.File, Part.Data {

  /** Plain text. */
  record Text(String text) implements Part {
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
   */
  record File(String name, String mimeType, String uri, long size) implements Part {
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
    public java.util.Optional<java.nio.file.Path> localPath() {
      if (!uri.startsWith("file:")) {
        return java.util.Optional.empty();
      }
      try {
        return java.util.Optional.of(java.nio.file.Path.of(java.net.URI.create(uri)));
      } catch (IllegalArgumentException | java.nio.file.FileSystemNotFoundException notAPath) {
        return java.util.Optional.empty();
      }
    }
  }

  /** Structured data, as JSON text (the spi carries no JSON library). */
  record Data(String json) implements Part {
    public Data {
      Objects.requireNonNull(json, "json");
    }
  }

  /** A text part. */
  static Part text(String text) {
    return new Text(text);
  }
}
