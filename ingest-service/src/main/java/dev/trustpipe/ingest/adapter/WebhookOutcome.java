package dev.trustpipe.ingest.adapter;

/** What one event of a delivery became: a normalised registry event, or nothing and why. */
public sealed interface WebhookOutcome permits RegistryEvent, Ignored {}
