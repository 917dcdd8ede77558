package dev.fieldgate.uplink.sigv4;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Splits a command line into words the way POSIX {@code shlex.split} does, which is how the AWS CLI (botocore's
 * {@code compat_shell_split}) turns {@code credential_process} into an argument list: no shell is started, so no
 * expansion, pipes or redirections.
 */
final class ShellWords {

    private ShellWords() {
    }

    /**
     * @param line the command line
     * @return its words
     * @throws SigV4Exception if a quote is not closed (the message does not repeat the line)
     */
    static List<String> split(final String line) {
        Objects.requireNonNull(line, "line");
        final List<String> words = new ArrayList<>();
        final StringBuilder word = new StringBuilder();
        boolean inWord = false;
        char quote = 0;
        for (int i = 0; i < line.length(); i++) {
            final char c = line.charAt(i);
            if (quote == '\'') {
                if (c == '\'') {
                    quote = 0;
                } else {
                    word.append(c);
                }
            } else if (quote == '"') {
                if (c == '"') {
                    quote = 0;
                } else if (c == '\\' && i + 1 < line.length() && "\\\"$`\n".indexOf(line.charAt(i + 1)) >= 0) {
                    word.append(line.charAt(++i));
                } else {
                    word.append(c);
                }
            } else if (Character.isWhitespace(c)) {
                if (inWord) {
                    words.add(word.toString());
                    word.setLength(0);
                    inWord = false;
                }
            } else {
                inWord = true;
                if (c == '\'' || c == '"') {
                    quote = c;
                } else if (c == '\\' && i + 1 < line.length()) {
                    word.append(line.charAt(++i));
                } else {
                    word.append(c);
                }
            }
        }
        if (quote != 0) {
            throw new SigV4Exception("credential process command has an unclosed " + quote + " quote", false);
        }
        if (inWord) {
            words.add(word.toString());
        }
        return words;
    }
}
