package dev.trustpipe.signing.notary;

import java.time.Instant;

/**
 * One changefeed entry: a stored timestamp ({@code category} "update") or a deleted repository
 * ("deletion", version 0, empty sha256).
 */
public record ChangeRecordView(
    long id, Instant createdAt, String gun, int version, String sha256, String category) {}
