package ai.molecule.host.platform;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads an activity page as a stream, so a page is never held twice in memory.
 *
 * <p>Tolerant by design: unknown fields are skipped, a row without an id is dropped (it could never
 * be a cursor), and with {@code skipBodies} request bodies are skipped without being kept, which is
 * how a page holding one huge row is still read in bounded memory.
 */
final class ActivityFeedParser {

  private ActivityFeedParser() {}

  static List<ActivityRow> parse(InputStream in, boolean skipBodies) throws IOException {
    Reader reader = new InputStreamReader(in, StandardCharsets.UTF_8);
    JsonReader json = new JsonReader(reader);
    List<ActivityRow> rows = new ArrayList<>();
    if (json.peek() == JsonToken.BEGIN_OBJECT) {
      // Tolerate a wrapped page such as {"activities":[...]}: take the first array inside.
      json.beginObject();
      while (json.hasNext()) {
        json.nextName();
        if (json.peek() == JsonToken.BEGIN_ARRAY) {
          readArray(json, skipBodies, rows);
        } else {
          json.skipValue();
        }
      }
      json.endObject();
      return rows;
    }
    readArray(json, skipBodies, rows);
    return rows;
  }

  private static void readArray(JsonReader json, boolean skipBodies, List<ActivityRow> rows) throws IOException {
    json.beginArray();
    while (json.hasNext()) {
      if (json.peek() != JsonToken.BEGIN_OBJECT) {
        json.skipValue();
        continue;
      }
      ActivityRow row = readRow(json, skipBodies);
      if (row != null) {
        rows.add(row);
      }
    }
    json.endArray();
  }

  private static ActivityRow readRow(JsonReader json, boolean skipBodies) throws IOException {
    String id = null;
    String sourceId = null;
    String method = null;
    Instant createdAt = null;
    JsonObject body = null;
    String bodyProblem = null;
    json.beginObject();
    while (json.hasNext()) {
      String name = json.nextName();
      if (json.peek() == JsonToken.NULL) {
        json.nextNull();
        continue;
      }
      switch (name) {
        case "id" -> id = stringValue(json);
        case "source_id" -> sourceId = stringValue(json);
        case "method" -> method = stringValue(json);
        case "created_at" -> createdAt = instant(stringValue(json));
        case "request_body" -> {
          if (skipBodies) {
            json.skipValue();
            bodyProblem = "the message is larger than this host accepts";
          } else if (json.peek() == JsonToken.BEGIN_OBJECT) {
            body = JsonParser.parseReader(json).getAsJsonObject();
          } else if (json.peek() == JsonToken.STRING) {
            // Some paths store the body as JSON text.
            String text = json.nextString();
            body = objectOrNull(text);
            bodyProblem = body == null ? "the request body is not a JSON object" : null;
          } else {
            json.skipValue();
            bodyProblem = "the request body is not a JSON object";
          }
        }
        default -> json.skipValue();
      }
    }
    json.endObject();
    if (id == null || id.isBlank()) {
      return null;
    }
    return new ActivityRow(id, sourceId, method, createdAt, body, bodyProblem);
  }

  private static String stringValue(JsonReader json) throws IOException {
    JsonToken token = json.peek();
    if (token == JsonToken.STRING || token == JsonToken.NUMBER) {
      return json.nextString();
    }
    json.skipValue();
    return null;
  }

  private static Instant instant(String text) {
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

  private static JsonObject objectOrNull(String text) {
    try {
      var element = JsonParser.parseString(text);
      return element.isJsonObject() ? element.getAsJsonObject() : null;
    } catch (RuntimeException e) {
      return null;
    }
  }
}
