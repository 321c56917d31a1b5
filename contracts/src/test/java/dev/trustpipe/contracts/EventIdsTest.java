package dev.trustpipe.contracts;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;
import org.junit.jupiter.api.Test;

class EventIdsTest {

  @Test
  void aRedeliveredRegistryEventGetsTheSameId() {
    String first = EventIds.forRegistryEvent("distribution", "127.0.0.1:5000", "evt-1");
    String again = EventIds.forRegistryEvent("distribution", "127.0.0.1:5000", "evt-1");

    assertThat(again).isEqualTo(first);
    assertThat(UUID.fromString(first).version()).isEqualTo(5);
  }

  @Test
  void differentEventsGetDifferentIds() {
    assertThat(EventIds.forRegistryEvent("distribution", "127.0.0.1:5000", "evt-1"))
        .isNotEqualTo(EventIds.forRegistryEvent("distribution", "127.0.0.1:5000", "evt-2"))
        .isNotEqualTo(EventIds.forRegistryEvent("harbor", "127.0.0.1:5000", "evt-1"))
        // length-prefixed parts: moving a separator does not collide
        .isNotEqualTo(EventIds.forRegistryEvent("distribution", "127.0.0.1:5000e", "vt-1"));
    assertThat(EventIds.derived("evt-1", "rejected"))
        .isNotEqualTo(EventIds.derived("evt-1", "trust-changed"));
  }
}
