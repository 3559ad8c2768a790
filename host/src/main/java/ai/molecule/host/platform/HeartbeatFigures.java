package ai.molecule.host.platform;

/**
 * One heartbeat's figures, as platform-api.md lists them.
 *
 * @param errorRate our own failures per message handled over the rolling window, 0 to 1
 * @param sampleError one recent error, short and free of secrets, or empty
 * @param activeTasks messages being handled now
 * @param uptimeSeconds since this process started
 * @param currentTask what the agent works on now, empty when idle
 * @param monthlySpendCents what the backends reported this calendar month (UTC) cost, in whole
 *     cents, cumulative; 0 when nothing was spent (then it is not sent)
 * @param observedGeneration the last {@code generation} the platform answered, or {@code -1}
 */
public record HeartbeatFigures(
    double errorRate, String sampleError, int activeTasks, long uptimeSeconds, String currentTask,
    long monthlySpendCents, long observedGeneration) {}
