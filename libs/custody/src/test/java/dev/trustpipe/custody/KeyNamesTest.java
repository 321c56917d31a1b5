package dev.trustpipe.custody;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import net.jqwik.api.Assume;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class KeyNamesTest {

  @Test
  void forRoleIsReadableAndDeterministic() {
    String name = KeyNames.forRole("registry.example.com/team/app", "targets/releases");

    assertThat(name).matches("registry-example-com-team-app_targets-releases_[0-9a-f]{16}");
    assertThat(KeyNames.forRole("registry.example.com/team/app", "targets/releases"))
        .isEqualTo(name);
    assertThat(KeyNames.isValid(name)).isTrue();
  }

  @Test
  void forRoleKeepsApartWhatTheReadablePartFolds() {
    String lower = KeyNames.forRole("registry.example.com/team/app", "timestamp");

    assertThat(KeyNames.forRole("registry.example.com/team/App", "timestamp")).isNotEqualTo(lower);
    assertThat(KeyNames.forRole("registry-example.com/team/app", "timestamp")).isNotEqualTo(lower);
    assertThat(KeyNames.forRole("registry.example.com/team/app", "snapshot")).isNotEqualTo(lower);
    // the separator between GUN and role cannot be forged by either part
    assertThat(KeyNames.forRole("a/b", "c")).isNotEqualTo(KeyNames.forRole("a", "b/c"));
  }

  @Test
  void forRoleTruncatesLongGunsToAValidName() {
    String name =
        KeyNames.forRole("registry.example.com/" + "very-long-path/".repeat(40) + "app", "root");

    assertThat(name).hasSizeLessThanOrEqualTo(KeyNames.MAX_LENGTH);
    assertThat(KeyNames.isValid(name)).isTrue();
  }

  @Test
  void forRoleRejectsBlankAndControlCharacters() {
    assertThatThrownBy(() -> KeyNames.forRole(" ", "root"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> KeyNames.forRole("example.com/app", "ro\u0000ot"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Property(tries = 300)
  void forRoleAlwaysGivesAValidName(@ForAll String gun, @ForAll String role) {
    Assume.that(acceptable(gun) && acceptable(role));

    assertThat(KeyNames.isValid(KeyNames.forRole(gun, role))).isTrue();
  }

  @Property(tries = 300)
  void differentRepositoriesGetDifferentNames(
      @ForAll String gun, @ForAll String otherGun, @ForAll String role) {
    Assume.that(acceptable(gun) && acceptable(otherGun) && acceptable(role));
    Assume.that(!gun.equals(otherGun));

    assertThat(KeyNames.forRole(gun, role)).isNotEqualTo(KeyNames.forRole(otherGun, role));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        ".",
        "..",
        "../escape",
        "a/../../b",
        "a/b",
        "a\\b",
        ".hidden",
        "-starts-with-dash",
        "a..b",
        "new\nline",
        "nul\u0000byte",
        "tab\there",
        "space here",
        "caf\u00e9",
        "C:drive"
      })
  void rejectsUnsafeNames(String name) {
    assertThat(KeyNames.isValid(name)).isFalse();
    assertThatThrownBy(() -> KeyNames.requireValid(name))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("invalid key name")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n", "\u0000", "\t"));
  }

  @Test
  void rejectsNamesLongerThanTheLimit() {
    assertThat(KeyNames.isValid("a".repeat(KeyNames.MAX_LENGTH))).isTrue();
    assertThat(KeyNames.isValid("a".repeat(KeyNames.MAX_LENGTH + 1))).isFalse();
  }

  @ParameterizedTest
  @ValueSource(strings = {"timestamp", "example-com_app_root_0123abcd", "Key.v2", "a"})
  void acceptsSafeNames(String name) {
    assertThat(KeyNames.requireValid(name)).isEqualTo(name);
  }

  private static boolean acceptable(String text) {
    return !text.isBlank() && text.chars().noneMatch(Character::isISOControl);
  }
}
