package ai.molecule.sandbox;

import java.util.Objects;

/**
 * A file a human attaches on the canvas ({@link SandboxPlatform#sendAsHuman(String, String, UploadFile...)}).
 *
 * @param name the file name as the user's browser sends it
 * @param mimeType its type, such as {@code image/png}
 * @param content the bytes
 */
public record UploadFile(String name, String mimeType, byte[] content) {

  public UploadFile {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(content, "content");
    mimeType = mimeType == null || mimeType.isBlank() ? "application/octet-stream" : mimeType;
    content = content.clone();
  }

  @Override
  public byte[] content() {
    return content.clone();
  }
}
