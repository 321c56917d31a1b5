package dev.trustpipe.timestamp.api;

import dev.trustpipe.timestamp.RenewalLoop;
import dev.trustpipe.timestamp.TimestampProperties;
import dev.trustpipe.timestamp.renewal.RenewalEngine;
import dev.trustpipe.timestamp.renewal.RenewalResult;
import dev.trustpipe.timestamp.renewal.RenewalSettings;
import dev.trustpipe.timestamp.renewal.RenewalStatus;
import dev.trustpipe.truststore.ExpiringMetadata;
import dev.trustpipe.truststore.TrustStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The operator API (INTERFACES.md: {@code http://127.0.0.1:8082/api/v1/...}): what is close to
 * expiry, and a forced renewal of one repository.
 */
@RestController
public class OperatorController {
  private final TrustStore store;
  private final RenewalEngine engine;
  private final RenewalLoop loop;
  private final Duration offlineWarnBefore;
  private final Clock clock;

  public OperatorController(
      TrustStore store,
      RenewalEngine engine,
      RenewalLoop loop,
      TimestampProperties properties,
      Clock clock) {
    this.store = store;
    this.engine = engine;
    this.loop = loop;
    this.offlineWarnBefore = properties.offlineWarnBefore();
    this.clock = clock;
  }

  /** One role close to expiry. {@code renewable=false}: its key is offline (the owner's root). */
  public record ExpiringItem(
      String gun, String role, int version, Instant expires, boolean renewable) {}

  public record FailingItem(String gun, int failures, Instant retryAt, String lastError) {}

  public record ExpiringResponse(
      Instant asOf,
      String within,
      List<ExpiringItem> items,
      boolean truncated,
      String offlineWarnBefore,
      List<ExpiringItem> offline,
      List<FailingItem> failing) {}

  /**
   * {@code GET /api/v1/expiring?within=P3D[&limit=N]}: renewable roles expiring within {@code
   * within}, earliest first; roles needing offline keys within max(within, the offline warning
   * window); repositories whose renewal is failing.
   */
  @GetMapping("/api/v1/expiring")
  public ExpiringResponse expiring(
      @RequestParam(name = "within", defaultValue = "P3D") String withinText,
      @RequestParam(name = "limit", required = false) String limitText) {
    Duration within = OperatorRequests.within(withinText);
    int limit = OperatorRequests.limit(limitText);
    Instant now = clock.instant();
    RenewalSettings settings = engine.settings();
    List<ExpiringItem> items = new ArrayList<>();
    boolean truncated = false;
    for (String role : settings.renewBefore().keySet()) {
      List<ExpiringMetadata> due = store.expiringBefore(role, now.plus(within), limit + 1);
      truncated |= due.size() > limit;
      due.stream().limit(limit).map(e -> item(e, true)).forEach(items::add);
    }
    items.sort(Comparator.comparing(ExpiringItem::expires).thenComparing(ExpiringItem::gun));
    if (items.size() > limit) {
      truncated = true;
      items = new ArrayList<>(items.subList(0, limit));
    }
    Duration offlineWindow = within.compareTo(offlineWarnBefore) > 0 ? within : offlineWarnBefore;
    List<ExpiringItem> offline =
        store.expiringBefore(RenewalStatus.OFFLINE_ROLE, now.plus(offlineWindow), limit).stream()
            .map(e -> item(e, false))
            .toList();
    List<FailingItem> failing =
        store.renewalFailures(limit).stream()
            .map(f -> new FailingItem(f.gun(), f.failures(), f.retryAt(), f.lastError()))
            .toList();
    return new ExpiringResponse(
        now, within.toString(), items, truncated, offlineWindow.toString(), offline, failing);
  }

  /** {@code POST /api/v1/renew/{gun}}: renews the repository's timestamp now (and what is due). */
  @PostMapping("/api/v1/renew/{*gun}")
  public ResponseEntity<Map<String, Object>> renew(@PathVariable("gun") String gunPath) {
    String gun = OperatorRequests.gun(gunPath);
    RenewalEngine.Forced forced = engine.renewNow(gun);
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("gun", gun);
    switch (forced.outcome()) {
      case UNKNOWN_REPOSITORY -> {
        body.put("error", "no such repository");
        return ResponseEntity.status(HttpStatus.NOT_FOUND).body(body);
      }
      case HELD_BY_ANOTHER_REPLICA -> {
        body.put("error", "another replica is renewing this repository; retry shortly");
        return ResponseEntity.status(HttpStatus.CONFLICT).body(body);
      }
      default -> {}
    }
    RenewalResult result = forced.result();
    loop.record(result);
    body.put(
        "renewed",
        result.renewed().stream()
            .map(r -> Map.of("role", r.role(), "version", r.version(), "expires", r.expires()))
            .toList());
    if (!result.failed().isEmpty()) {
      RenewalResult.Failure failure = result.failed().get(0);
      body.put("error", failure.error());
      body.put("retryAt", failure.retryAt());
      return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).body(body);
    }
    return ResponseEntity.ok(body);
  }

  @ExceptionHandler(IllegalArgumentException.class)
  public ResponseEntity<Map<String, String>> badRequest(IllegalArgumentException e) {
    return ResponseEntity.badRequest().body(Map.of("error", e.getMessage()));
  }

  private static ExpiringItem item(ExpiringMetadata e, boolean renewable) {
    return new ExpiringItem(e.gun(), e.role(), e.version(), e.expires(), renewable);
  }
}
