package ai.molecule.host.platform;

/**
 * One heartbeat's figures, as platform-api.md lists them.
 *
 * @param errorRate our own failures per message handled over the rolling window, 0 to 1
 * @param sampleError one recent error, short and free of secrets, or empty
 * @param activeTasks messages being handled now
 * @param uptimeSeconds since this process started
 * @param currentTask what the agent works on now, empty when idle
 * @param monthlySpend what the backends reported this month's messages cost, in dollars; 0 when
 *     none reports a cost (then it is not sent)
 */
public record HeartbeatFigures(
    double errorRate, String sampleError, int activeTasks, long uptimeSeconds, String currentTask,
    double monthlySpend) {}
