package dev.trustpipe.tuf.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trustpipe.tuf.model.MetadataFormatException;
import dev.trustpipe.tuf.model.SignedMetadata;
import dev.trustpipe.tuf.testing.NotaryVectors;
import java.util.Arrays;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Real metadata with random damage: parsing either succeeds or throws MetadataFormatException,
 * never anything else. Complements the Jazzer test, which only replays its seeds in normal builds.
 */
class MutatedMetadataPropertiesTest {
  private static final List<String[]> FILES =
      List.of(
          new String[] {"root", "notary-ecdsa/metadata/root.json"},
          new String[] {"targets", "notary-ecdsa/metadata/targets.json"},
          new String[] {"targets/qa", "notary-ecdsa/metadata/targets/qa.json"},
          new String[] {"snapshot", "notary-ed25519/metadata/snapshot.json"},
          new String[] {"timestamp", "notary-ed25519/metadata/timestamp.json"});

  record Damage(int file, int position, int kind, byte value, int length) {}

  @Property(tries = 400)
  void damagedMetadataFailsOnlyWithMetadataFormatException(@ForAll("damage") Damage damage) {
    String[] file = FILES.get(damage.file());
    byte[] original = NotaryVectors.read(file[1]);
    byte[] damaged = apply(original, damage);
    try {
      SignedMetadata parsed = SignedMetadata.parse(file[0], damaged);
      assertThat(parsed.bytes()).isEqualTo(damaged);
    } catch (MetadataFormatException expected) {
      assertThat(expected.getMessage()).isNotBlank();
    }
  }

  @Provide
  Arbitrary<Damage> damage() {
    return Combinators.combine(
            Arbitraries.integers().between(0, FILES.size() - 1),
            Arbitraries.integers().between(0, 4000),
            Arbitraries.integers().between(0, 3),
            Arbitraries.of(
                (byte) '"',
                (byte) '\\',
                (byte) '{',
                (byte) '}',
                (byte) '[',
                (byte) ',',
                (byte) ':',
                (byte) '0',
                (byte) '9',
                (byte) '-',
                (byte) 'e',
                (byte) '.',
                (byte) 0,
                (byte) 0x80,
                (byte) 0xff,
                (byte) 'A',
                (byte) '='),
            Arbitraries.integers().between(1, 40))
        .as(Damage::new);
  }

  private static byte[] apply(byte[] original, Damage damage) {
    int position = damage.position() % original.length;
    return switch (damage.kind()) {
      case 0 -> { // overwrite one byte
        byte[] copy = original.clone();
        copy[position] = damage.value();
        yield copy;
      }
      case 1 -> { // delete a range
        int end = Math.min(original.length, position + damage.length());
        byte[] copy = new byte[original.length - (end - position)];
        System.arraycopy(original, 0, copy, 0, position);
        System.arraycopy(original, end, copy, position, original.length - end);
        yield copy;
      }
      case 2 -> { // insert a byte
        byte[] copy = new byte[original.length + 1];
        System.arraycopy(original, 0, copy, 0, position);
        copy[position] = damage.value();
        System.arraycopy(original, position, copy, position + 1, original.length - position);
        yield copy;
      }
      default -> Arrays.copyOf(original, position); // truncate
    };
  }
}
