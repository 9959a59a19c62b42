package io.replog.architecture;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.core.importer.Location;

import java.util.regex.Pattern;

/**
 * Keeps test classes out of an architecture import even when the build directory is not called
 * {@code target} ({@code -Dreplog.target=target-other}), which {@link ImportOption.DoNotIncludeTests}
 * does not recognise: anything under a {@code test-classes} directory or in a {@code -tests.jar}
 * is a test class. Used together with {@code DoNotIncludeTests}, never instead of it.
 */
public final class MainClassesOnly implements ImportOption {
    private static final Pattern TEST_LOCATION = Pattern.compile(".*(/test-classes/|-tests\\.jar!/).*");

    @Override
    public boolean includes(Location location) {
        return !location.matches(TEST_LOCATION);
    }
}
