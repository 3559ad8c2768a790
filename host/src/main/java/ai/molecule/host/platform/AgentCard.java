package ai.molecule.host.platform;

/** What the platform shows about this workspace's agent. */
public record AgentCard(String name, String description, String version) {}
