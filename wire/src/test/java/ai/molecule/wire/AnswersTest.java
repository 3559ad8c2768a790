package ai.molecule.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.molecule.spi.Part;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.google.gson.JsonPrimitive;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class AnswersTest {

  private static JsonObject json(String text) {
    return JsonParser.parseString(text).getAsJsonObject();
  }

  @Test
  void theResultMessageHasTheWholeTextFirstAndTheFilesAfter() {
    List<Part> parts = List.of(new Part.File("a.png", "image/png", "workspace:/workspace/a.png", -1),
        new Part.Text("one"), new Part.Data("{\"n\":1}"), new Part.Text("two"));
    JsonObject result = Answers.message("m1", "c1", parts, null);
    assertEquals(json("{\"kind\":\"message\",\"role\":\"agent\",\"messageId\":\"m1\",\"contextId\":\"c1\",\"parts\":["
        + "{\"kind\":\"text\",\"text\":\"one\\n\\n```json\\n{\\\"n\\\":1}\\n```\\n\\ntwo\"},"
        + "{\"kind\":\"file\",\"file\":{\"name\":\"a.png\",\"mimeType\":\"image/png\",\"uri\":\"workspace:/workspace/a.png\"}}]}"),
        result);
    assertEquals("one\n\n```json\n{\"n\":1}\n```\n\ntwo", Answers.firstText(result));
  }

  @Test
  void aResultWithoutAContextLeavesItOutAndKeepsItsMetadata() {
    JsonObject result = Answers.message("m1", null, List.of(new Part.Text("x")), json("{\"molecule_error\":\"boom\"}"));
    assertEquals(json("{\"kind\":\"message\",\"role\":\"agent\",\"messageId\":\"m1\","
        + "\"parts\":[{\"kind\":\"text\",\"text\":\"x\"}],\"metadata\":{\"molecule_error\":\"boom\"}}"), result);
  }

  @Test
  void theJsonRpcAnswersEchoTheRequestsId() {
    JsonObject request = JsonRpc.messageSend("r7", A2aMessage.of("user", "m", "c", List.of(new Part.Text("q"))));
    JsonObject result = Answers.message("m2", "c", List.of(new Part.Text("a")), null);
    assertEquals(json("{\"jsonrpc\":\"2.0\",\"id\":\"r7\",\"result\":" + result + "}"),
        JsonRpc.result(JsonRpc.idOf(request), result));
    assertEquals(json("{\"jsonrpc\":\"2.0\",\"id\":42,\"error\":{\"code\":-32601,\"message\":\"no such method\"}}"),
        JsonRpc.error(new JsonPrimitive(42), JsonRpc.METHOD_NOT_FOUND, "no such method"));
    assertEquals(JsonNull.INSTANCE, JsonRpc.idOf(json("{\"method\":\"message/send\"}")));
    assertEquals(JsonNull.INSTANCE, JsonRpc.error(JsonRpc.idOf(json("{\"id\":{}}")), -1, "x").get("id"));
    assertEquals(json("{\"jsonrpc\":\"2.0\",\"id\":\"r8\",\"error\":{\"code\":-32000,\"message\":\"down\","
        + "\"data\":{\"why\":\"down\"}}}"), JsonRpc.error(JsonRpc.id("r8"), JsonRpc.SERVER_ERROR, "down",
        json("{\"why\":\"down\"}")));
  }

  @Test
  void anErrorsReasonIsItsMessageItsCodeOrItself() {
    assertEquals(Optional.of("busy"), JsonRpc.errorOf(json("{\"error\":{\"code\":-32000,\"message\":\"busy\"}}")));
    assertEquals(Optional.of("-32000"), JsonRpc.errorOf(json("{\"error\":{\"code\":-32000}}")));
    assertEquals(Optional.of("agent returned empty response body"),
        JsonRpc.errorOf(json("{\"error\":\"agent returned empty response body\"}")));
    assertEquals(Optional.of("[1]"), JsonRpc.errorOf(json("{\"error\":[1]}")));
    assertEquals(Optional.empty(), JsonRpc.errorOf(json("{\"error\":null,\"result\":{}}")));
    assertEquals(Optional.empty(), JsonRpc.errorOf(json("{\"result\":{}}")));
  }

  @Test
  void theTextIsReadWhereverTheReadersFindIt() {
    assertEquals("a\n\nb", Answers.text(json("{\"parts\":[{\"kind\":\"text\",\"text\":\"a\"},{\"type\":\"text\",\"text\":\"b\"}]}")));
    assertEquals("from the artifact", Answers.text(json("{\"kind\":\"task\",\"artifacts\":[{\"parts\":["
        + "{\"kind\":\"text\",\"text\":\"from the artifact\"}]},{\"parts\":[{\"kind\":\"text\",\"text\":\"second\"}]}]}")));
    assertEquals("from the status", Answers.text(json("{\"kind\":\"task\",\"status\":{\"state\":\"completed\","
        + "\"message\":{\"parts\":[{\"kind\":\"text\",\"text\":\"from the status\"}]}}}")));
    // an empty parts list gives way to the next place
    assertEquals("status", Answers.text(json("{\"parts\":[],\"status\":{\"message\":{\"parts\":[{\"text\":\"status\"}]}}}")));
    assertEquals(List.of(new Part.File("f", null, "u:f", -1)),
        Answers.parts(json("{\"artifacts\":[{\"parts\":[{\"kind\":\"file\",\"file\":{\"name\":\"f\",\"uri\":\"u:f\"}}]}]}")));
  }

  @Test
  void anAnswerWithNoReadablePartHasNoText() {
    assertEquals("", Answers.text(json("{}")));
    assertTrue(Answers.parts(json("{\"parts\":\"text\",\"artifacts\":[\"x\"],\"status\":{}}")).isEmpty());
    assertEquals("", Answers.firstText(json("{\"parts\":[{\"kind\":\"file\",\"file\":{\"uri\":\"u\"}},"
        + "{\"kind\":\"text\",\"text\":\"later\"}]}")));
    assertEquals("", Answers.firstText(json("{\"parts\":[]}")));
  }
}
