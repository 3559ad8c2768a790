package ai.molecule.sandbox;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a handler answers. {@link #hangUp()} is no answer at all: the connection is closed, as a
 * proxy does when the platform behind it dies.
 *
 * @param status the HTTP status
 * @param contentType the body's type, or {@code null} for an empty body
 * @param body the body bytes
 * @param headers extra headers
 * @param drop whether to close the connection without answering
 */
record Response(int status, String contentType, byte[] body, Map<String, String> headers, boolean drop) {

  static final String JSON = "application/json; charset=utf-8";

  static Response json(int status, JsonElement json) {
    return new Response(status, JSON, json.toString().getBytes(StandardCharsets.UTF_8), Map.of(), false);
  }

  static Response ok(JsonElement json) {
    return json(200, json);
  }

  /** {@code {"error": message}}: every refusal says why. */
  static Response error(int status, String message) {
    return json(status, Json.of("error", message));
  }

  /** A status with an empty body, as hosted platforms answer without their org header. */
  static Response empty(int status) {
    return new Response(status, null, new byte[0], Map.of(), false);
  }

  static Response bytes(String contentType, byte[] body) {
    return new Response(200, contentType, body, Map.of(), false);
  }

  static Response hangUp() {
    return new Response(0, null, new byte[0], Map.of(), true);
  }

  static JsonObject status(String value) {
    return Json.of("status", value);
  }

  Response withHeader(String name, String value) {
    Map<String, String> more = new LinkedHashMap<>(headers);
    more.put(name, value);
    return new Response(status, contentType, body, Map.copyOf(more), drop);
  }
}
