/**
 * Running a backend's child process per message: a {@link ai.molecule.process.ProcessRunner} with
 * timeouts, process-tree kill and bounded output capture, the child's environment, and the options
 * process backends share. A library the process backend plugins bundle; it is not part of the spi.
 */
package ai.molecule.process;
