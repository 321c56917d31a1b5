package dev.trustpipe.signing.pipeline;

import static dev.trustpipe.signing.support.RegistryEvents.CODEC;
import static org.assertj.core.api.Assertions.assertThat;

import dev.trustpipe.signing.support.RegistryEvents;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TagEventTest {
  private static final String GUN = "registry.example.com/team/app";
  private static final String HEX = "0123456789abcdef".repeat(4);

  @ParameterizedTest
  @ValueSource(strings = {".sig", ".att", ".sbom"})
  void pushesAndDeletesOfSigstoreAttachmentsAreNeverSigned(String suffix) {
    String tag = "sha256-" + HEX + suffix;

    TagEvent push =
        TagEvent.of(CODEC.decode(CODEC.encode(RegistryEvents.push(GUN, tag, "sig", 300, "p-1"))));
    TagEvent delete =
        TagEvent.of(CODEC.decode(CODEC.encode(RegistryEvents.deleteTag(GUN, tag, "d-1"))));

    assertThat(push).isInstanceOf(TagEvent.Attachment.class);
    assertThat(((TagEvent.Attachment) push).tag()).isEqualTo(tag);
    assertThat(delete).isInstanceOf(TagEvent.Attachment.class);
  }

  @Test
  void tagsThatOnlyLookLikeAttachmentsAreSignedAsUsual() {
    for (String tag :
        new String[] {"sha256-" + HEX.substring(1) + ".sig", "sha256-" + HEX + ".sigx", "v1.sig"}) {
      TagEvent push =
          TagEvent.of(CODEC.decode(CODEC.encode(RegistryEvents.push(GUN, tag, "x", 300, "p-2"))));
      assertThat(push).as(tag).isInstanceOf(TagEvent.SignTag.class);
    }
  }
}
