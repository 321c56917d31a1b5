package dev.trustpipe.tuf.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class RoleNameAndTimeTest {

  @ParameterizedTest
  @ValueSource(
      strings = {"root", "targets", "snapshot", "timestamp", "targets/releases", "targets/a/b-c_1"})
  void validRoleNames(String role) {
    assertThat(RoleName.isValid(role)).isTrue();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "Root",
        "targets/",
        "targets//x",
        "targets/x/",
        "targets/../x",
        "targets/a b",
        "targets/Releases",
        "targets/\n",
        "other",
        "targets/x.y",
        "/targets/x"
      })
  void invalidRoleNames(String role) {
    assertThat(RoleName.isValid(role)).isFalse();
    assertThatThrownBy(() -> RoleName.requireValid(role))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @ParameterizedTest
  @CsvSource({"targets/releases,targets", "targets/a/b,targets/a"})
  void parentsOfDelegations(String role, String parent) {
    assertThat(RoleName.parentOf(role)).isEqualTo(parent);
  }

  @ParameterizedTest
  @CsvSource({
    "2026-12-06T18:03:51.746124993Z,2026-12-06T18:03:51.746124993Z",
    "2029-11-21T18:03:49.017830580Z,2029-11-21T18:03:49.01783058Z",
    "2030-01-01T00:00:00Z,2030-01-01T00:00:00Z",
    "2030-01-01T00:00:00.100Z,2030-01-01T00:00:00.1Z",
    "2030-01-01T00:00:00.000001Z,2030-01-01T00:00:00.000001Z"
  })
  void formatsLikeGosRfc3339Nano(String instant, String expected) {
    assertThat(Rfc3339.format(Instant.parse(instant))).isEqualTo(expected);
    assertThat(Rfc3339.parse(expected)).isEqualTo(Instant.parse(instant));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "2030-01-01",
        "2030-01-01T00:00:00",
        "2030-01-01 00:00:00Z",
        "2030-01-01T00:00:00.Z",
        "2030-01-01T00:00:00.1234567891Z",
        "2030-13-01T00:00:00Z",
        "2030-01-01t00:00:00z"
      })
  void rejectsOtherTimeFormats(String text) {
    assertThatThrownBy(() -> Rfc3339.parse(text)).isInstanceOf(IllegalArgumentException.class);
  }
}
