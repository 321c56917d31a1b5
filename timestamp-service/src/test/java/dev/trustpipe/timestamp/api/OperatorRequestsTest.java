package dev.trustpipe.timestamp.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class OperatorRequestsTest {
  @Test
  void parsesTheDocumentedShapesAndRefusesTheRest() {
    assertThat(OperatorRequests.within("P3D")).isEqualTo(Duration.ofDays(3));
    assertThat(OperatorRequests.within("PT12H")).isEqualTo(Duration.ofHours(12));
    for (String bad : new String[] {"", "3d", "-P1D", "P3651D", "PT99999999999999999H"}) {
      assertThatThrownBy(() -> OperatorRequests.within(bad))
          .as(bad)
          .isInstanceOf(IllegalArgumentException.class);
    }
    assertThat(OperatorRequests.gun("/registry.example.com/team/app"))
        .isEqualTo("registry.example.com/team/app");
    assertThatThrownBy(() -> OperatorRequests.gun("/a b"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> OperatorRequests.gun("/"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(OperatorRequests.limit(null)).isEqualTo(1000);
    assertThatThrownBy(() -> OperatorRequests.limit("0"))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
