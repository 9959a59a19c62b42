package io.replog.zk;

import io.replog.errors.InvalidConfigException;

/**
 * A ZooKeeper connect string split into its server list and optional chroot:
 * {@code host1:2181,host2:2181/replog} has servers {@code host1:2181,host2:2181} and chroot
 * {@code /replog}. Several clusters share one ensemble by using different chroots.
 *
 * @param servers the comma-separated {@code host:port} list
 * @param chroot  the chroot path ({@code /a/b}), or the empty string for none
 */
public record ZkConnectString(String servers, String chroot) {

    public ZkConnectString {
        if (servers == null || servers.isBlank()) {
            throw new InvalidConfigException("zookeeper.connect has no servers; expected host:port[,host:port...][/chroot]");
        }
    }

    /** Parses {@code host:port[,host:port...][/chroot]}. */
    public static ZkConnectString parse(String connect) {
        if (connect == null || connect.isBlank()) {
            throw new InvalidConfigException("zookeeper.connect is empty; expected host:port[,host:port...][/chroot]");
        }
        String s = connect.trim();
        int slash = s.indexOf('/');
        String servers = slash < 0 ? s : s.substring(0, slash);
        String chroot = slash < 0 ? "" : s.substring(slash);
        if (chroot.equals("/")) {
            chroot = "";
        }
        if (!chroot.isEmpty()) {
            if (chroot.endsWith("/") || chroot.contains("//")) {
                throw new InvalidConfigException("zookeeper.connect '" + connect + "' has an invalid chroot '" + chroot
                        + "': it must look like /name or /a/b, without a trailing '/' or empty parts");
            }
            for (String part : chroot.substring(1).split("/")) {
                if (part.equals(".") || part.equals("..")) {
                    throw new InvalidConfigException("zookeeper.connect '" + connect + "' has an invalid chroot '"
                            + chroot + "': '.' and '..' are not allowed");
                }
            }
        }
        for (String server : servers.split(",")) {
            int colon = server.lastIndexOf(':');
            if (server.isBlank() || colon <= 0 || colon == server.length() - 1) {
                throw new InvalidConfigException("zookeeper.connect '" + connect + "' has an invalid server '" + server
                        + "'; expected host:port");
            }
            try {
                int port = Integer.parseInt(server.substring(colon + 1).trim());
                if (port <= 0 || port > 65_535) {
                    throw new NumberFormatException();
                }
            } catch (NumberFormatException e) {
                throw new InvalidConfigException("zookeeper.connect '" + connect + "' has an invalid port in '" + server
                        + "'; expected 1..65535");
            }
        }
        return new ZkConnectString(servers, chroot);
    }

    @Override
    public String toString() {
        return servers + chroot;
    }
}
