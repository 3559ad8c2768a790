package ai.molecule.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.molecule.spi.Part;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.util.List;
import org.junit.jupiter.api.Test;

class A2aMessageTest {

  private static JsonObject json(String text) {
    return JsonParser.parseString(text).getAsJsonObject();
  }

  @Test
  void theEnvelopeCarriesEveryFieldOfTheMessage() {
    JsonObject metadata = json("{\"in_reply_to\":\"m0\"}");
    A2aMessage message = new A2aMessage("agent", "m1", "c1", "t1", List.of("t1"), List.of(new Part.Text("hi")), metadata);
    JsonObject request = JsonRpc.messageSend("r1", message);
    assertEquals(json("{\"jsonrpc\":\"2.0\",\"id\":\"r1\",\"method\":\"message/send\",\"params\":{\"message\":{"
        + "\"role\":\"agent\",\"messageId\":\"m1\",\"contextId\":\"c1\",\"taskId\":\"t1\",\"referenceTaskIds\":[\"t1\"],"
        + "\"parts\":[{\"kind\":\"text\",\"text\":\"hi\"}],\"metadata\":{\"in_reply_to\":\"m0\"}}}}"), request);
    assertEquals(message, A2aMessage.fromJson(JsonRpc.messageOf(request)));
  }

  @Test
  void whatIsNotKnownIsLeftOutNotSentAsNull() {
    JsonObject request = JsonRpc.messageSend("r1", A2aMessage.of("user", "m1", null, List.of(new Part.Text("hi"))),
        json("{\"source\":\"canvas_user\"}"));
    assertEquals(json("{\"jsonrpc\":\"2.0\",\"id\":\"r1\",\"method\":\"message/send\",\"params\":{\"message\":{"
        + "\"role\":\"user\",\"messageId\":\"m1\",\"parts\":[{\"kind\":\"text\",\"text\":\"hi\"}]},"
        + "\"metadata\":{\"source\":\"canvas_user\"}}}"), request);
  }

  @Test
  void readsSnakeCaseIdsTheOldContentAndMissingParts() {
    A2aMessage old = A2aMessage.fromJson(json("{\"message_id\":\"m\",\"context_id\":\"c\",\"task_id\":\"t\","
        + "\"content\":[{\"type\":\"text\",\"text\":\"hi\"}]}"));
    assertEquals(new A2aMessage(null, "m", "c", "t", List.of(), List.of(new Part.Text("hi")), null), old);
    A2aMessage bare = A2aMessage.fromJson(json("{\"role\":\"user\",\"metadata\":{\"source_type\":\"self-stall\"}}"));
    assertTrue(bare.parts().isEmpty());
    assertNull(bare.messageId());
    assertEquals("self-stall", bare.metadataString("source_type"));
  }

  @Test
  void theMessageOfABodyWithoutParamsIsFoundToo() {
    assertEquals("m", JsonRpc.messageOf(json("{\"message\":{\"messageId\":\"m\"}}")).get("messageId").getAsString());
    assertNull(JsonRpc.messageOf(json("{\"params\":{}}")));
    assertNull(JsonRpc.messageOf(null));
  }
}
