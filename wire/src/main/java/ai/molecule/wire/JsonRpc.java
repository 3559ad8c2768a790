package ai.molecule.wire;

import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import java.util.Objects;
import java.util.Optional;

/**
 * The JSON-RPC 2.0 envelope of A2A: the {@code message/send} request, and the two answers, a
 * {@code result} and an {@code error}.
 */
public final class JsonRpc {

  public static final String VERSION = "2.0";
  public static final String MESSAGE_SEND = "message/send";
  public static final String MESSAGE_STREAM = "message/stream";

  /** JSON-RPC's own error codes. */
  public static final int PARSE_ERROR = -32700;
  public static final int INVALID_REQUEST = -32600;
  public static final int METHOD_NOT_FOUND = -32601;
  public static final int INVALID_PARAMS = -32602;
  public static final int INTERNAL_ERROR = -32603;
  /** The first of the server-error codes JSON-RPC leaves to implementations: an agent's backend failed. */
  public static final int SERVER_ERROR = -32000;

  private JsonRpc() {}

  /**
   * {@code {"jsonrpc":"2.0","id":…,"method":"message/send","params":{"message":…}}}.
   *
   * @param id the request's id: keep it on every retry of the same request
   */
  public static JsonObject messageSend(String id, A2aMessage message) {
    return messageSend(id, message, null);
  }

  /**
   * The {@code message/send} request, with request-level {@code params.metadata} (the canvas puts
   * its user there).
   *
   * @param paramsMetadata {@code params.metadata}, or {@code null} for none
   */
  public static JsonObject messageSend(String id, A2aMessage message, JsonObject paramsMetadata) {
    JsonObject params = new JsonObject();
    params.add("message", message.toJson());
    if (paramsMetadata != null) {
      params.add("metadata", paramsMetadata);
    }
    JsonObject request = new JsonObject();
    request.addProperty("jsonrpc", VERSION);
    request.addProperty("id", Objects.requireNonNull(id, "id"));
    request.addProperty("method", MESSAGE_SEND);
    request.add("params", params);
    return request;
  }

  /**
   * {@code params.message} of a request; also a bare {@code message} (a body without {@code params},
   * from old writers); {@code null} when there is none.
   */
  public static JsonObject messageOf(JsonObject request) {
    JsonObject params = JsonFields.object(request, "params");
    return params == null ? JsonFields.object(request, "message") : JsonFields.object(params, "message");
  }

  /** The request's {@code method}, or {@code null}. */
  public static String methodOf(JsonObject request) {
    return JsonFields.string(request, "method");
  }

  /** The request's {@code id}, to echo in its answer: JSON null when it has none. */
  public static JsonElement idOf(JsonObject request) {
    JsonElement id = request == null ? null : request.get("id");
    return id == null || !(id.isJsonPrimitive() || id.isJsonNull()) ? JsonNull.INSTANCE : id;
  }

  /** {@code {"jsonrpc":"2.0","id":…,"result":…}}; see {@link Answers#message} for the result itself. */
  public static JsonObject result(JsonElement id, JsonObject result) {
    JsonObject response = envelope(id);
    response.add("result", Objects.requireNonNull(result, "result"));
    return response;
  }

  /** {@code {"jsonrpc":"2.0","id":…,"error":{"code":…,"message":…}}}. */
  public static JsonObject error(JsonElement id, int code, String message) {
    return error(id, code, message, null);
  }

  /** {@code {"jsonrpc":"2.0","id":…,"error":{"code":…,"message":…,"data":…}}}; {@code data} {@code null} for none. */
  public static JsonObject error(JsonElement id, int code, String message, JsonObject data) {
    JsonObject error = new JsonObject();
    error.addProperty("code", code);
    error.addProperty("message", Objects.requireNonNull(message, "message"));
    if (data != null) {
      error.add("data", data);
    }
    JsonObject response = envelope(id);
    response.add("error", error);
    return response;
  }

  /**
   * The reason of an answer's {@code error}, when it has one that is not null: its {@code message}
   * (else its {@code code}), or the error itself when it is a string (the platform's {@code
   * {"error":"agent returned empty response body"}}) or anything else.
   */
  public static Optional<String> errorOf(JsonObject response) {
    JsonElement error = response == null ? null : response.get("error");
    if (error == null || error.isJsonNull()) {
      return Optional.empty();
    }
    String reason = error.isJsonObject() ? JsonFields.firstString(error.getAsJsonObject(), "message", "code")
        : error.isJsonPrimitive() ? error.getAsString() : null;
    return Optional.of(reason == null ? error.toString() : reason);
  }

  /** An answer's {@code result} object, or {@code null}. */
  public static JsonObject resultOf(JsonObject response) {
    return JsonFields.object(response, "result");
  }

  private static JsonObject envelope(JsonElement id) {
    JsonObject response = new JsonObject();
    response.addProperty("jsonrpc", VERSION);
    response.add("id", id == null ? JsonNull.INSTANCE : id);
    return response;
  }

  /** A string id as JSON, for {@link #result} and {@link #error}. */
  public static JsonElement id(String id) {
    return id == null ? JsonNull.INSTANCE : new JsonPrimitive(id);
  }
}
