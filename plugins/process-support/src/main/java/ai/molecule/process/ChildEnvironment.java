package ai.molecule.process;

import ai.molecule.spi.InboundMessage;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The environment a backend's child process gets: molecule's own, without its {@code MOLECULE_*}
 * variables (the workspace token among them must not reach an agent), plus, when asked for, the
 * ids of the message being handled.
 */
public final class ChildEnvironment {

  /** The prefix of every variable molecule reads or sets. */
  public static final String PREFIX = "MOLECULE_";

  private ChildEnvironment() {}

  /**
   * {@code base} without its {@code MOLECULE_*} variables, plus {@link #metadata(InboundMessage)}
   * when {@code passMeta} is on.
   */
  public static Map<String, String> of(Map<String, String> base, InboundMessage message, boolean passMeta) {
    Map<String, String> environment = new LinkedHashMap<>(base);
    environment.keySet().removeIf(name -> name.startsWith(PREFIX));
    if (passMeta) {
      environment.putAll(metadata(message));
    }
    return environment;
  }

  /**
   * The message's ids as variables; each is set, empty when the message has no such id (the caller
   * of a human sender, a missing context or task).
   */
  public static Map<String, String> metadata(InboundMessage message) {
    Map<String, String> variables = new LinkedHashMap<>();
    variables.put(PREFIX + "WORKSPACE_ID", message.workspaceId());
    variables.put(PREFIX + "CALLER_ID", orEmpty(message.callerId()));
    variables.put(PREFIX + "MESSAGE_ID", message.messageId());
    variables.put(PREFIX + "CONTEXT_ID", orEmpty(message.contextId()));
    variables.put(PREFIX + "TASK_ID", orEmpty(message.taskId()));
    variables.put(PREFIX + "CONVERSATION_ID", message.conversationId());
    return variables;
  }

  private static String orEmpty(String value) {
    return value == null ? "" : value;
  }
}
