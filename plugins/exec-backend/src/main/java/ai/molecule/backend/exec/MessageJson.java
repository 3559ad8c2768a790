package ai.molecule.backend.exec;

import ai.molecule.spi.InboundMessage;
import ai.molecule.wire.Parts;
import com.google.gson.JsonObject;

/**
 * An inbound message as the one JSON object a {@code format=json} command reads on stdin: the ids
 * (null when absent), the method, and the parts in their A2A shape (as the wire library writes them).
 */
final class MessageJson {

  private MessageJson() {}

  static String of(InboundMessage message) {
    JsonObject json = new JsonObject();
    json.addProperty("workspace_id", message.workspaceId());
    json.addProperty("caller_id", message.callerId());
    json.addProperty("message_id", message.messageId());
    json.addProperty("context_id", message.contextId());
    json.addProperty("task_id", message.taskId());
    json.addProperty("conversation_id", message.conversationId());
    json.addProperty("method", message.method());
    json.add("parts", Parts.toJson(message.parts()));
    return json.toString();
  }
}
