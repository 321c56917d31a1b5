package dev.trustpipe.custody.local;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;

/** Writes secret files readable by their owner only, atomically and without replacing any. */
final class OwnerOnlyFiles {

  private OwnerOnlyFiles() {}

  /** Creates {@code directory} and missing parents with permissions 0700. */
  static void createDirectories(Path directory) throws IOException {
    if (!Files.isDirectory(directory)) {
      Files.createDirectories(directory, permissions(directory, "rwx------"));
    }
  }

  /**
   * Writes {@code content} to {@code target} unless it exists. The bytes go to a temporary file in
   * the same directory, created 0600 (the permissions are a creation attribute, so the file never
   * exists with wider access), flushed to disk, and published under the final name in one step.
   *
   * @return false when {@code target} already existed; it is left untouched
   */
  static boolean writeNew(Path target, byte[] content) throws IOException {
    return writeNew(target, content, null);
  }

  /**
   * As {@link #writeNew(Path, byte[])}, with the file's modification time set to {@code modified}.
   */
  static boolean writeNew(Path target, byte[] content, FileTime modified) throws IOException {
    Path directory = target.toAbsolutePath().getParent();
    Path temp =
        Files.createTempFile(
            directory,
            "." + target.getFileName() + ".",
            ".tmp",
            permissions(directory, "rw-------"));
    try {
      try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
        ByteBuffer buffer = ByteBuffer.wrap(content);
        while (buffer.hasRemaining()) {
          channel.write(buffer);
        }
        channel.force(true);
      }
      if (modified != null) {
        Files.setLastModifiedTime(temp, modified);
      }
      boolean published = publishWithoutReplacing(temp, target);
      if (published) {
        syncDirectory(directory);
      }
      return published;
    } finally {
      Files.deleteIfExists(temp);
    }
  }

  /**
   * A hard link is atomic like ATOMIC_MOVE but, unlike rename(2), fails instead of silently
   * replacing a file another writer published meanwhile. File systems without hard links fall back
   * to ATOMIC_MOVE after an existence check.
   */
  private static boolean publishWithoutReplacing(Path temp, Path target) throws IOException {
    try {
      Files.createLink(target, temp);
      return true;
    } catch (FileAlreadyExistsException e) {
      return false;
    } catch (UnsupportedOperationException | FileSystemException e) {
      // no hard links on this file system
    }
    if (Files.exists(target)) {
      return false;
    }
    Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
    return true;
  }

  /** Makes the new directory entry durable; not every platform can open a directory to sync it. */
  private static void syncDirectory(Path directory) {
    try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
      channel.force(true);
    } catch (IOException | UnsupportedOperationException e) {
      // best effort
    }
  }

  private static FileAttribute<?>[] permissions(Path path, String permissions) {
    boolean posix = path.getFileSystem().supportedFileAttributeViews().contains("posix");
    return posix
        ? new FileAttribute<?>[] {
          PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString(permissions))
        }
        : new FileAttribute<?>[0];
  }
}
