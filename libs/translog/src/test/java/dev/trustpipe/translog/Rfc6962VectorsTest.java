package dev.trustpipe.translog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * The public RFC 6962 vectors of transparency-dev/merkle and Certificate Transparency (see
 * src/test/resources/rfc6962/ORIGIN.md): roots and proofs generated from the 8 reference leaves
 * equal the published ones, and every published verification probe is accepted or refused exactly
 * as its {@code wantErr} says.
 */
class Rfc6962VectorsTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HexFormat HEX = HexFormat.of();

  private static JsonNode generation() throws IOException {
    try (InputStream in =
        Rfc6962VectorsTest.class.getResourceAsStream("/rfc6962/generation.json")) {
      return JSON.readTree(in);
    }
  }

  private static InMemoryTree referenceTree(JsonNode vectors) {
    InMemoryTree tree = new InMemoryTree();
    vectors.get("leaves").forEach(leaf -> tree.appendData(HEX.parseHex(leaf.asText())));
    return tree;
  }

  @Test
  void rootsOfEveryPrefixOfTheReferenceLeaves() throws IOException {
    JsonNode vectors = generation();
    InMemoryTree tree = referenceTree(vectors);
    JsonNode roots = vectors.get("roots");
    assertThat(roots.size()).isEqualTo(9);
    for (int size = 0; size <= 8; size++) {
      assertThat(HEX.formatHex(tree.root(size)))
          .as("root of size %d", size)
          .isEqualTo(roots.get(size).asText());
    }
    assertThat(HEX.formatHex(tree.root())).isEqualTo(roots.get(8).asText());
  }

  @Test
  void inclusionProofsAreThePublishedOnesAndVerify() throws IOException {
    JsonNode vectors = generation();
    InMemoryTree tree = referenceTree(vectors);
    for (JsonNode vector : vectors.get("inclusion")) {
      long index = vector.get("index").asLong();
      long size = vector.get("size").asLong();
      List<byte[]> proof = tree.inclusionProof(index, size);
      assertThat(proof.stream().map(HEX::formatHex).toList())
          .as("inclusion %d in %d", index, size)
          .isEqualTo(hexList(vector.get("proof")));
      byte[] leaf = tree.perfect(0, index);
      MerkleTree.verifyInclusion(index, size, leaf, proof, tree.root(size));
    }
  }

  @Test
  void consistencyProofsAreThePublishedOnesAndVerify() throws IOException {
    JsonNode vectors = generation();
    InMemoryTree tree = referenceTree(vectors);
    for (JsonNode vector : vectors.get("consistency")) {
      long size1 = vector.get("size1").asLong();
      long size2 = vector.get("size2").asLong();
      List<byte[]> proof = tree.consistencyProof(size1, size2);
      assertThat(proof.stream().map(HEX::formatHex).toList())
          .as("consistency %d to %d", size1, size2)
          .isEqualTo(hexList(vector.get("proof")));
      MerkleTree.verifyConsistency(size1, size2, proof, tree.root(size1), tree.root(size2));
    }
  }

  @Test
  void everyProofOfTheReferenceTreeFailsWhenOneByteChanges() throws IOException {
    InMemoryTree tree = referenceTree(generation());
    for (long size = 1; size <= 8; size++) {
      for (long index = 0; index < size; index++) {
        List<byte[]> proof = tree.inclusionProof(index, size);
        for (int i = 0; i < proof.size(); i++) {
          List<byte[]> bad = flip(proof, i);
          long finalIndex = index;
          long finalSize = size;
          assertThatThrownBy(
                  () ->
                      MerkleTree.verifyInclusion(
                          finalIndex,
                          finalSize,
                          tree.perfect(0, finalIndex),
                          bad,
                          tree.root(finalSize)))
              .isInstanceOf(InvalidProofException.class);
        }
      }
    }
  }

  @TestFactory
  Stream<DynamicTest> transparencyDevInclusionProbes() throws Exception {
    return probes("inclusion")
        .map(
            file ->
                DynamicTest.dynamicTest(
                    file.getParent().getFileName() + "/" + file.getFileName(),
                    () -> {
                      JsonNode probe = JSON.readTree(file.toFile());
                      boolean wantErr = probe.get("wantErr").asBoolean();
                      Runnable check =
                          () ->
                              MerkleTree.verifyInclusion(
                                  probe.get("leafIdx").bigIntegerValue().longValue(),
                                  probe.get("treeSize").bigIntegerValue().longValue(),
                                  bytes(probe.get("leafHash")),
                                  hashes(probe.get("proof")),
                                  bytes(probe.get("root")));
                      if (wantErr) {
                        assertThatThrownBy(check::run).isInstanceOf(InvalidProofException.class);
                      } else {
                        check.run();
                      }
                    }));
  }

  @TestFactory
  Stream<DynamicTest> transparencyDevConsistencyProbes() throws Exception {
    return probes("consistency")
        .map(
            file ->
                DynamicTest.dynamicTest(
                    file.getParent().getFileName() + "/" + file.getFileName(),
                    () -> {
                      JsonNode probe = JSON.readTree(file.toFile());
                      boolean wantErr = probe.get("wantErr").asBoolean();
                      Runnable check =
                          () ->
                              MerkleTree.verifyConsistency(
                                  probe.get("size1").bigIntegerValue().longValue(),
                                  probe.get("size2").bigIntegerValue().longValue(),
                                  hashes(probe.get("proof")),
                                  bytes(probe.get("root1")),
                                  bytes(probe.get("root2")));
                      if (wantErr) {
                        assertThatThrownBy(check::run).isInstanceOf(InvalidProofException.class);
                      } else {
                        check.run();
                      }
                    }));
  }

  @Test
  void theProbeSetsAreAllThere() throws Exception {
    assertThat(probes("inclusion").count()).isGreaterThan(90);
    assertThat(probes("consistency").count()).isGreaterThan(90);
  }

  private static Stream<Path> probes(String kind) throws IOException, URISyntaxException {
    Path root = Path.of(Rfc6962VectorsTest.class.getResource("/rfc6962/" + kind).toURI());
    try (Stream<Path> files = Files.walk(root)) {
      return files.filter(p -> p.toString().endsWith(".json")).sorted().toList().stream();
    }
  }

  private static byte[] bytes(JsonNode node) {
    return node == null || node.isNull() ? null : Base64.getDecoder().decode(node.asText());
  }

  /** Go's nil proof is an empty proof. */
  private static List<byte[]> hashes(JsonNode node) {
    List<byte[]> out = new ArrayList<>();
    if (node != null && !node.isNull()) {
      node.forEach(h -> out.add(h.isNull() ? new byte[0] : Base64.getDecoder().decode(h.asText())));
    }
    return out;
  }

  private static List<String> hexList(JsonNode node) {
    List<String> out = new ArrayList<>();
    node.forEach(h -> out.add(h.asText()));
    return out;
  }

  static List<byte[]> flip(List<byte[]> proof, int which) {
    List<byte[]> copy = new ArrayList<>();
    for (byte[] hash : proof) {
      copy.add(hash.clone());
    }
    copy.get(which)[which % Hashes.SIZE] ^= 0x01;
    return copy;
  }
}
