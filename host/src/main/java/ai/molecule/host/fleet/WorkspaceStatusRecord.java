package ai.molecule.host.fleet;

import ai.molecule.host.engine.WorkspaceObserver;
import java.time.Instant;

/**
 * One workspace of a fleet, as an operator sees it.
 *
 * @param name its name in the serve file ({@code workspace.NAME.id})
 * @param workspaceId the platform's workspace id
 * @param state its connection's state; {@link WorkspaceObserver.State#PARKED} until its token file
 *     changes or the process gets SIGHUP
 * @param reason why it is in that state (the failure, for {@code UNREACHABLE}, {@code PARKED} and a
 *     failed {@code STOPPED}); empty when there is nothing to say
 * @param since when it entered that state
 * @param restarts how often its engine was started again after a failure
 */
public record WorkspaceStatusRecord(String name, String workspaceId, WorkspaceObserver.State state, String reason,
    Instant since, int restarts) {}
