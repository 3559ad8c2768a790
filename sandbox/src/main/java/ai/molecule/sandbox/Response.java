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
 * @param stream an event stream to hand the exchange to, or {@code null} for a plain answer
 */
record Response(
    int status, String contentType, byte[] body, Map<String, String> headers, boolean drop,
    EventHub.Subscription stream) {

  static final String JSON = "application/json; charset=utf-8";

  static Response json(int status, JsonElement json) {
    return new Response(status, JSON, json.toString().getBytes(StandardCharsets.UTF_8), Map.of(), false, null);
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
    return new Response(status, null, new byte[0], Map.of(), false, null);
  }

  /** A JSON body with an error and a machine-readable code, such as {@code TENANT_ORG_HEADER_REQUIRED}. */
  static Response error(int status, String message, String code) {
    JsonObject body = Json.of("error", message);
    body.addProperty("code", code);
    return json(status, body);
  }

  static Response bytes(String contentType, byte[] body) {
    return new Response(200, contentType, body, Map.of(), false, null);
  }

  /** An event stream: the front hands the exchange to the stream writers. */
  static Response stream(EventHub.Subscription subscription) {
    return new Response(200, null, new byte[0], Map.of(), false, subscription);
  }

  static Response hangUp() {
    return new Response(0, null, new byte[0], Map.of(), true, null);
  }

  static JsonObject status(String value) {
    return Json.of("status", value);
  }

  Response withHeader(String name, String value) {
    Map<String, String> more = new LinkedHashMap<>(headers);
    more.put(name, value);
    return new Response(status, contentType, body, Map.copyOf(more), drop, stream);
  }
}
