package dev.trustpipe.standalone;

import java.nio.file.Path;
import java.util.Map;

/**
 * The quick start's settings, from the environment (INTERFACES.md). An external PostgreSQL or Kafka
 * replaces the embedded one when its variable is set.
 */
record StandaloneSettings(
    Path home,
    int postgresPort,
    int kafkaPort,
    int kafkaControllerPort,
    int notaryPort,
    int ingestPort,
    int timestampPort,
    int auditPort,
    String externalJdbcUrl,
    String externalDbUser,
    String externalDbPassword,
    String externalKafka) {

  static StandaloneSettings fromEnvironment(Map<String, String> env) {
    return new StandaloneSettings(
        Path.of(env.getOrDefault("TRUSTPIPE_HOME", ".trustpipe")).toAbsolutePath().normalize(),
        port(env, "TRUSTPIPE_EMBEDDED_POSTGRES_PORT", 5433),
        port(env, "TRUSTPIPE_EMBEDDED_KAFKA_PORT", 9092),
        port(env, "TRUSTPIPE_EMBEDDED_KAFKA_CONTROLLER_PORT", 9093),
        port(env, "TRUSTPIPE_NOTARY_PORT", 4443),
        port(env, "TRUSTPIPE_INGEST_PORT", 8080),
        port(env, "TRUSTPIPE_TIMESTAMP_PORT", 8082),
        port(env, "TRUSTPIPE_AUDIT_PORT", 8083),
        env.get("TRUSTPIPE_DB_URL"),
        env.getOrDefault("TRUSTPIPE_DB_USER", "postgres"),
        env.get("TRUSTPIPE_DB_PASSWORD"),
        env.get("TRUSTPIPE_KAFKA_BOOTSTRAP"));
  }

  private static int port(Map<String, String> env, String name, int fallback) {
    String value = env.get(name);
    if (value == null || value.isBlank()) {
      return fallback;
    }
    try {
      int port = Integer.parseInt(value.trim());
      if (port < 1 || port > 65535) {
        throw new NumberFormatException();
      }
      return port;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(name + " must be a port number 1..65535, was " + value);
    }
  }
}
