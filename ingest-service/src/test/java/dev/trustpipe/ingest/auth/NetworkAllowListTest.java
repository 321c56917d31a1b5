package dev.trustpipe.ingest.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class NetworkAllowListTest {

  @Test
  void emptyAllowsEverything() {
    assertThat(NetworkAllowList.of(List.of()).allows("203.0.113.9")).isTrue();
  }

  @Test
  void cidrBlocksAndSingleAddresses() {
    NetworkAllowList list = NetworkAllowList.of(List.of("192.168.0.0/16", "203.0.113.7", "::1"));
    assertThat(list.allows("192.168.255.1")).isTrue();
    assertThat(list.allows("192.169.0.1")).isFalse();
    assertThat(list.allows("203.0.113.7")).isTrue();
    assertThat(list.allows("203.0.113.8")).isFalse();
    assertThat(list.allows("0:0:0:0:0:0:0:1")).isTrue();
    // an IPv4-mapped IPv6 peer is its IPv4 address
    assertThat(list.allows("::ffff:192.168.1.1")).isTrue();
  }

  @Test
  void namesAreNeverResolved() {
    NetworkAllowList list = NetworkAllowList.of(List.of("127.0.0.0/8"));
    assertThat(list.allows("localhost")).isFalse();
    assertThat(list.allows("")).isFalse();
    assertThat(list.allows(null)).isFalse();
    assertThatThrownBy(() -> NetworkAllowList.of(List.of("registry.example.com")))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> NetworkAllowList.of(List.of("10.0.0.0/33")))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void zeroPrefixAllowsTheWholeFamily() {
    NetworkAllowList list = NetworkAllowList.of(List.of("0.0.0.0/0"));
    assertThat(list.allows("8.8.8.8")).isTrue();
    assertThat(list.allows("2001:db8::1")).isFalse();
  }
}
