/**
 * JUnit 5 helpers for a backend plugin's own tests.
 *
 * <ul>
 *   <li>{@link ai.molecule.testkit.Messages}: inbound messages, built fluently;
 *   <li>{@link ai.molecule.testkit.RecordingTurn}: a turn that records progress and cost, and can
 *       be cancelled or given a deadline;
 *   <li>{@link ai.molecule.testkit.Replies}: assertions on replies;
 *   <li>{@link ai.molecule.testkit.PluginUnderTest}: the built jar, loaded as molecule loads it,
 *       for an integration test;
 *   <li>{@link ai.molecule.testkit.Await}: waiting for something a backend does in the background.
 * </ul>
 *
 * <p>Depend on {@code ai.molecule:molecule-testkit} with scope {@code test}, beside the spi with
 * scope {@code provided}.
 */
package ai.molecule.testkit;
