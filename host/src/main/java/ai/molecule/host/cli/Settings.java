package ai.molecule.host.cli;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The one table of settings that may come from outside the command line: each option's
 * environment variable and config file key. The config file's known keys and the options'
 * defaults ({@link SettingsDefaults}) are both read from here, so the two cannot disagree.
 */
final class Settings {

  /**
   * One setting.
   *
   * @param option the option's long name
   * @param variable its environment variable, or null
   * @param key its config file key
   * @param fillsOption whether the value becomes the option's default; false where the command
   *     reads the key itself, in its own order (the token file comes after the token's variable)
   */
  record Setting(String option, String variable, String key, boolean fillsOption) {}

  static final List<Setting> ALL = List.of(
      new Setting("--api-url", "MOLECULE_API_URL", "api_url", true),
      new Setting("--org-id", "MOLECULE_ORG_ID", "org_id", true),
      new Setting("--token-file", null, "token_file", false),
      new Setting("--backend", "MOLECULE_BACKEND", "backend", true),
      new Setting("--plugins-dir", "MOLECULE_PLUGINS_DIR", "plugins_dir", true),
      new Setting("--state-dir", "MOLECULE_STATE_DIR", "state_dir", true),
      new Setting("--interval", null, "interval", true),
      new Setting("--heartbeat", null, "heartbeat", true),
      new Setting("--since", null, "since", true),
      new Setting("--concurrency", null, "concurrency", true),
      new Setting("--attempts", null, "attempts", true),
      new Setting("--grace", null, "grace", true),
      new Setting("--give-up-after", null, "give_up_after", true),
      new Setting("--rate-share", null, "rate_share", true),
      new Setting("--events", null, "events", true),
      new Setting("--idle-interval", null, "idle_interval", true),
      new Setting("--peer-answers", null, "peer_answers", true),
      new Setting("--status-addr", "MOLECULE_STATUS_ADDR", "status_addr", true),
      new Setting("--log-format", "MOLECULE_LOG_FORMAT", "log_format", true),
      new Setting("--max-turns", null, "max_turns", false),
      new Setting("--public-url", null, "public_url", true),
      new Setting("--listen", null, "listen", true),
      new Setting("--tls-cert", null, "tls_cert", true),
      new Setting("--tls-key", null, "tls_key", true));

  private Settings() {}

  /** The keys a config file may set (besides {@code backend.NAME.OPTION}). */
  static Set<String> configKeys() {
    return ALL.stream().map(Setting::key).collect(Collectors.toUnmodifiableSet());
  }

  /** The setting behind an option, if it has one. */
  static Optional<Setting> forOption(String option) {
    return ALL.stream().filter(setting -> setting.option().equals(option)).findFirst();
  }
}
