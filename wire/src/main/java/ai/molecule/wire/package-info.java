/**
 * What molecule's parts say to each other in one shape: the A2A messages of platform-api.md
 * ({@link ai.molecule.wire.JsonRpc the JSON-RPC envelope, answer and error}, {@link
 * ai.molecule.wire.A2aMessage the message}, {@link ai.molecule.wire.Parts its parts both ways}, {@link
 * ai.molecule.wire.Answers an answer's text}, {@link ai.molecule.wire.Marks our reply marks}), the
 * {@link ai.molecule.wire.Durations duration notation} operators write, and a {@link
 * ai.molecule.wire.BoundedLru bounded memory}. Used by the host, the sandbox, the backends and the
 * benchmark; plugins bundle it. Not part of the spi.
 *
 * <p>Strict in what it writes (the field names of platform-api.md, nothing empty that a reader needs),
 * tolerant in what it reads, the same way everywhere: see {@link ai.molecule.wire.Parts}.
 */
package ai.molecule.wire;
