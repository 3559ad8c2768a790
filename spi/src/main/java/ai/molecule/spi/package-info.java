/**
 * The contract between the molecule host and its backends.
 *
 * <p>A backend turns one inbound agent-to-agent message into a {@link ai.molecule.spi.Reply}. To
 * write one:
 *
 * <ol>
 *   <li>Depend on {@code ai.molecule:molecule-spi} with scope {@code provided}: the host supplies
 *       these types at run time, always from its own class loader.
 *   <li>Implement {@link ai.molecule.spi.BackendProvider} (name, description, options, and a
 *       factory) and {@link ai.molecule.spi.Backend} (the message handler: {@link
 *       ai.molecule.spi.Backend#handle(ai.molecule.spi.InboundMessage, ai.molecule.spi.Turn)},
 *       which reports progress and cost through the {@link ai.molecule.spi.Turn}).
 *   <li>List the provider class in {@code META-INF/services/ai.molecule.spi.BackendProvider}.
 *   <li>Package a jar whose {@code MANIFEST.MF} carries the PF4J descriptor: {@code Plugin-Id},
 *       {@code Plugin-Version}, {@code Plugin-Provider}, {@code Plugin-Description} and
 *       {@code Plugin-Requires} set to the {@link ai.molecule.spi.Contract#VERSION} you compiled
 *       against.
 *   <li>Install the jar with {@code molecule plugins install JAR}.
 * </ol>
 *
 * <p>{@code molecule plugins new NAME} writes a project that does all of this, with a test on
 * {@code ai.molecule:molecule-testkit}.
 *
 * <p>Only JDK types cross this contract, so a plugin may use any library it bundles without
 * clashing with the host's.
 *
 * <p>A backend that starts processes should not hand them the host's environment as it is: it
 * holds the workspace token ({@code MOLECULE_WORKSPACE_TOKEN}) when the operator gave it that way.
 * Remove the {@code MOLECULE_*} variables from a child's environment, as the bundled process
 * backends do.
 */
package ai.molecule.spi;
