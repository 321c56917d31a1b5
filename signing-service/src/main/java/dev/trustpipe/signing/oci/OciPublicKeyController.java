package dev.trustpipe.signing.oci;

import dev.trustpipe.contracts.Gun;
import dev.trustpipe.custody.CustodyException;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /api/v1/oci/public-key?gun=<gun>}: the PEM public key whose OCI signatures cover the
 * repository, for a containers {@code policy.json} ({@code keyData}) or {@code cosign verify
 * --key}. The key is created in custody when the repository has none yet, so a policy can be
 * written before the first push.
 */
@RestController
public class OciPublicKeyController {
  private static final Logger log = LoggerFactory.getLogger(OciPublicKeyController.class);
  static final MediaType PEM = MediaType.parseMediaType("application/x-pem-file");

  private final OciSigningKeys keys;

  public OciPublicKeyController(OciSigningKeys keys) {
    this.keys = keys;
  }

  @GetMapping("/api/v1/oci/public-key")
  public ResponseEntity<?> publicKey(@RequestParam(name = "gun", required = false) String gun) {
    if (gun == null || gun.isBlank()) {
      return error(HttpStatus.BAD_REQUEST, "the query parameter gun is required");
    }
    var problem = Gun.problem(gun);
    if (problem.isPresent()) {
      return error(HttpStatus.BAD_REQUEST, "gun " + problem.get());
    }
    try {
      String pem = OciSigningKeys.pem(keys.keyFor(gun).publicKey());
      return ResponseEntity.ok().contentType(PEM).body(pem);
    } catch (CustodyException e) {
      log.warn("no OCI signing key for {}: {}", gun, e.getMessage());
      return error(HttpStatus.SERVICE_UNAVAILABLE, "key custody is unavailable; try again");
    }
  }

  private static ResponseEntity<Map<String, String>> error(HttpStatus status, String message) {
    return ResponseEntity.status(status)
        .contentType(MediaType.APPLICATION_JSON)
        .body(Map.of("error", message));
  }
}
