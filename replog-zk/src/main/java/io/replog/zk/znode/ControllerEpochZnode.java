package io.replog.zk.znode;

import java.nio.charset.StandardCharsets;

/**
 * The body of {@code /controller_epoch}: the epoch as decimal text (Kafka writes a bare
 * integer, e.g. {@code 7}). The znode's version fences the controller's writes.
 */
public final class ControllerEpochZnode {
    private ControllerEpochZnode() {
    }

    /** The body for {@code epoch}. */
    public static byte[] encode(int epoch) {
        return Integer.toString(epoch).getBytes(StandardCharsets.US_ASCII);
    }

    /** Reads the epoch from the body of the znode at {@code path}. */
    public static int decode(String path, byte[] data) {
        String text = data == null ? "" : new String(data, StandardCharsets.UTF_8).trim();
        try {
            int epoch = Integer.parseInt(text);
            if (epoch < 0) {
                throw new MalformedZnodeException(path, null, "must be a non-negative integer, was " + epoch);
            }
            return epoch;
        } catch (NumberFormatException e) {
            throw new MalformedZnodeException(path, null, "must be the controller epoch as an integer, was \""
                    + ZnodeJson.preview(data == null ? new byte[0] : data) + "\"");
        }
    }
}
