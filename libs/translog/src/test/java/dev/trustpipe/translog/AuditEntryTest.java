package dev.trustpipe.translog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.StringReader;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class AuditEntryTest {

  static AuditEntry entry(long sequence, String prevHash, String gun) {
    return new AuditEntry(
        sequence,
        Instant.parse("2026-11-23T12:00:00.123456789Z").plusSeconds(sequence),
        "event-" + sequence,
        "dev.trustpipe.trust.changed.v1",
        "push",
        gun,
        "/trustpipe/signing-service",
        "/trustpipe/signing-service",
        "targets/releases",
        (int) sequence,
        "ab".repeat(32),
        "v1",
        "sha256:" + "cd".repeat(32),
        List.of(
            new AuditEntry.TargetChange(
                "v1", "sha256:" + "cd".repeat(32), AuditEntry.Change.added)),
        List.of("ef".repeat(32)),
        List.of("push-" + sequence),
        null,
        prevHash);
  }

  /** A chain of {@code size} entries as the log would store them. */
  static List<String> export(int size) {
    List<String> lines = new ArrayList<>();
    String prev = AuditEntry.GENESIS;
    for (int i = 1; i <= size; i++) {
      AuditEntry e = entry(i, prev, "registry.example/team/app" + (i % 3));
      lines.add(ExportLine.format(e, e.entryHash(), e.leafHash()));
      prev = e.entryHash();
    }
    return lines;
  }

  @Test
  void theCanonicalFormIsSortedCompactAndStable() {
    AuditEntry e = entry(1, AuditEntry.GENESIS, "registry.example/team/app");
    assertThat(e.canonicalJson())
        .isEqualTo(
            "{\"action\":\"push\",\"actor\":\"/trustpipe/signing-service\","
                + "\"causeEventIds\":[\"push-1\"],\"digest\":\"sha256:"
                + "cd".repeat(32)
                + "\",\"eventId\":\"event-1\",\"eventType\":\"dev.trustpipe.trust.changed.v1\","
                + "\"gun\":\"registry.example/team/app\",\"keyIds\":[\""
                + "ef".repeat(32)
                + "\"],\"metadataSha256\":\""
                + "ab".repeat(32)
                + "\",\"prevHash\":\""
                + "0".repeat(64)
                + "\",\"role\":\"targets/releases\",\"sequence\":1,"
                + "\"source\":\"/trustpipe/signing-service\",\"tag\":\"v1\",\"targets\":[{\"change\":\"added\","
                + "\"digest\":\"sha256:"
                + "cd".repeat(32)
                + "\",\"name\":\"v1\"}],\"time\":\"2026-11-23T12:00:01.123456Z\",\"version\":1}");
    assertThat(e.entryHash()).isEqualTo(Hashes.hex(Hashes.sha256(e.canonicalBytes())));
  }

  @Test
  void controlCharactersAreEscapedLikeRfc8785() {
    AuditEntry e =
        new AuditEntry(
            1,
            Instant.EPOCH,
            "id",
            "t",
            "rejected",
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            "a\"b\\c\n\u0001\u00e9",
            AuditEntry.GENESIS);
    assertThat(e.canonicalJson()).contains("\"detail\":\"a\\\"b\\\\c\\n\\u0001\u00e9\"");
    assertThat(e.canonicalJson()).contains("\"time\":\"1970-01-01T00:00:00.000000Z\"");
  }

  @Test
  void timesAreFormattedWithSixFractionalDigitsLikeTheFormatter() {
    java.time.format.DateTimeFormatter reference =
        java.time.format.DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSS'Z'")
            .withZone(java.time.ZoneOffset.UTC);
    java.util.SplittableRandom random = new java.util.SplittableRandom(7);
    for (int i = 0; i < 10_000; i++) {
      Instant t =
          Instant.ofEpochSecond(random.nextLong(253_402_300_800L), random.nextInt(1_000_000_000));
      AuditEntry e = entry(1, AuditEntry.GENESIS, "g").at(1, AuditEntry.GENESIS);
      AuditEntry at =
          new AuditEntry(
              1,
              t,
              "id",
              "t",
              "a",
              null,
              null,
              null,
              null,
              null,
              null,
              null,
              null,
              null,
              null,
              null,
              null,
              AuditEntry.GENESIS);
      assertThat(at.formattedTime()).isEqualTo(reference.format(at.time()));
      assertThat(ExportLine.canonicalTime(at.formattedTime())).isEqualTo(at.time());
      assertThat(e.formattedTime()).isEqualTo(reference.format(e.time()));
    }
  }

  @Test
  void theFastTimeParserRefusesWhatIsNotTheCanonicalForm() {
    for (String bad :
        List.of(
            "2026-02-30T00:00:00.000000Z",
            "2026-01-01T24:00:00.000000Z",
            "2026-01-01T00:60:00.000000Z",
            "2026-01-01T00:00:00.00000aZ",
            "2026-01-01 00:00:00.000000Z",
            "2026-01-01T00:00:00.000000+",
            "+026-01-01T00:00:00.000000Z")) {
      assertThat(ExportLine.canonicalTime(bad)).as(bad).isNull();
    }
  }

  @Test
  void anExportLineParsesBackToTheSameEntry() {
    AuditEntry e = entry(7, "12".repeat(32), "registry.example/a");
    ExportLine line = ExportLine.parse(ExportLine.format(e, e.entryHash(), e.leafHash()));
    assertThat(line.entry()).isEqualTo(e);
    assertThat(line.entryHash()).isEqualTo(e.entryHash());
    assertThat(line.logIndex()).isEqualTo(6);
  }

  @Test
  void exportLinesWithUnknownMembersDuplicatesOrWrongTypesAreRefused() {
    String good = export(1).get(0);
    for (String bad :
        List.of(
            "",
            "[]",
            good.replace("{\"action\"", "{\"extra\":1,\"action\""),
            good.replace("{\"action\":\"push\"", "{\"action\":\"push\",\"action\":\"push\""),
            good.replace("\"sequence\":1", "\"sequence\":\"1\""),
            good.replace("\"sequence\":1", "\"sequence\":1.5"),
            good.replace("\"sequence\":1", "\"sequence\":99999999999999999999999"),
            good.replace("\"time\":\"2026-11-23T12:00:01.123456Z\"", "\"time\":\"yesterday\""),
            good + "x")) {
      assertThatThrownBy(() -> ExportLine.parse(bad))
          .as(bad)
          .isInstanceOf(NoteFormatException.class);
    }
  }

  @Test
  void anIntactExportVerifiesAgainstItsSignedCheckpoint() throws Exception {
    List<String> lines = export(20);
    Signed signed = checkpoint(lines, 20);
    VerificationReport report = ExportVerifier.verify(reader(lines), signed.note, signed.key);
    assertThat(report.ok()).isTrue();
    assertThat(report.entries()).isEqualTo(20);
    assertThat(report.firstBadSequence()).isNull();
    assertThat(report.checkpointSize()).isEqualTo(20);
  }

  @Test
  void aChangedEntryIsReportedAtItsSequence() throws Exception {
    List<String> lines = export(20);
    Signed signed = checkpoint(lines, 20);
    lines.set(11, lines.get(11).replace("registry.example/team/app", "registry.example/evil/app"));
    VerificationReport report = ExportVerifier.verify(reader(lines), signed.note, signed.key);
    assertThat(report.ok()).isFalse();
    assertThat(report.firstBadSequence()).isEqualTo(12);
    assertThat(report.reason()).contains("stored hash");
  }

  @Test
  void aDeletedEntryIsReportedAtTheGap() throws Exception {
    List<String> lines = export(20);
    Signed signed = checkpoint(lines, 20);
    lines.remove(4);
    VerificationReport report = ExportVerifier.verify(reader(lines), signed.note, signed.key);
    assertThat(report.firstBadSequence()).isEqualTo(5);
  }

  @Test
  void reorderedEntriesAreReportedAtTheFirstMovedOne() throws Exception {
    List<String> lines = export(20);
    Signed signed = checkpoint(lines, 20);
    String eighth = lines.get(7);
    lines.set(7, lines.get(8));
    lines.set(8, eighth);
    VerificationReport report = ExportVerifier.verify(reader(lines), signed.note, signed.key);
    assertThat(report.firstBadSequence()).isEqualTo(8);
  }

  @Test
  void aConsistentlyRewrittenHistoryFailsTheCheckpointRoot() throws Exception {
    List<String> lines = export(20);
    Signed signed = checkpoint(lines, 20);
    // recompute every hash after changing entry 3: the chain alone cannot tell
    List<String> rewritten = new ArrayList<>();
    String prev = AuditEntry.GENESIS;
    for (int i = 1; i <= 20; i++) {
      AuditEntry e =
          entry(i, prev, i == 3 ? "registry.example/evil" : "registry.example/team/app" + (i % 3));
      rewritten.add(ExportLine.format(e, e.entryHash(), e.leafHash()));
      prev = e.entryHash();
    }
    assertThat(ExportVerifier.verify(reader(rewritten), null, null).ok()).isTrue();
    VerificationReport report = ExportVerifier.verify(reader(rewritten), signed.note, signed.key);
    assertThat(report.ok()).isFalse();
    assertThat(report.reason()).contains("root");
  }

  @Test
  void anExportShorterThanTheCheckpointFails() throws Exception {
    List<String> lines = export(20);
    Signed signed = checkpoint(lines, 20);
    VerificationReport report =
        ExportVerifier.verify(reader(lines.subList(0, 15)), signed.note, signed.key);
    assertThat(report.ok()).isFalse();
    assertThat(report.firstBadSequence()).isEqualTo(16);
  }

  @Test
  void aCheckpointNotSignedByTheGivenKeyIsRefused() throws Exception {
    List<String> lines = export(3);
    Signed signed = checkpoint(lines, 3);
    Signed other = checkpoint(lines, 3);
    assertThatThrownBy(() -> ExportVerifier.verify(reader(lines), signed.note, other.key))
        .isInstanceOf(NoteFormatException.class);
  }

  record Signed(SignedNote note, NoteKey key) {}

  static Signed checkpoint(List<String> lines, long size) throws Exception {
    InMemoryTree tree = new InMemoryTree();
    for (String line : lines.subList(0, (int) size)) {
      tree.appendLeafHash(ExportLine.parse(line).entry().leafHash());
    }
    KeyPair pair = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
    NoteKey key = NoteKey.of("test/audit", pair.getPublic());
    Checkpoint body = new Checkpoint("test/audit", size, tree.root(), List.of());
    SignedNote note =
        SignedNote.sign(
            body.body(),
            key,
            m -> {
              try {
                Signature s = Signature.getInstance("Ed25519");
                s.initSign(pair.getPrivate());
                s.update(m);
                return s.sign();
              } catch (Exception e) {
                throw new IllegalStateException(e);
              }
            });
    return new Signed(note, key);
  }

  static BufferedReader reader(List<String> lines) {
    return new BufferedReader(new StringReader(String.join("\n", lines) + "\n"));
  }
}
