package io.replog.topic;

import io.replog.errors.InvalidTopicException;

/**
 * The rules for topic names, the same as Kafka's: 1 to 249 characters from ASCII letters,
 * digits, {@code .}, {@code _} and {@code -}, and neither {@code .} nor {@code ..}. The
 * length limit keeps {@code <topic>-<partition>} directory names within file system limits.
 */
public final class TopicName {
    /** The longest name allowed. */
    public static final int MAX_LENGTH = 249;

    private TopicName() {
    }

    /** Returns {@code name} if it is valid, or throws {@link InvalidTopicException} saying why not. */
    public static String validate(String name) {
        if (name == null || name.isEmpty()) {
            throw new InvalidTopicException("Topic name is empty; a name has 1 to " + MAX_LENGTH
                    + " characters from [a-zA-Z0-9._-]");
        }
        if (name.equals(".") || name.equals("..")) {
            throw new InvalidTopicException("Topic name '" + name + "' is not allowed: '.' and '..' are reserved");
        }
        if (name.length() > MAX_LENGTH) {
            throw new InvalidTopicException("Topic name is " + name.length() + " characters long; at most "
                    + MAX_LENGTH + " are allowed");
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || c == '.' || c == '_' || c == '-';
            if (!ok) {
                throw new InvalidTopicException("Topic name '" + name + "' has the character '" + c + "' at index "
                        + i + "; allowed are ASCII letters, digits, '.', '_' and '-'");
            }
        }
        return name;
    }
}
