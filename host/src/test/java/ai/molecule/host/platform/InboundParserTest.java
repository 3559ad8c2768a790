package ai.molecule.host.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.molecule.spi.Part;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class InboundParserTest {

  private final InboundParser parser = new InboundParser("ws");

  private static ActivityRow row(String json) throws Exception {
    List<ActivityRow> rows = ActivityFeedParser.parse(
        new ByteArrayInputStream(("[" + json + "]").getBytes(StandardCharsets.UTF_8)), 1 << 20, 1 << 24).rows();
    assertEquals(1, rows.size());
    return rows.get(0);
  }

  @Test
  void readsPartsByKindOrTypeAndSnakeCaseIds() throws Exception {
    ParsedMessage parsed = parser.parse(row("""
        {"id":"r1","source_id":"peer","method":"message/send","created_at":"2026-04-30T17:42:05.318274Z",
         "request_body":{"method":"message/send","params":{"message":{"role":"user","message_id":"m1",
           "context_id":"c1","task_id":"t1","parts":[
             {"kind":"text","text":"hello"},
             {"type":"text","text":"world"},
             {"kind":"file","file":{"name":"a.txt","mimeType":"text/plain","uri":"https://x/a.txt","size":12}},
             {"type":"data","data":{"k":1}},
             {"kind":"hologram"}]}}}}
        """));
    assertTrue(parsed.isMessage());
    var message = parsed.message();
    assertEquals("peer", message.callerId());
    assertEquals("m1", message.messageId());
    assertEquals("c1", message.contextId());
    assertEquals("t1", message.taskId());
    assertEquals("hello\n\nworld", message.text());
    assertEquals(new Part.File("a.txt", "text/plain", "https://x/a.txt", 12), message.parts().get(2));
    assertEquals(new Part.Data("{\"k\":1}"), message.parts().get(3));
    assertEquals(4, message.parts().size(), "an unknown part kind is left out");
    assertFalse(parsed.isReply());
  }

  @Test
  void aHumanSenderHasNoCallerAndTheRowIdStandsInForAMissingMessageId() throws Exception {
    ParsedMessage parsed = parser.parse(row("""
        {"id":"r2","source_id":null,"method":"message/send",
         "request_body":{"params":{"message":{"parts":[{"kind":"text","text":"hi"}]}}}}
        """));
    assertTrue(parsed.message().fromHuman());
    assertEquals("r2", parsed.message().messageId());
  }

  @Test
  void notificationsAndBookkeepingAreNotMessages() throws Exception {
    assertFalse(parser.parse(row("{\"id\":\"r3\",\"method\":\"notify\",\"source_id\":null}")).isMessage());
    assertFalse(parser.parse(row("{\"id\":\"r4\",\"source_id\":\"peer\"}")).isMessage());
    assertFalse(parser.parse(row("{\"id\":\"r5\",\"method\":\"message/send\"}")).isMessage(), "no request body");
    assertFalse(parser.parse(row("{\"id\":\"r6\",\"method\":\"message/send\"}")).isMalformed());
  }

  @Test
  void unreadableMessagesSayWhy() throws Exception {
    assertEquals("the request body is not a JSON object",
        parser.parse(row("{\"id\":\"r7\",\"method\":\"message/send\",\"request_body\":\"{oops\"}")).problem());
    assertEquals("the request has no params.message",
        parser.parse(row("{\"id\":\"r8\",\"method\":\"message/send\",\"request_body\":{\"params\":{}}}")).problem());
    assertEquals("the message has no readable parts", parser.parse(row(
        "{\"id\":\"r9\",\"method\":\"message/send\",\"request_body\":{\"params\":{\"message\":{\"parts\":[]}}}}")).problem());
  }

  @Test
  void aMessageMarkedInReplyToIsAReply() throws Exception {
    ParsedMessage parsed = parser.parse(row("""
        {"id":"r10","source_id":"peer","method":"message/send","request_body":{"params":{"message":{
          "parts":[{"kind":"text","text":"answer"}],"metadata":{"in_reply_to":"ours"}}}}}
        """));
    assertTrue(parsed.isReply());
    assertEquals("ours", parsed.inReplyTo());
  }

  @Test
  void theFeedParserToleratesAWrappedPageRowsWithoutIdsAndUnknownFields() throws Exception {
    List<ActivityRow> rows = ActivityFeedParser.parse(new ByteArrayInputStream("""
        {"activities":[{"id":"a","extra":{"deep":[1,2]}},{"no_id":true},"junk",{"id":"b","created_at":"garbage"}],
         "count":2}
        """.getBytes(StandardCharsets.UTF_8)), 1 << 20, 1 << 24).rows();
    assertEquals(List.of("a", "b"), rows.stream().map(ActivityRow::id).toList());
    assertNull(rows.get(1).createdAt());
  }
}
