package ai.molecule.sandbox;

import com.google.gson.annotations.SerializedName;

/** Who an operator's message comes from, as the agent sees it in the row's {@code source_id}. */
public enum Sender {
  /** A human on the canvas: {@code source_id} is null and the agent answers with a notify. */
  @SerializedName("human")
  HUMAN,
  /** The sandbox's own peer workspace: the agent answers with a new message/send to it. */
  @SerializedName("peer")
  PEER
}
