package ai.molecule.sandbox;

import com.google.gson.FieldNamingPolicy;
import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import com.google.gson.JsonPrimitive;
import com.google.gson.TypeAdapter;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

/**
 * JSON in and out. Request fields are read strictly: a field of the wrong type is a 400 that names
 * it, because a test platform that quietly accepts a malformed body hides client bugs.
 */
final class Json {

  /** The operator API's and the state file's JSON: snake_case names, microsecond UTC times. */
  static final Gson GSON = new GsonBuilder()
      .setFieldNamingPolicy(FieldNamingPolicy.LOWER_CASE_WITH_UNDERSCORES)
      .registerTypeAdapter(Instant.class, new InstantAdapter().nullSafe())
      .disableHtmlEscaping()
      .create();

  private Json() {}

  /** The request body as a JSON object, or a 400 saying what is wrong with it. */
  static JsonObject body(byte[] body) {
    String text = new String(body, StandardCharsets.UTF_8);
    if (text.isBlank()) {
      throw HttpError.badRequest("the request body is empty; send a JSON object");
    }
    JsonElement element;
    try {
      element = JsonParser.parseString(text);
    } catch (JsonParseException e) {
      throw HttpError.badRequest("the request body is not valid JSON");
    }
    if (!element.isJsonObject()) {
      throw HttpError.badRequest("the request body must be a JSON object");
    }
    return element.getAsJsonObject();
  }

  /** A child object, or {@code null} when absent or not an object. */
  /** {@code body} as a JSON object, or {@code null} when it is not one (an agent's answer, say). */
  static JsonObject objectOrNull(byte[] body) {
    try {
      JsonElement json = JsonParser.parseString(new String(body, StandardCharsets.UTF_8));
      return json.isJsonObject() ? json.getAsJsonObject() : null;
    } catch (JsonParseException e) {
      return null;
    }
  }

  static JsonObject object(JsonObject parent, String name) {
    JsonElement element = parent == null ? null : parent.get(name);
    return element != null && element.isJsonObject() ? element.getAsJsonObject() : null;
  }

  /** A string field, or {@code null} when absent or not a string. */
  static String string(JsonObject parent, String name) {
    JsonElement element = parent == null ? null : parent.get(name);
    return element != null && element.isJsonPrimitive() && element.getAsJsonPrimitive().isString()
        ? element.getAsString() : null;
  }

  static String requiredString(JsonObject body, String name) {
    String value = optionalString(body, name, null);
    if (value == null || value.isEmpty()) {
      throw HttpError.badRequest(name + " is required (a non-empty string)");
    }
    return value;
  }

  /** A string field; absent or null gives {@code absent}; any other type is a 400. */
  static String optionalString(JsonObject body, String name, String absent) {
    JsonElement element = body.get(name);
    if (element == null || element.isJsonNull()) {
      return absent;
    }
    if (!element.isJsonPrimitive() || !element.getAsJsonPrimitive().isString()) {
      throw HttpError.badRequest(name + " must be a string");
    }
    return element.getAsString();
  }

  /** A number field; absent or null gives 0; any other type is a 400. */
  static double number(JsonObject body, String name) {
    JsonElement element = body.get(name);
    if (element == null || element.isJsonNull()) {
      return 0;
    }
    if (!element.isJsonPrimitive() || !element.getAsJsonPrimitive().isNumber()) {
      throw HttpError.badRequest(name + " must be a number");
    }
    double value = element.getAsDouble();
    if (Double.isNaN(value) || Double.isInfinite(value)) {
      throw HttpError.badRequest(name + " must be a finite number");
    }
    return value;
  }

  /**
   * A whole-number field as the platform binds it: a JSON integer ({@code 1500}); absent or null
   * gives 0; {@code 1500.0}, {@code 1e3} or {@code "1500"} is a 400.
   */
  static long integer(JsonObject body, String name) {
    JsonElement element = body.get(name);
    if (element == null || element.isJsonNull()) {
      return 0;
    }
    if (!element.isJsonPrimitive() || !element.getAsJsonPrimitive().isNumber()
        || !element.getAsString().matches("-?[0-9]{1,18}")) {
      throw HttpError.badRequest(name + " must be a JSON integer");
    }
    return element.getAsLong();
  }

  /** A boolean field; absent or null gives {@code null}; any other type is a 400. */
  static Boolean optionalBoolean(JsonObject body, String name) {
    JsonElement element = body.get(name);
    if (element == null || element.isJsonNull()) {
      return null;
    }
    if (!element.isJsonPrimitive() || !element.getAsJsonPrimitive().isBoolean()) {
      throw HttpError.badRequest(name + " must be true or false");
    }
    return element.getAsBoolean();
  }

  /** An object field; absent or null gives {@code null}; any other type is a 400. */
  static JsonObject optionalObject(JsonObject body, String name) {
    JsonElement element = body.get(name);
    if (element == null || element.isJsonNull()) {
      return null;
    }
    if (!element.isJsonObject()) {
      throw HttpError.badRequest(name + " must be a JSON object");
    }
    return element.getAsJsonObject();
  }

  static JsonObject of(String name, String value) {
    JsonObject object = new JsonObject();
    object.add(name, new JsonPrimitive(value));
    return object;
  }

  /** Instants as the platform writes created_at; reads any ISO-8601 instant. */
  private static final class InstantAdapter extends TypeAdapter<Instant> {
    @Override
    public void write(JsonWriter out, Instant value) throws IOException {
      out.value(Timestamps.format(value));
    }

    @Override
    public Instant read(JsonReader in) throws IOException {
      return Instant.parse(in.nextString());
    }
  }
}
