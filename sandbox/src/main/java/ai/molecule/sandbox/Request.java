package ai.molecule.sandbox;

import com.google.gson.JsonObject;
import com.sun.net.httpserver.Headers;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * One HTTP request, read in full (within the body limit) before it is routed.
 *
 * @param method the HTTP method
 * @param path the decoded path
 * @param query the query parameters (the first value of each)
 * @param headers the request headers
 * @param body the body bytes, empty for none
 * @param client the client's address, the rate limiter's key
 * @param params the path parameters the route matched, such as {@code id}
 */
record Request(
    String method,
    String path,
    Map<String, String> query,
    Headers headers,
    byte[] body,
    String client,
    Map<String, String> params) {

  Request withParams(Map<String, String> matched) {
    return new Request(method, path, query, headers, body, client, Map.copyOf(matched));
  }

  String header(String name) {
    return headers.getFirst(name);
  }

  String param(String name) {
    return params.get(name);
  }

  /** A query parameter, or {@code null} when absent or empty. */
  String query(String name) {
    String value = query.get(name);
    return value == null || value.isEmpty() ? null : value;
  }

  JsonObject json() {
    return Json.body(body);
  }

  static Map<String, String> parseQuery(String rawQuery) {
    Map<String, String> query = new HashMap<>();
    if (rawQuery == null || rawQuery.isEmpty()) {
      return query;
    }
    for (String pair : rawQuery.split("&")) {
      int eq = pair.indexOf('=');
      String name = decode(eq < 0 ? pair : pair.substring(0, eq));
      String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
      query.putIfAbsent(name, value);
    }
    return query;
  }

  static String decode(String text) {
    try {
      return URLDecoder.decode(text, StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw HttpError.badRequest("malformed percent-encoding in the URL");
    }
  }
}
