package ai.molecule.host.platform;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.google.gson.Strictness;
import com.google.gson.stream.JsonReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.tinylog.Logger;

/**
 * Reads an activity page as a stream, one row at a time, so that no single row can spoil the page.
 *
 * <p>The page is scanned without recursion: a row nested thousands of levels deep, a row too large
 * to hold, or a row that is not JSON still yields its top-level fields (id, seq, sender, method),
 * so the engine can refuse it by id and move the cursor past it. Only a row that parses within the
 * limits has its bodies read. A page is cut short (never split in a row) once it holds more than
 * the page budget: the rows after it come with the next poll.
 *
 * <p>Tolerant by design: unknown fields are skipped; a wrapped page such as {@code
 * {"activities":[...]}} is read; an {@code {"error": ...}} object instead of a page is a failure.
 */
final class ActivityFeedParser {

  /** Nesting beyond this is refused per row: no A2A message needs it, and parsers choke on it. */
  static final int MAX_DEPTH = 64;

  /** What a page held: its rows, and whether it was cut short by the page budget. */
  record Page(List<ActivityRow> rows, boolean cut) {}

  /** A page that is an error object rather than rows. */
  static final class ErrorPage extends IOException {
    private static final long serialVersionUID = 1L;

    ErrorPage(String message) {
      super(message);
    }
  }

  private final Reader in;
  private final long rowLimit;
  private final long pageBudget;
  private final char[] buffer = new char[8192];
  private int position;
  private int limit;
  private long pageChars;

  private ActivityFeedParser(Reader in, long rowLimit, long pageBudget) {
    this.in = in;
    this.rowLimit = rowLimit;
    this.pageBudget = pageBudget;
  }

  /**
   * Reads one page.
   *
   * @param rowLimit the most characters of one row kept to parse; a longer row keeps only its
   *     top-level fields and is marked too large
   * @param pageBudget the most characters of rows kept for one page; past it the page is cut after
   *     the row that crossed it
   */
  static Page parse(InputStream body, long rowLimit, long pageBudget) throws IOException {
    ActivityFeedParser parser = new ActivityFeedParser(
        new InputStreamReader(body, StandardCharsets.UTF_8), rowLimit, pageBudget);
    return parser.page();
  }

  private Page page() throws IOException {
    int c = nextNonSpace();
    List<ActivityRow> rows = new ArrayList<>();
    if (c == '[') {
      return new Page(rows, readRows(rows));
    }
    if (c != '{') {
      throw new IOException("the activity page is not a JSON array");
    }
    // An object: the first array value inside holds the rows; an "error" string is a failure.
    String error = null;
    while (true) {
      c = nextNonSpace();
      if (c == '}') {
        break;
      }
      if (c == ',') {
        continue;
      }
      if (c != '"') {
        throw new IOException("the activity page is not JSON");
      }
      String key = readString(null);
      expect(':');
      c = nextNonSpace();
      if (c == '[') {
        return new Page(rows, readRows(rows));
      }
      if (c == '"' && "error".equals(key)) {
        error = readString(null);
      } else {
        skipValue(c, null);
      }
    }
    if (error != null) {
      throw new ErrorPage("the platform answered with an error instead of a page: " + error);
    }
    return new Page(rows, false);
  }

  /** Reads rows up to the array's end; true when the page budget cut it short. */
  private boolean readRows(List<ActivityRow> rows) throws IOException {
    int index = 0;
    while (true) {
      int c = nextNonSpace();
      if (c == ']') {
        return false;
      }
      if (c == ',') {
        continue;
      }
      if (c != '{') {
        skipValue(c, null);
        index++;
        continue;
      }
      ActivityRow row = readRow(index++);
      if (row != null) {
        rows.add(row);
      }
      if (pageChars > pageBudget) {
        return true;
      }
    }
  }

  /** One row, its opening brace already read. */
  private ActivityRow readRow(int index) throws IOException {
    StringBuilder text = new StringBuilder("{");
    Map<String, String> scalars = new HashMap<>();
    boolean tooLarge = false;
    boolean tooDeep = false;
    int depth = 1;
    String key = null;
    boolean expectKey = true;
    while (depth > 0) {
      int c = next();
      if (c < 0) {
        throw new IOException("the activity page ends inside a row");
      }
      StringBuilder keep = tooLarge ? null : text;
      if (c == '"') {
        String value = readString(keep);
        if (depth == 1 && expectKey) {
          key = value;
        } else if (depth == 1 && key != null) {
          scalars.put(key, value);
          key = null;
        }
      } else {
        if (keep != null) {
          keep.append((char) c);
        }
        switch (c) {
          case '{', '[' -> {
            depth++;
            tooDeep |= depth > MAX_DEPTH;
            key = depth == 2 ? null : key;
          }
          case '}', ']' -> depth--;
          case ':' -> expectKey = false;
          case ',' -> expectKey = depth == 1 || expectKey;
          default -> {
            if (depth == 1 && key != null && !Character.isWhitespace(c)) {
              StringBuilder literal = new StringBuilder().append((char) c);
              int d;
              while ((d = peek()) >= 0 && ",}] \t\r\n".indexOf(d) < 0) {
                literal.append((char) next());
              }
              if (keep != null) {
                keep.append(literal, 1, literal.length());
              }
              String value = literal.toString();
              if (!"null".equals(value)) {
                scalars.put(key, value);
              }
              key = null;
            }
          }
        }
        if (c == ',' && depth == 1) {
          expectKey = true;
        }
      }
      if (!tooLarge && text.length() > rowLimit) {
        tooLarge = true;
        text.setLength(0);
      }
    }
    pageChars += tooLarge ? rowLimit : text.length();
    String id = scalars.get("id");
    if (id == null || id.isBlank()) {
      Logger.warn("skipping activity row {} of the page: it has no id (seq {}, method {})", index,
          scalars.getOrDefault("seq", "unknown"), scalars.getOrDefault("method", "unknown"));
      return null;
    }
    String problem = tooLarge ? "the message is larger than this host accepts"
        : tooDeep ? "the message is nested more than " + MAX_DEPTH + " levels deep" : null;
    JsonObject parsed = problem == null ? parseRow(text.toString()) : null;
    if (problem == null && parsed == null) {
      problem = "the row is not valid JSON";
    }
    return ActivityRow.from(scalars, parsed, problem);
  }

  private static JsonObject parseRow(String text) {
    try {
      JsonReader reader = new JsonReader(new StringReader(text));
      reader.setStrictness(Strictness.LEGACY_STRICT);
      JsonElement element = JsonParser.parseReader(reader);
      return element.isJsonObject() ? element.getAsJsonObject() : null;
    } catch (RuntimeException e) {
      return null;
    }
  }

  /** Skips a value that starts with {@code c}, by counting brackets: no depth limit, no recursion. */
  private void skipValue(int c, StringBuilder keep) throws IOException {
    if (c == '"') {
      readString(keep);
      return;
    }
    if (c != '{' && c != '[') {
      int d;
      while ((d = peek()) >= 0 && ",}] \t\r\n".indexOf(d) < 0) {
        next();
      }
      return;
    }
    int depth = 1;
    while (depth > 0) {
      int d = next();
      if (d < 0) {
        throw new IOException("the activity page ends inside a value");
      }
      if (d == '"') {
        readString(keep);
      } else if (d == '{' || d == '[') {
        depth++;
      } else if (d == '}' || d == ']') {
        depth--;
      }
    }
  }

  /** Reads a string whose opening quote was read; its raw text (quotes included) goes to {@code keep}. */
  private String readString(StringBuilder keep) throws IOException {
    StringBuilder raw = new StringBuilder();
    while (true) {
      int c = next();
      if (c < 0) {
        throw new IOException("the activity page ends inside a string");
      }
      if (c == '"') {
        break;
      }
      raw.append((char) c);
      if (c == '\\') {
        int escaped = next();
        if (escaped < 0) {
          throw new IOException("the activity page ends inside a string");
        }
        raw.append((char) escaped);
      }
    }
    if (keep != null) {
      keep.append('"').append(raw).append('"');
    }
    return unescape(raw);
  }

  private static String unescape(CharSequence raw) {
    if (raw.chars().noneMatch(ch -> ch == '\\')) {
      return raw.toString();
    }
    try {
      return JsonParser.parseString("\"" + raw + "\"").getAsString();
    } catch (RuntimeException e) {
      return raw.toString();
    }
  }

  private void expect(char wanted) throws IOException {
    if (nextNonSpace() != wanted) {
      throw new IOException("the activity page is not JSON");
    }
  }

  private int nextNonSpace() throws IOException {
    int c;
    do {
      c = next();
    } while (c >= 0 && Character.isWhitespace(c));
    if (c < 0) {
      throw new IOException("the activity page ends early");
    }
    return c;
  }

  private int peek() throws IOException {
    if (position == limit && !fill()) {
      return -1;
    }
    return buffer[position];
  }

  private int next() throws IOException {
    if (position == limit && !fill()) {
      return -1;
    }
    return buffer[position++];
  }

  private boolean fill() throws IOException {
    limit = in.read(buffer, 0, buffer.length);
    position = 0;
    if (limit <= 0) {
      limit = 0;
      return false;
    }
    return true;
  }

  static Instant instant(String text) {
    if (text == null) {
      return null;
    }
    try {
      return Instant.parse(text);
    } catch (DateTimeParseException e) {
      try {
        return java.time.OffsetDateTime.parse(text).toInstant();
      } catch (DateTimeParseException again) {
        return null;
      }
    }
  }
}
