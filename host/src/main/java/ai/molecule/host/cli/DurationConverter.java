package ai.molecule.host.cli;

import ai.molecule.wire.Durations;
import java.time.Duration;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Reads a duration option the way {@link Durations} reads every duration: {@code 500ms}, {@code 30s}, {@code 5m}, {@code 1h}. */
final class DurationConverter implements ITypeConverter<Duration> {

  @Override
  public Duration convert(String value) {
    return Durations.parse(value).orElseThrow(() -> new TypeConversionException(
        "'" + value + "' is not a duration; " + Durations.HOW_TO_WRITE));
  }
}
