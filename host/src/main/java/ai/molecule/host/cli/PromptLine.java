package ai.molecule.host.cli;

import ai.molecule.sandbox.Sender;

/** What a line typed at the sandbox prompt asks for. Anything starting with {@code /} is a command, never a message. */
sealed interface PromptLine {

  /** Send {@code text} to the agent, as {@code sender}. */
  record Send(Sender sender, String text) implements PromptLine {}

  /** Print the prompt's help; nothing is sent. */
  record Help() implements PromptLine {}

  /** End the sandbox. */
  record Quit() implements PromptLine {}

  /** A blank line, or a command given wrongly: {@code problem} says what to type instead (null for blank). */
  record Refused(String problem) implements PromptLine {}

  static PromptLine parse(String line) {
    String text = line.strip();
    if (text.isEmpty()) {
      return new Refused(null);
    }
    if (!text.startsWith("/")) {
      return new Send(Sender.HUMAN, text);
    }
    String command = text.split("\\s+", 2)[0];
    String rest = text.substring(command.length()).strip();
    return switch (command) {
      case "/help", "/?" -> new Help();
      case "/quit", "/exit" -> new Quit();
      case "/peer" -> rest.isEmpty() ? new Refused("/peer needs the text to send: /peer TEXT") : new Send(Sender.PEER, rest);
      default -> new Refused("unknown command " + command + " (nothing was sent); /help lists the commands");
    };
  }
}
