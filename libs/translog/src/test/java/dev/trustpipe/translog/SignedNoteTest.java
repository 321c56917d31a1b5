package dev.trustpipe.translog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

class SignedNoteTest {
  /** golang.org/x/mod/sumdb/note's documented example (note.go and note_test.go). */
  private static final String PETER_KEY =
      "PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW";

  private static final String PETER_TEXT =
      "If you think cryptography is the answer to your problem,\n"
          + "then you don't know what your problem is.\n";
  private static final String PETER_NOTE =
      PETER_TEXT
          + "\n\u2014 PeterNeumann x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n";

  @Test
  void verifiesTheGoSumdbNoteExample() {
    NoteKey key = NoteKey.parse(PETER_KEY);
    assertThat(key.name()).isEqualTo("PeterNeumann");
    assertThat(key.encode()).isEqualTo(PETER_KEY);
    SignedNote note = SignedNote.parse(PETER_NOTE);
    assertThat(note.text()).isEqualTo(PETER_TEXT);
    assertThat(note.verifiedBy(key)).isTrue();
    assertThat(note.encode()).isEqualTo(PETER_NOTE);
  }

  @Test
  void oneChangedByteOfTextOrSignatureFailsVerification() {
    NoteKey key = NoteKey.parse(PETER_KEY);
    SignedNote changedText = SignedNote.parse(PETER_NOTE.replace("answer", "answor"));
    assertThat(changedText.verifiedBy(key)).isFalse();
    SignedNote changedSignature = SignedNote.parse(PETER_NOTE.replace("x08go", "x08gp"));
    assertThat(changedSignature.verifiedBy(key)).isFalse();
  }

  @Test
  void aCheckpointSignedWithAFreshKeyRoundTrips() throws Exception {
    KeyPair pair = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
    NoteKey key = NoteKey.of("trustpipe.example/audit", pair.getPublic());
    byte[] root = Hashes.sha256("root".getBytes());
    Checkpoint checkpoint =
        new Checkpoint("trustpipe.example/audit", 42, root, List.of("time 2026-11-23T12:00:00Z"));
    SignedNote note = SignedNote.sign(checkpoint.body(), key, message -> sign(pair, message));
    String served = note.encode();

    SignedNote parsed = SignedNote.parse(served);
    assertThat(parsed.verifiedBy(key)).isTrue();
    assertThat(Checkpoint.parse(parsed.text())).isEqualTo(checkpoint);
    assertThat(served)
        .startsWith(
            "trustpipe.example/audit\n42\n" + Base64.getEncoder().encodeToString(root) + "\n")
        .contains("\n\n\u2014 trustpipe.example/audit ");
    assertThat(NoteKey.parse(key.encode())).isEqualTo(key);
  }

  @Test
  void aSignatureOfAnotherKeyNameOrHashDoesNotCount() throws Exception {
    KeyPair pair = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
    NoteKey key = NoteKey.of("log", pair.getPublic());
    NoteKey other = NoteKey.of("other", pair.getPublic());
    SignedNote note =
        SignedNote.sign("log\n1\n" + b64(new byte[32]) + "\n", key, m -> sign(pair, m));
    assertThat(note.verifiedBy(other)).isFalse();
  }

  @Test
  void malformedNotesAndCheckpointsAreRefusedWithAReason() {
    for (String bad :
        List.of(
            "",
            "no blank line\n",
            "text\n\n",
            "text\n\nnot a signature\n",
            "text\n\n\u2014 name\n",
            "text\n\n\u2014 name !!!\n",
            "text\n\n\u2014 name AAAA\n",
            "text\n\n\u2014 name " + b64(new byte[68]))) {
      assertThatThrownBy(() -> SignedNote.parse(bad))
          .as(bad)
          .isInstanceOf(NoteFormatException.class)
          .hasMessageNotContaining("null");
    }
    for (String bad :
        List.of(
            "",
            "origin\n",
            "origin\n1\n",
            "origin\n01\n" + b64(new byte[32]) + "\n",
            "origin\n-1\n" + b64(new byte[32]) + "\n",
            "origin\n99999999999999999999\n" + b64(new byte[32]) + "\n",
            "origin\n1\n" + b64(new byte[31]) + "\n",
            "origin\n1\n" + b64(new byte[32]),
            "\n1\n" + b64(new byte[32]) + "\n",
            "origin\n1\n" + b64(new byte[32]) + "\n\n")) {
      assertThatThrownBy(() -> Checkpoint.parse(bad))
          .as(bad)
          .isInstanceOf(NoteFormatException.class);
    }
  }

  private static String b64(byte[] bytes) {
    return Base64.getEncoder().encodeToString(bytes);
  }

  private static byte[] sign(KeyPair pair, byte[] message) {
    try {
      Signature signer = Signature.getInstance("Ed25519");
      signer.initSign(pair.getPrivate());
      signer.update(message);
      return signer.sign();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }
}
