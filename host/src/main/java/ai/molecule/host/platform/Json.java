package ai.molecule.host.platform;

import ai.molecule.wire.JsonFields;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

/** Tolerant reads of JSON the platform or a peer wrote, as {@link JsonFields} does them: a missing or mistyped field is {@code null}. */
public final class Json {

  private Json() {}

  /** The text as a JSON object, or {@code null} when it is not one. */
  public static JsonObject objectOrNull(String text) {
    if (text == null || text.isBlank()) {
      return null;
    }
    try {
      JsonElement element = JsonParser.parseString(text);
      return element.isJsonObject() ? element.getAsJsonObject() : null;
    } catch (RuntimeException e) {
      return null;
    }
  }

  public static JsonObject object(JsonObject parent, String name) {
    return JsonFields.object(parent, name);
  }

  /** A string or number field as text; {@code null} when absent, null, or of another type. */
  public static String string(JsonObject parent, String name) {
    return JsonFields.string(parent, name);
  }

  /** The first of these fields that is a non-empty string. */
  public static String firstString(JsonObject parent, String... names) {
    return JsonFields.firstString(parent, names);
  }

  /** An integer field; {@code fallback} when absent or not an integer. */
  public static long integer(JsonObject parent, String name, long fallback) {
    return JsonFields.integer(parent, name, fallback);
  }
}
