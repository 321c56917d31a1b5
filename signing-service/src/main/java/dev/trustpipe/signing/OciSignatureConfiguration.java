package dev.trustpipe.signing;

import dev.trustpipe.contracts.EventCodec;
import dev.trustpipe.custody.KeyCustody;
import dev.trustpipe.signing.oci.OciProperties;
import dev.trustpipe.signing.oci.OciSignatureListener;
import dev.trustpipe.signing.oci.OciSigner;
import dev.trustpipe.signing.oci.OciSigningKeys;
import dev.trustpipe.signing.registry.RegistryClient;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.concurrent.ExecutorService;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.core.KafkaTemplate;

/**
 * The bridge off DCT ({@code TRUSTPIPE_OCI_SIGNATURES}): signs every pushed tag in the sigstore
 * format too. The public keys ({@link dev.trustpipe.signing.oci.OciPublicKeyController}) are served
 * even when signing is off, so a policy can be prepared before it is turned on.
 */
@Configuration(proxyBeanMethods = false)
public class OciSignatureConfiguration {

  @Bean
  OciSigningKeys ociSigningKeys(KeyCustody custody, OciProperties properties) {
    return new OciSigningKeys(custody, properties.ownKeyPrefixes());
  }

  @Bean
  @ConditionalOnProperty(name = "trustpipe.oci.signatures", havingValue = "true")
  OciSignatureListener ociSignatureListener(
      EventCodec codec,
      RegistryClient registryClient,
      OciSigningKeys keys,
      OciProperties properties,
      KafkaTemplate<String, byte[]> kafka,
      Clock clock,
      MeterRegistry meters,
      @Qualifier("ociGunExecutor") ExecutorService executor) {
    OciSigner signer = new OciSigner(registryClient, keys, properties.registryHostMap());
    return new OciSignatureListener(codec, signer, kafka, clock, meters, executor);
  }

  /**
   * Threads that sign the GUNs of a trust-changes batch in parallel; separate from TUF signing's,
   * so that a slow registry never takes threads the pipeline needs.
   */
  @Bean(destroyMethod = "shutdown")
  @ConditionalOnProperty(name = "trustpipe.oci.signatures", havingValue = "true")
  ExecutorService ociGunExecutor(SigningProperties properties) {
    return SigningConfiguration.daemonPool("oci-gun-", properties.parallelism());
  }
}
