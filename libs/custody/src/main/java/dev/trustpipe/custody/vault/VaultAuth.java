package dev.trustpipe.custody.vault;

import java.nio.file.Path;
import java.util.Objects;

/**
 * How the Vault Transit backend obtains its Vault token. {@link #toString()} never shows a secret
 * (token, secret id): these values end up in logs through configuration dumps.
 */
public sealed interface VaultAuth {

  /** A fixed token ({@code VAULT_TOKEN}), e.g. one a Vault Agent keeps fresh. Never renewed. */
  record Token(String token) implements VaultAuth {
    public Token {
      requireText(token, "token");
    }

    @Override
    public String toString() {
      return "Token[****]";
    }
  }

  /** AppRole login ({@code VAULT_ROLE_ID}, {@code VAULT_SECRET_ID}) at {@code auth/<mount>}. */
  record AppRole(String roleId, String secretId, String mount) implements VaultAuth {
    public AppRole {
      requireText(roleId, "roleId");
      requireText(secretId, "secretId");
      requireText(mount, "mount");
    }

    public AppRole(String roleId, String secretId) {
      this(roleId, secretId, "approle");
    }

    @Override
    public String toString() {
      return "AppRole[roleId=" + roleId + ", mount=" + mount + "]";
    }
  }

  /**
   * Kubernetes service-account login: the projected token at {@code jwtFile} is read on every
   * login, because the kubelet rotates it.
   */
  record Kubernetes(String role, Path jwtFile, String mount) implements VaultAuth {
    public static final Path DEFAULT_JWT_FILE =
        Path.of("/var/run/secrets/kubernetes.io/serviceaccount/token");

    public Kubernetes {
      requireText(role, "role");
      Objects.requireNonNull(jwtFile, "jwtFile");
      requireText(mount, "mount");
    }

    @Override
    public String toString() {
      return "Kubernetes[role=" + role + ", jwtFile=" + jwtFile + ", mount=" + mount + "]";
    }
  }

  private static void requireText(String value, String field) {
    Objects.requireNonNull(value, field);
    if (value.isBlank()) {
      throw new IllegalArgumentException(field + " must not be blank");
    }
  }
}
