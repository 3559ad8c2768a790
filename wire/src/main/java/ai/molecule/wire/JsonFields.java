package ai.molecule.wire;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;

/** Tolerant reads of JSON a platform or a peer wrote: a missing or mistyped field is {@code null}. */
public final class JsonFields {

  private JsonFields() {}

  /** An object field; {@code null} when absent or not an object (or when {@code parent} is {@code null}). */
  public static JsonObject object(JsonObject parent, String name) {
    JsonElement element = parent == null ? null : parent.get(name);
    return element != null && element.isJsonObject() ? element.getAsJsonObject() : null;
  }

  /** An array field; {@code null} when absent or not an array. */
  public static JsonArray array(JsonObject parent, String name) {
    JsonElement element = parent == null ? null : parent.get(name);
    return element != null && element.isJsonArray() ? element.getAsJsonArray() : null;
  }

  /** A string or number field as text; {@code null} when absent, null, or of another type. */
  public static String string(JsonObject parent, String name) {
    JsonElement element = parent == null ? null : parent.get(name);
    return element != null && element.isJsonPrimitive() ? element.getAsString() : null;
  }

  /** The first of these fields that is a non-empty string. */
  public static String firstString(JsonObject parent, String... names) {
    for (String name : names) {
      String value = string(parent, name);
      if (value != null && !value.isEmpty()) {
        return value;
      }
    }
    return null;
  }

  /** An integer field; {@code fallback} when absent or not an integer. */
  public static long integer(JsonObject parent, String name, long fallback) {
    String text = string(parent, name);
    if (text == null) {
      return fallback;
    }
    try {
      return Long.parseLong(text);
    } catch (NumberFormatException notAnInteger) {
      return fallback;
    }
  }
}
