package ai.molecule.backend.claude;

import ai.molecule.process.ProcessResult;
import ai.molecule.spi.BackendException;
import java.util.Optional;

/**
 * What a failed claude run means, as Claude Code 2.1 reports it: which failures will repeat (bad
 * credentials, a configuration Claude refuses, running out of turns) and are answered at once with
 * what the operator must fix, and which may pass (an overloaded or failing API) and are tried again.
 * The one home of the texts that say what to fix; start-up checks use them too.
 */
final class ClaudeFailures {

  static final String LOGIN_FIX = "fix: set ANTHROPIC_API_KEY in molecule's environment, or run"
      + " 'claude auth login' as the user molecule runs as";
  static final String ROOT_FIX = "fix: run molecule as a user other than root, use another permission_mode,"
      + " or, only in a sandbox without internet access, set IS_SANDBOX=1 in molecule's environment";

  /** What claude's own argument parser prints for a command line it refuses. */
  private static final String[] REFUSED_ARGUMENTS = {"error: unknown option", "error: option", "error: too many",
      "Error: When using --print", "error: missing required argument"};
  private static final String ROOT_REFUSAL = "cannot be used with root/sudo privileges";
  private static final String NOT_LOGGED_IN = "Not logged in";

  private ClaudeFailures() {}

  /** The error a run is: {@code result} is its result event, when it printed one. */
  static BackendException of(ProcessResult run, Optional<ClaudeResult> result, ClaudeSettings settings) {
    if (result.isPresent() && result.get().isError()) {
      return ofResult(run, result.get(), settings);
    }
    String stderr = run.stderr();
    if (stderr.contains(ROOT_REFUSAL)) {
      return run.failure("refused permission_mode=bypassPermissions as root; " + ROOT_FIX, false);
    }
    for (String refusal : REFUSED_ARGUMENTS) {
      if (stderr.contains(refusal)) {
        return run.failure("refused its command line; fix: check --backend-opt args", false);
      }
    }
    if (run.exitCode() != 0) {
      return run.failure("exited with code " + run.exitCode(), true);
    }
    if (result.isEmpty()) {
      return run.failure("printed no result event; check that bin is Claude Code and that args do not change"
          + " --output-format", false);
    }
    return run.failure("returned an empty result", false);
  }

  private static BackendException ofResult(ProcessResult run, ClaudeResult result, ClaudeSettings settings) {
    String said = said(result);
    if (result.subtype().equals("error_max_turns")) {
      String limit = settings.maxTurns().isPresent() ? "max_turns (" + settings.maxTurns().getAsInt() + ")"
          : "its turn limit (--max-turns in args)";
      return BackendException.permanent("claude stopped at " + limit + " before it finished"
          + said + "; fix: raise --backend-opt max_turns, or ask for less in one message");
    }
    if (result.subtype().startsWith("error_max_budget")) {
      return BackendException.permanent("claude stopped at its spending limit" + said
          + "; fix: raise --max-budget-usd in args");
    }
    if (result.text().startsWith(NOT_LOGGED_IN)) {
      return BackendException.permanent("Claude Code is not logged in and has no API key" + said + "; " + LOGIN_FIX);
    }
    int status = result.apiErrorStatus();
    String api = "the Anthropic API answered " + status + detail(result.apiErrorType());
    if (status == 401 || result.apiErrorType().equals("authentication_error")) {
      return BackendException.permanent(api + ": Claude Code's credentials were refused" + said
          + "; fix: give molecule a valid"
          + " ANTHROPIC_API_KEY, or run 'claude auth login' as the user molecule runs as");
    }
    if (status == 403 || result.apiErrorType().equals("permission_error")) {
      return BackendException.permanent(api + ": the credentials may not do this" + said
          + "; fix: check what the key or account may use, and the model option");
    }
    if (status >= 400 && status < 500 && status != 408 && status != 409 && status != 429) {
      return BackendException.permanent(api + ": the request was refused" + said
          + "; fix: check the model and args options");
    }
    if (status != 0) {
      return run.failure("gave up after its own retries: " + api + said + "; molecule tries the message again", true);
    }
    return run.failure("reported an error" + (said.isEmpty() ? "" : said), true);
  }

  /** {@code : <what claude said>}, on one line, or nothing. */
  private static String said(ClaudeResult result) {
    String text = !result.text().isBlank() ? result.text() : String.join("; ", result.errors());
    return text.isBlank() ? "" : ": " + ProcessResult.oneLine(text);
  }

  private static String detail(String type) {
    return type.isBlank() ? "" : " (" + type + ")";
  }

}
