package io.replog.internal.fault;

import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Set;

/**
 * The one way a broker carries deliberate bugs: an immutable value in its settings, handed to
 * every component unchanged and asked at the very line where a bug would act
 * ({@code bugs.has(PlantedBug.X)}). Configuration parsed from properties always yields
 * {@link #NONE}: only code that builds a broker's settings by hand (the simulation) can plant a
 * bug, so a production broker cannot run with one by a typo.
 */
public final class PlantedBugs {
    /** No bug: every broker not built by the simulation. */
    public static final PlantedBugs NONE = new PlantedBugs(EnumSet.noneOf(PlantedBug.class));

    private final Set<PlantedBug> bugs;

    private PlantedBugs(EnumSet<PlantedBug> bugs) {
        this.bugs = Collections.unmodifiableSet(bugs);
    }

    /** The given bugs (none gives {@link #NONE}). */
    public static PlantedBugs of(PlantedBug... bugs) {
        return of(Arrays.asList(bugs));
    }

    /** The given bugs (none gives {@link #NONE}). */
    public static PlantedBugs of(Collection<PlantedBug> bugs) {
        return bugs.isEmpty() ? NONE : new PlantedBugs(EnumSet.copyOf(bugs));
    }

    /** Whether {@code bug} is planted: asked where the bug would act. */
    public boolean has(PlantedBug bug) {
        return bugs.contains(bug);
    }

    /** Whether any bug is planted (a broker logs this at ERROR when it starts). */
    public boolean any() {
        return !bugs.isEmpty();
    }

    /** The planted bugs, for reports. */
    public Set<PlantedBug> asSet() {
        return bugs;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PlantedBugs other && bugs.equals(other.bugs);
    }

    @Override
    public int hashCode() {
        return bugs.hashCode();
    }

    @Override
    public String toString() {
        return bugs.toString();
    }
}
