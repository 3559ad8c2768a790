package ai.molecule.backend.claude;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The stand-in answers as the tests rely on, without the CLI: both shapes, the probe, failures on demand. */
class AnthropicStandInTest {

  private static final String BODY = "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"one\"},"
      + "{\"role\":\"assistant\",\"content\":\"turn 1: one\"},"
      + "{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":\"two\"}]}]%s}";

  private final HttpClient http = HttpClient.newHttpClient();

  private HttpResponse<String> post(AnthropicStandIn api, String extra) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create(api.baseUrl() + "/v1/messages?beta=true"))
        .POST(HttpRequest.BodyPublishers.ofString(String.format(BODY, extra))).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void answersWholeOrStreamedAndFailsOnDemand() throws Exception {
    try (AnthropicStandIn api = AnthropicStandIn.start()) {
      assertEquals(200, http.send(HttpRequest.newBuilder(URI.create(api.baseUrl() + "/api/hello"))
          .method("HEAD", HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.discarding())
          .statusCode());
      JsonObject whole = JsonParser.parseString(post(api, "").body()).getAsJsonObject();
      assertEquals("turn 2: two", whole.getAsJsonArray("content").get(0).getAsJsonObject().get("text").getAsString());
      HttpResponse<String> streamed = post(api, ",\"stream\":true");
      assertEquals("text/event-stream", streamed.headers().firstValue("Content-Type").orElseThrow());
      assertTrue(streamed.body().contains("\"text_delta\",\"text\":\"turn 2: two\""), streamed.body());
      assertTrue(streamed.body().endsWith("event: message_stop\ndata: {\"type\":\"message_stop\"}\n\n"));
      api.failNext(529, 1);
      assertEquals(529, post(api, "").statusCode());
      assertEquals(200, post(api, "").statusCode());
      assertEquals(List.of("one", "two"), api.requests().get(0).userTexts());
      assertEquals(4, api.requests().size(), "failed requests are recorded too");
    }
  }
}
