package dev.trustpipe.signing.notary;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trustpipe.signing.notary.NotaryRoute.CatchAll;
import dev.trustpipe.signing.notary.NotaryRoute.Changefeed;
import dev.trustpipe.signing.notary.NotaryRoute.CurrentMetadata;
import dev.trustpipe.signing.notary.NotaryRoute.Health;
import dev.trustpipe.signing.notary.NotaryRoute.MetadataByChecksum;
import dev.trustpipe.signing.notary.NotaryRoute.MetadataByVersion;
import dev.trustpipe.signing.notary.NotaryRoute.Ping;
import dev.trustpipe.signing.notary.NotaryRoute.ServerKey;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class NotaryRouterTest {

  private static final String GUN = "localhost:5000/demo/app";
  private static final String TUF = "/v2/" + GUN + "/_trust/tuf/";
  private static final String SHA =
      "6353fa1c7b3270f1b2de4ec5b1a718b5d686782036048dda66d19cfc23625eca";

  private static NotaryRoute get(String path) {
    return NotaryRouter.route("GET", path);
  }

  @Test
  void fixedRoutes() {
    assertThat(get("/v2/")).isEqualTo(Ping.INSTANCE);
    assertThat(get("/_notary_server/health")).isEqualTo(Health.INSTANCE);
    assertThat(get("/v2")).isEqualTo(CatchAll.INSTANCE);
    assertThat(get("/v2/_trust/changefeed")).isEqualTo(new Changefeed(null));
    assertThat(get("/v2/" + GUN + "/_trust/changefeed")).isEqualTo(new Changefeed(GUN));
  }

  @Test
  void currentMetadataOfBaseAndDelegationRoles() {
    for (String role : new String[] {"root", "targets", "snapshot", "timestamp"}) {
      assertThat(get(TUF + role + ".json")).isEqualTo(new CurrentMetadata(GUN, role));
    }
    assertThat(get(TUF + "targets/releases.json"))
        .isEqualTo(new CurrentMetadata(GUN, "targets/releases"));
    assertThat(get(TUF + "targets/a/b.c.json"))
        .isEqualTo(new CurrentMetadata(GUN, "targets/a/b.c"));
  }

  @Test
  void versionIsTriedBeforeCurrentAndChecksumBeforeVersion() {
    assertThat(get(TUF + "1.root.json")).isEqualTo(new MetadataByVersion(GUN, "root", "1"));
    assertThat(get(TUF + "2.targets/releases.json"))
        .isEqualTo(new MetadataByVersion(GUN, "targets/releases", "2"));
    assertThat(get(TUF + "0.root.json")).isEqualTo(new MetadataByVersion(GUN, "root", "0"));
    assertThat(get(TUF + "targets." + SHA + ".json"))
        .isEqualTo(new MetadataByChecksum(GUN, "targets", SHA));
    assertThat(get(TUF + "targets/releases." + SHA + ".json"))
        .isEqualTo(new MetadataByChecksum(GUN, "targets/releases", SHA));
    // 96 and 128 hex digits are routed too; upper case as well
    String sha384 = "A".repeat(96);
    assertThat(get(TUF + "root." + sha384 + ".json"))
        .isEqualTo(new MetadataByChecksum(GUN, "root", sha384));
    // 63 hex digits are no checksum: a delegation whose last name segment contains a dot
    assertThat(get(TUF + "targets/x." + SHA.substring(1) + ".json"))
        .isEqualTo(new CurrentMetadata(GUN, "targets/x." + SHA.substring(1)));
  }

  @Test
  void keyRoutesExistOnlyForTimestampAndSnapshot() {
    assertThat(get(TUF + "timestamp.key")).isEqualTo(new ServerKey(GUN, "timestamp"));
    assertThat(get(TUF + "snapshot.key")).isEqualTo(new ServerKey(GUN, "snapshot"));
    assertThat(get(TUF + "root.key")).isEqualTo(CatchAll.INSTANCE);
    assertThat(get(TUF + "targets.key")).isEqualTo(CatchAll.INSTANCE);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        TUF + "nosuchrole.json",
        TUF + "targetsfoo.json",
        TUF + "targets/.json",
        TUF + "targets//x.json",
        TUF + "targets/a b.json",
        TUF + "root",
        TUF,
        "/v2/" + GUN + "/_trust/tuf",
        "/v2//_trust/tuf/root.json",
        "/v2/_trust/tuf/root.json",
        "/v2/a*b/_trust/tuf/root.json",
        "/v2/a*b/_trust/changefeed",
        "/v2/" + GUN + "/_trust/changefeed/",
        "/_notary_server/health/",
        "/metrics",
        "/"
      })
  void everythingElseIsTheCatchAll(String path) {
    assertThat(get(path)).isEqualTo(CatchAll.INSTANCE);
  }

  @ParameterizedTest
  @ValueSource(strings = {"HEAD", "POST", "PUT", "DELETE", "OPTIONS", "PATCH"})
  void onlyGetIsRouted(String method) {
    assertThat(NotaryRouter.route(method, TUF + "timestamp.json")).isEqualTo(CatchAll.INSTANCE);
    assertThat(NotaryRouter.route(method, TUF)).isEqualTo(CatchAll.INSTANCE);
    assertThat(NotaryRouter.route(method, "/v2/")).isEqualTo(CatchAll.INSTANCE);
  }

  @Test
  void gunIsGreedyLikeGorillaMux() {
    // [^*]+ takes the longest GUN that still lets the rest match
    assertThat(get("/v2/a/_trust/tuf/b/_trust/tuf/root.json"))
        .isEqualTo(new CurrentMetadata("a/_trust/tuf/b", "root"));
    // ...but a later route never wins over an earlier one with a shorter GUN
    assertThat(get("/v2/a/_trust/tuf/targets/_trust/tuf/1.root.json"))
        .isEqualTo(new MetadataByVersion("a/_trust/tuf/targets", "root", "1"));
    assertThat(get("/v2/a/_trust/tuf/targets/_trust/tuf/nosuch.json"))
        .isEqualTo(new CurrentMetadata("a", "targets/_trust/tuf/nosuch"));
    assertThat(get("/v2/" + GUN + "/_trust/changefeed/_trust/changefeed"))
        .isEqualTo(new Changefeed(GUN + "/_trust/changefeed"));
  }

  @Test
  void gunsWithColonsPortsAndDeepPaths() {
    String gun = "registry.example.com:5000/team/sub/app";
    assertThat(get("/v2/" + gun + "/_trust/tuf/timestamp.json"))
        .isEqualTo(new CurrentMetadata(gun, "timestamp"));
  }

  @Test
  void servableGuns() {
    assertThat(NotaryRouter.isServableGun(GUN)).isTrue();
    assertThat(NotaryRouter.isServableGun("a".repeat(255))).isTrue();
    assertThat(NotaryRouter.isServableGun("a".repeat(256))).isFalse();
    assertThat(NotaryRouter.isServableGun("é".repeat(127))).isTrue();
    assertThat(NotaryRouter.isServableGun("é".repeat(128))).isFalse();
    assertThat(NotaryRouter.isServableGun("a/../b")).isFalse();
    assertThat(NotaryRouter.isServableGun("a\nb")).isFalse();
    assertThat(NotaryRouter.isServableGun("a\u007fb")).isFalse();
  }

  @Test
  void pathsAreDecodedLikeGo() {
    assertThat(NotaryRouter.decodePath("/v2/a%3Ab/x")).isEqualTo("/v2/a:b/x");
    assertThat(NotaryRouter.decodePath("/v2/a+b")).isEqualTo("/v2/a+b");
    assertThat(NotaryRouter.decodePath("/v2/%C3%A9")).isEqualTo("/v2/é");
    assertThat(NotaryRouter.decodePath("/v2/%0a")).isEqualTo("/v2/\n");
    assertThat(NotaryRouter.decodePath("/v2/%zz")).isNull();
    assertThat(NotaryRouter.decodePath("/v2/%4")).isNull();
    // Tomcat passes raw non-ASCII bytes as ISO-8859-1 characters
    assertThat(NotaryRouter.decodePath("/v2/\u00c3\u00a9")).isEqualTo("/v2/é");
    assertThat(get(NotaryRouter.decodePath("/v2/a%2Ab/_trust/tuf/root.json")))
        .isEqualTo(CatchAll.INSTANCE);
  }
}
