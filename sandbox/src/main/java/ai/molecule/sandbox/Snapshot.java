package ai.molecule.sandbox;

import java.util.List;
import java.util.Map;

/**
 * The whole state, as the state file holds it.
 *
 * @param version the file format, for a later change to recognise old files
 * @param defaultWorkspace the id of the workspace made at the first start
 * @param peerWorkspace the id of the sandbox's own peer workspace
 * @param acks each workspace's largest acknowledged seq
 */
record Snapshot(
    int version,
    String defaultWorkspace,
    String peerWorkspace,
    List<WorkspaceRecord> workspaces,
    List<FeedRow> rows,
    List<SentMessage> sent,
    List<Reply> replies,
    Map<String, Long> acks) {

  static final int VERSION = 1;
}
