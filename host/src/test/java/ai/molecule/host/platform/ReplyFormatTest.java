package ai.molecule.host.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.molecule.spi.InboundMessage;
import ai.molecule.spi.Part;
import ai.molecule.spi.Reply;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReplyFormatTest {

  private static final InboundMessage INBOUND =
      new InboundMessage("ws", "peer", "m1", null, null, null, List.of(Part.text("q")), null);

  @Test
  void anAgentReplyLeavesOutCorrelationItDoesNotHave() {
    var request = ReplyFormat.toAgent(INBOUND, Reply.text("a"), ReplyFormat.Kind.ANSWER);
    var message = request.getAsJsonObject("params").getAsJsonObject("message");
    assertFalse(message.has("contextId"));
    assertFalse(message.has("taskId"));
    assertEquals("m1", message.getAsJsonObject("metadata").get("in_reply_to").getAsString());
    assertEquals("2.0", request.get("jsonrpc").getAsString());
  }

  @Test
  void aCanvasReplyCarriesTextAndFilesAsAttachments() {
    var body = ReplyFormat.toCanvas(Reply.of(Part.text("see file"), new Part.File("r.pdf", null, "https://x/r.pdf", -1)));
    assertEquals("see file", body.get("message").getAsString());
    var attachment = body.getAsJsonArray("attachments").get(0).getAsJsonObject();
    assertEquals("r.pdf", attachment.get("name").getAsString());
    assertEquals("https://x/r.pdf", attachment.get("uri").getAsString());
  }

  @Test
  void aLongReplyIsCutUnderTheLimitOnACharacterBoundaryAndSaysSo() {
    String text = "é".repeat(ReplyFormat.MAX_TEXT_BYTES); // two bytes each: twice the limit
    String cut = ReplyFormat.cut(text);
    byte[] bytes = cut.getBytes(StandardCharsets.UTF_8);
    assertTrue(bytes.length <= ReplyFormat.MAX_TEXT_BYTES);
    assertTrue(cut.endsWith("the limit is " + ReplyFormat.MAX_TEXT_BYTES + "]"), cut.substring(cut.length() - 80));
    assertFalse(cut.contains("\uFFFD"), "no broken character");
    var request = ReplyFormat.toAgent(INBOUND, Reply.text(text), ReplyFormat.Kind.ANSWER);
    assertTrue(request.toString().getBytes(StandardCharsets.UTF_8).length < 1024 * 1024);
  }

  @Test
  void aReplyOfEscapeHeavyTextStillFitsUnderOneMibAsJson() {
    String lines = "\"quoted\"\n\t\u0001".repeat(200_000); // 2 MB of text, far more once escaped
    for (var body : new com.google.gson.JsonObject[] {
        ReplyFormat.toAgent(INBOUND, Reply.text(lines), ReplyFormat.Kind.ANSWER), ReplyFormat.toCanvas(Reply.text(lines))}) {
      int size = body.toString().getBytes(StandardCharsets.UTF_8).length;
      assertTrue(size <= 1024 * 1024, "body of " + size + " bytes");
      assertTrue(size > 900 * 1024, "and not cut far more than needed: " + size);
      assertTrue(body.toString().contains("reply cut by molecule"));
    }
  }

  @Test
  void aFileWithoutANameIsNamedAfterItsUri() {
    var body = ReplyFormat.toCanvas(Reply.of(Part.text("see"), new Part.File(null, null, "https://x/reports/q3.pdf?sig=1", -1)));
    assertEquals("q3.pdf", body.getAsJsonArray("attachments").get(0).getAsJsonObject().get("name").getAsString());
  }
}
