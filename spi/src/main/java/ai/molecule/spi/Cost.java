package ai.molecule.spi;

import java.math.BigDecimal;
import java.util.Locale;
import java.util.Objects;

/**
 * What a turn cost, in a currency: the typed form of a backend's cost, reported through {@link
 * Turn#reportCost(Cost)}.
 *
 * @param currency the ISO 4217 code of the currency, upper case ({@code "USD"})
 * @param amount the amount, zero or more, exact
 * @since 1.1
 */
public record Cost(String currency, BigDecimal amount) {

  /**
   * The currency the platform keeps spend in.
   *
   * @since 1.1
   */
  public static final String USD = "USD";

  /**
   * Checks the values.
   *
   * @param currency the ISO 4217 code of the currency ({@code "USD"}); upper-cased
   * @param amount the amount, zero or more
   * @throws IllegalArgumentException when the currency is not three letters or the amount negative
   * @since 1.1
   */
  public Cost {
    Objects.requireNonNull(currency, "currency");
    Objects.requireNonNull(amount, "amount");
    currency = currency.toUpperCase(Locale.ROOT);
    if (!currency.matches("[A-Z]{3}")) {
      throw new IllegalArgumentException("currency must be an ISO 4217 code such as USD, not '" + currency + "'");
    }
    if (amount.signum() < 0) {
      throw new IllegalArgumentException("a cost cannot be negative: " + amount);
    }
  }

  /**
   * A cost in US dollars.
   *
   * @param dollars the amount in dollars, zero or more
   * @return the cost
   * @since 1.1
   */
  public static Cost usd(BigDecimal dollars) {
    return new Cost(USD, dollars);
  }

  /**
   * A cost in US dollars, from a decimal string such as a JSON number's text ({@code "0.0123"}),
   * which keeps every digit a {@code double} would round.
   *
   * @param dollars the amount in dollars as decimal text
   * @return the cost
   * @throws NumberFormatException when the text is not a decimal number
   * @since 1.1
   */
  public static Cost usd(String dollars) {
    return usd(new BigDecimal(dollars.trim()));
  }
}
