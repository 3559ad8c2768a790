package ai.molecule.sandbox;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A {@code multipart/form-data} body, read whole (the body limit bounds it). */
final class Multipart {

  /**
   * One part.
   *
   * @param field its form field name
   * @param fileName the {@code filename} it carries, or {@code null}
   * @param contentType its {@code Content-Type}, or {@code null}
   * @param content its bytes
   */
  record Part(String field, String fileName, String contentType, byte[] content) {}

  private static final Pattern BOUNDARY = Pattern.compile("boundary=(?:\"([^\"]+)\"|([^;\\s]+))");
  private static final Pattern NAME = Pattern.compile("(?i)\\bname=\"([^\"]*)\"");
  private static final Pattern FILE_NAME = Pattern.compile("(?i)\\bfilename=\"([^\"]*)\"");

  private Multipart() {}

  /** The parts of {@code body}; 400 when it is not multipart/form-data with a boundary. */
  static List<Part> parse(String contentType, byte[] body) {
    if (contentType == null || !contentType.toLowerCase(Locale.ROOT).startsWith("multipart/form-data")) {
      throw HttpError.badRequest("expected multipart/form-data with files in the field \"files\"");
    }
    Matcher m = BOUNDARY.matcher(contentType);
    if (!m.find()) {
      throw HttpError.badRequest("the multipart body has no boundary");
    }
    byte[] delimiter = ("--" + (m.group(1) != null ? m.group(1) : m.group(2))).getBytes(StandardCharsets.ISO_8859_1);
    List<Part> parts = new ArrayList<>();
    int at = indexOf(body, delimiter, 0);
    while (at >= 0) {
      int start = at + delimiter.length;
      if (start + 1 < body.length && body[start] == '-' && body[start + 1] == '-') {
        return parts; // the closing delimiter
      }
      start = skipLineEnd(body, start);
      int next = indexOf(body, delimiter, start);
      if (next < 0) {
        break;
      }
      int end = next >= 2 && body[next - 2] == '\r' && body[next - 1] == '\n' ? next - 2 : next;
      parts.add(part(Arrays.copyOfRange(body, start, end)));
      at = next;
    }
    throw HttpError.badRequest("the multipart body ends before its closing boundary");
  }

  private static Part part(byte[] raw) {
    int split = indexOf(raw, "\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1), 0);
    if (split < 0) {
      throw HttpError.badRequest("a multipart part has no header");
    }
    String headers = new String(raw, 0, split, StandardCharsets.UTF_8);
    String field = null;
    String fileName = null;
    String type = null;
    for (String line : headers.split("\r\n")) {
      String lower = line.toLowerCase(Locale.ROOT);
      if (lower.startsWith("content-disposition:")) {
        Matcher name = NAME.matcher(line);
        field = name.find() ? name.group(1) : null;
        Matcher file = FILE_NAME.matcher(line);
        fileName = file.find() ? file.group(1) : null;
      } else if (lower.startsWith("content-type:")) {
        type = line.substring("content-type:".length()).trim();
      }
    }
    return new Part(field, fileName, type, Arrays.copyOfRange(raw, split + 4, raw.length));
  }

  private static int skipLineEnd(byte[] body, int at) {
    if (at + 1 < body.length && body[at] == '\r' && body[at + 1] == '\n') {
      return at + 2;
    }
    return at;
  }

  private static int indexOf(byte[] haystack, byte[] needle, int from) {
    outer:
    for (int i = from; i <= haystack.length - needle.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }
}
