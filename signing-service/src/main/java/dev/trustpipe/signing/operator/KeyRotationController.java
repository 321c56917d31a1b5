package dev.trustpipe.signing.operator;

import dev.trustpipe.contracts.Gun;
import dev.trustpipe.custody.BearerToken;
import dev.trustpipe.custody.CustodyException;
import dev.trustpipe.signing.keys.KeyRotation;
import dev.trustpipe.signing.keys.RepositoryKeyring;
import dev.trustpipe.truststore.KeyRecord;
import dev.trustpipe.truststore.TrustStore;
import dev.trustpipe.tuf.model.SignedMetadata;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The key operator API of the signing-service (on the Notary port, TLS; {@code Authorization:
 * Bearer <operator token>}):
 *
 * <ul>
 *   <li>{@code GET /api/v1/keys?gun=<gun>}: the current key id, type and custody reference of each
 *       role (no key material beyond the public key id);
 *   <li>{@code POST /api/v1/keys/rotate?gun=<gun>&role=<role>[&actor=<name>]}: rotates the role's
 *       key ({@link KeyRotation}) and answers with the old and new key ids and the new versions.
 * </ul>
 *
 * 401 without a valid token, 400 for a bad GUN or a role TrustPipe does not hold, 404 for a
 * repository without trust data, 503 when custody fails (nothing changed).
 */
@RestController
public class KeyRotationController {
  private static final Logger log = LoggerFactory.getLogger(KeyRotationController.class);
  private static final int MAX_ACTOR_LENGTH = 200;

  private final KeyRotation rotation;
  private final TrustStore store;
  private final BearerToken operatorToken;

  public KeyRotationController(KeyRotation rotation, TrustStore store, BearerToken operatorToken) {
    this.rotation = rotation;
    this.store = store;
    this.operatorToken = operatorToken;
  }

  public record RoleKey(String role, String keyId, String keyType, String custody) {}

  public record RotationResponse(
      String gun,
      String role,
      String oldKeyId,
      String newKeyId,
      String eventId,
      Map<String, Integer> versions) {}

  @GetMapping("/api/v1/keys")
  public ResponseEntity<?> keys(
      @RequestHeader(name = "Authorization", required = false) String authorization,
      @RequestParam(name = "gun", required = false) String gun) {
    ResponseEntity<?> refused = refuse(authorization, gun);
    if (refused != null) {
      return refused;
    }
    List<RoleKey> keys =
        RepositoryKeyring.MANAGED_ROLES.stream()
            .flatMap(role -> store.key(gun, role).stream())
            .map(KeyRotationController::view)
            .toList();
    if (keys.isEmpty()) {
      return error(HttpStatus.NOT_FOUND, "TrustPipe holds no keys of " + gun);
    }
    return ResponseEntity.ok(Map.of("gun", gun, "keys", keys));
  }

  @PostMapping("/api/v1/keys/rotate")
  public ResponseEntity<?> rotate(
      @RequestHeader(name = "Authorization", required = false) String authorization,
      @RequestParam(name = "gun", required = false) String gun,
      @RequestParam(name = "role", required = false) String role,
      @RequestParam(name = "actor", required = false) String actor) {
    ResponseEntity<?> refused = refuse(authorization, gun);
    if (refused != null) {
      return refused;
    }
    if (role == null || !RepositoryKeyring.MANAGED_ROLES.contains(role)) {
      return error(
          HttpStatus.BAD_REQUEST,
          "role must be one of " + RepositoryKeyring.MANAGED_ROLES + ", was " + printable(role));
    }
    String who = actor == null || actor.isBlank() ? "operator" : actor.strip();
    if (who.length() > MAX_ACTOR_LENGTH || who.chars().anyMatch(Character::isISOControl)) {
      return error(HttpStatus.BAD_REQUEST, "actor must be printable, at most 200 characters");
    }
    try {
      KeyRotation.Rotation done = rotation.rotate(gun, role, who);
      Map<String, Integer> versions = new LinkedHashMap<>();
      for (SignedMetadata file : done.files()) {
        versions.put(file.role(), file.version());
      }
      log.info(
          "rotated the {} key of {} for {}: {} -> {}",
          role,
          gun,
          who,
          done.oldKeyId(),
          done.newKeyId());
      return ResponseEntity.ok(
          new RotationResponse(
              gun, role, done.oldKeyId(), done.newKeyId(), done.eventId(), versions));
    } catch (KeyRotation.UnknownRepositoryException e) {
      return error(HttpStatus.NOT_FOUND, e.getMessage());
    } catch (IllegalArgumentException e) {
      return error(HttpStatus.BAD_REQUEST, e.getMessage());
    } catch (CustodyException e) {
      log.warn("rotation of the {} key of {} failed in custody: {}", role, gun, e.getMessage());
      return error(HttpStatus.SERVICE_UNAVAILABLE, "key custody is unavailable; nothing changed");
    }
  }

  /** The refusal for a request without the operator token or with a bad GUN, else null. */
  private ResponseEntity<?> refuse(String authorization, String gun) {
    if (!operatorToken.matches(BearerToken.fromAuthorizationHeader(authorization))) {
      return ResponseEntity.status(HttpStatus.UNAUTHORIZED)
          .header("WWW-Authenticate", "Bearer realm=\"trustpipe-operator\"")
          .contentType(MediaType.APPLICATION_JSON)
          .body(Map.of("error", "a bearer token with the operator role is required"));
    }
    if (gun == null || gun.isBlank()) {
      return error(HttpStatus.BAD_REQUEST, "the query parameter gun is required");
    }
    var problem = Gun.problem(gun);
    return problem.map(p -> error(HttpStatus.BAD_REQUEST, "gun " + p)).orElse(null);
  }

  private static RoleKey view(KeyRecord key) {
    return new RoleKey(
        key.role(),
        key.keyId(),
        key.keyType(),
        key.custodyBackend() + ":" + key.custodyKeyName() + "@v" + key.custodyKeyVersion());
  }

  private static String printable(String value) {
    return value == null ? "nothing" : "\"" + value.replaceAll("\\p{Cntrl}", "?") + "\"";
  }

  private static ResponseEntity<Map<String, String>> error(HttpStatus status, String message) {
    return ResponseEntity.status(status)
        .contentType(MediaType.APPLICATION_JSON)
        .body(Map.of("error", message));
  }
}
