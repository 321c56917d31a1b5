package dev.trustpipe.truststore;

/**
 * Work done in one trust-store transaction. {@code E} lets checked failures of the work (e.g. a
 * custody error while signing under the repository lock) pass through unchanged.
 */
@FunctionalInterface
public interface TransactionWork<T, E extends Exception> {
  T execute(TrustStoreTransaction transaction) throws E;
}
