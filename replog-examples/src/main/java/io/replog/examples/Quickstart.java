package io.replog.examples;

/** Placeholder until the log lands; replaced in the same change set. */
public final class Quickstart {
    private Quickstart() {
    }

    public static void main(String[] args) {
        System.out.println("replog quickstart");
    }
}
