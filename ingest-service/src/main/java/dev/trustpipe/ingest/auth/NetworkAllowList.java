package dev.trustpipe.ingest.auth;

import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;

/**
 * Source addresses a sender's deliveries may come from: IPv4/IPv6 addresses and CIDR blocks ({@code
 * 10.0.0.0/8}, {@code 2001:db8::/32}). Empty allows every address.
 */
public final class NetworkAllowList {

  private final List<Block> blocks;

  private NetworkAllowList(List<Block> blocks) {
    this.blocks = blocks;
  }

  public static NetworkAllowList allowAll() {
    return new NetworkAllowList(List.of());
  }

  /**
   * @param entries address literals or CIDR blocks; host names are refused (no DNS at start-up)
   */
  public static NetworkAllowList of(List<String> entries) {
    return new NetworkAllowList(
        entries.stream().map(String::trim).filter(e -> !e.isEmpty()).map(Block::parse).toList());
  }

  public boolean isEmpty() {
    return blocks.isEmpty();
  }

  public boolean allows(String remoteAddress) {
    if (blocks.isEmpty()) {
      return true;
    }
    byte[] address = literal(remoteAddress);
    if (address == null) {
      return false;
    }
    return blocks.stream().anyMatch(block -> block.contains(address));
  }

  /** The bytes of an IP literal; null for anything else. Never resolves a name. */
  static byte[] literal(String text) {
    if (text == null || text.isEmpty() || !text.matches("[0-9a-fA-F:.%]+") || !looksLikeIp(text)) {
      return null;
    }
    String withoutZone = text.contains("%") ? text.substring(0, text.indexOf('%')) : text;
    try {
      byte[] bytes = InetAddress.getByName(withoutZone).getAddress();
      return normalise(bytes);
    } catch (UnknownHostException e) {
      return null;
    }
  }

  private static boolean looksLikeIp(String text) {
    return text.contains(":") || text.matches("[0-9]{1,3}(\\.[0-9]{1,3}){3}");
  }

  /** IPv4-mapped IPv6 ({@code ::ffff:a.b.c.d}) is the IPv4 address. */
  private static byte[] normalise(byte[] bytes) {
    if (bytes.length == 16) {
      boolean mapped = true;
      for (int i = 0; i < 10; i++) {
        mapped &= bytes[i] == 0;
      }
      mapped &= bytes[10] == (byte) 0xff && bytes[11] == (byte) 0xff;
      if (mapped) {
        return new byte[] {bytes[12], bytes[13], bytes[14], bytes[15]};
      }
    }
    return bytes;
  }

  private record Block(byte[] network, int prefixBits) {
    static Block parse(String entry) {
      int slash = entry.indexOf('/');
      String address = slash < 0 ? entry : entry.substring(0, slash);
      byte[] bytes = literal(address);
      if (bytes == null) {
        throw new IllegalArgumentException(
            "allowed network '" + entry + "' is not an IP address or CIDR block");
      }
      int bits = bytes.length * 8;
      if (slash >= 0) {
        try {
          bits = Integer.parseInt(entry.substring(slash + 1));
        } catch (NumberFormatException e) {
          bits = -1;
        }
        if (bits < 0 || bits > bytes.length * 8) {
          throw new IllegalArgumentException(
              "allowed network '" + entry + "' has an invalid prefix length");
        }
      }
      return new Block(bytes, bits);
    }

    boolean contains(byte[] address) {
      if (address.length != network.length) {
        return false;
      }
      int shift = network.length * 8 - prefixBits;
      BigInteger mask =
          prefixBits == 0
              ? BigInteger.ZERO
              : BigInteger.ONE.shiftLeft(prefixBits).subtract(BigInteger.ONE).shiftLeft(shift);
      return new BigInteger(1, address).and(mask).equals(new BigInteger(1, network).and(mask));
    }
  }
}
