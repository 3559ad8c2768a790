package ai.molecule.backend.claude;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import java.util.Optional;

/** Lenient reads of Claude's JSON: a field that is missing or of another type reads as absent. */
final class Json {

  private Json() {}

  static Optional<JsonPrimitive> primitive(JsonObject object, String field) {
    JsonElement value = object.get(field);
    return value != null && value.isJsonPrimitive() ? Optional.of(value.getAsJsonPrimitive()) : Optional.empty();
  }

  /** The field as text, empty when it is absent. */
  static String string(JsonObject object, String field) {
    return primitive(object, field).map(JsonPrimitive::getAsString).orElse("");
  }

  /** The field when it is an object. */
  static Optional<JsonObject> object(JsonObject object, String field) {
    JsonElement value = object.get(field);
    return value != null && value.isJsonObject() ? Optional.of(value.getAsJsonObject()) : Optional.empty();
  }
}
