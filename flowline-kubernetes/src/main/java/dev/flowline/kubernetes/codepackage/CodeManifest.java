package dev.flowline.kubernetes.codepackage;

import dev.flowline.kubernetes.bootstrap.CodeFetcher;
import java.net.URI;
import java.util.List;

/**
 * The text of a code manifest, as {@link CodeFetcher} reads it: the line {@value
 * CodeFetcher#HEADER}, then one line per file, in class path order: {@code SHA256 SIZE NAME URL}
 * (single spaces; names are plain file names, URLs hold no space).
 */
final class CodeManifest {
  private CodeManifest() {}

  /** The manifest of {@code files}, each fetched from the URL at the same index of {@code urls}. */
  static String text(List<CodePackageRef.CodeFile> files, List<URI> urls) {
    if (files.size() != urls.size()) {
      throw new IllegalArgumentException(files.size() + " files but " + urls.size() + " URLs");
    }
    StringBuilder out = new StringBuilder(CodeFetcher.HEADER).append('\n');
    for (int i = 0; i < files.size(); i++) {
      var f = files.get(i);
      String url = urls.get(i).toASCIIString();
      if (url.contains(" ") || url.contains("\n")) {
        throw new IllegalArgumentException("the signed URL of " + f.name() + " holds whitespace");
      }
      out.append(f.sha256())
          .append(' ')
          .append(f.size())
          .append(' ')
          .append(f.name())
          .append(' ')
          .append(url)
          .append('\n');
    }
    return out.toString();
  }
}
