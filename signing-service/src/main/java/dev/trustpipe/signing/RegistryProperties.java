package dev.trustpipe.signing;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Registry confirmation ({@code trustpipe.registry.*}; docs/configuration.md): before signing, the
 * signing-service asks the registry that sent a push what the tag points at now.
 *
 * @param confirm on by default; {@code false} signs events as they arrive (for registries the
 *     service cannot reach)
 * @param credentials {@code host=username:password} entries, separated by commas or whitespace
 * @param authFile a docker client config ({@code config.json} with {@code auths}), for passwords
 *     with commas or whitespace; entries in {@code credentials} win; empty for none
 * @param schemes {@code host=http|https} entries; unlisted loopback hosts use http, others https
 * @param connectTimeout connect timeout of one request
 * @param requestTimeout time for one response
 * @param attempts tries per lookup before the batch is redelivered
 * @param backoff pause after the first failed try, doubled each time up to {@code maxBackoff}
 * @param maxBackoff longest pause between tries
 * @param cooldown how long a registry that used up its tries is not asked again
 */
@ConfigurationProperties("trustpipe.registry")
public record RegistryProperties(
    @DefaultValue("true") boolean confirm,
    @DefaultValue("") String credentials,
    @DefaultValue("") String authFile,
    @DefaultValue("") String schemes,
    @DefaultValue("PT5S") Duration connectTimeout,
    @DefaultValue("PT10S") Duration requestTimeout,
    @DefaultValue("4") int attempts,
    @DefaultValue("PT0.25S") Duration backoff,
    @DefaultValue("PT2S") Duration maxBackoff,
    @DefaultValue("PT5S") Duration cooldown) {}
