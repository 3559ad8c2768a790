package ai.molecule.sandbox;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/** A test's HTTP client for the sandbox: the JDK client, a base URL and headers to send. */
final class Http {

  private static final HttpClient CLIENT = HttpClient.newBuilder()
      .version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(5))
      .build();

  /** One answer. */
  record Answer(int status, String body, HttpHeaders headers) {
    JsonObject json() {
      return JsonParser.parseString(body).getAsJsonObject();
    }

    JsonArray array() {
      return JsonParser.parseString(body).getAsJsonArray();
    }

    String error() {
      return json().get("error").getAsString();
    }
  }

  private final URI base;
  private final Map<String, String> headers;

  private Http(URI base, Map<String, String> headers) {
    this.base = base;
    this.headers = headers;
  }

  /** Requests to {@code base}, with the Origin header the platform client always sends. */
  static Http to(URI base) {
    return new Http(base, Map.of("Origin", base.toString()));
  }

  /** Requests to the operator side: no Origin, as a same-origin GET or a command-line client sends. */
  static Http operator(URI base) {
    return new Http(base, Map.of());
  }

  Http token(String token) {
    return header("Authorization", "Bearer " + token);
  }

  Http header(String name, String value) {
    Map<String, String> more = new LinkedHashMap<>(headers);
    if (value == null) {
      more.remove(name);
    } else {
      more.put(name, value);
    }
    return new Http(base, more);
  }

  Answer get(String path) {
    return send(builder(path).GET());
  }

  Answer post(String path, JsonElement body) {
    return post(path, body.toString());
  }

  Answer post(String path, String body) {
    return send(builder(path).header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)));
  }

  /** The shared client, for a test that needs another body handler. */
  static HttpClient client() {
    return CLIENT;
  }

  /** Sends and returns the answer; an I/O failure (a dropped connection) is thrown as is. */
  HttpResponse<String> exchange(HttpRequest.Builder request) throws IOException, InterruptedException {
    return CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  HttpRequest.Builder builder(String path) {
    HttpRequest.Builder builder = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(20));
    headers.forEach(builder::header);
    return builder;
  }

  private Answer send(HttpRequest.Builder request) {
    try {
      HttpResponse<String> response = exchange(request);
      return new Answer(response.statusCode(), response.body(), response.headers());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
