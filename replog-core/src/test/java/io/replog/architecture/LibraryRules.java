package io.replog.architecture;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

import java.util.List;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.GeneralCodingRules.ACCESS_STANDARD_STREAMS;
import static com.tngtech.archunit.library.GeneralCodingRules.USE_JAVA_UTIL_LOGGING;

/**
 * The rules every library module (replog-core, replog-zk, later replog-netty) keeps about logging
 * and the process it runs in. Not a test by itself: a module's architecture test runs them on its
 * own main classes, all at once with {@code @ArchTest static final ArchTests LIBRARY = ArchTests.in(LibraryRules.class)}
 * or one by one (replog-zk reaches this class through replog-core's test jar).
 */
public final class LibraryRules {
    private LibraryRules() {
    }

    @ArchTest
    public static final ArchRule LOG_THROUGH_SLF4J_ONLY = noClasses()
            .should(USE_JAVA_UTIL_LOGGING)
            .orShould().dependOnClassesThat().resideInAnyPackage(
                    "java.util.logging..", "org.apache.log4j..", "org.apache.logging.log4j..", "ch.qos.logback..")
            .because("a library logs through SLF4J only; the application embedding replog picks the backend");

    @ArchTest
    public static final ArchRule NO_STANDARD_STREAMS = noStandardStreamsExceptIn();

    @ArchTest
    public static final ArchRule NO_PROCESS_EXIT = noClasses()
            .should().callMethod(System.class, "exit", int.class)
            .orShould().callMethod(Runtime.class, "exit", int.class)
            .orShould().callMethod(Runtime.class, "halt", int.class)
            .because("a library never ends the embedding application's JVM: report the failure to the caller instead");

    /**
     * No class uses System.out, System.err or printStackTrace(), except the named command-line
     * programs (and their nested classes). Each exception is one class named in the module's
     * architecture test and in docs/architecture.md, never a package or a pattern.
     */
    public static ArchRule noStandardStreamsExceptIn(String... commandLinePrograms) {
        String because = "a library never writes to the embedding application's System.out/System.err "
                + "(nor printStackTrace()): log through SLF4J";
        if (commandLinePrograms.length == 0) {
            return noClasses().should(ACCESS_STANDARD_STREAMS).because(because);
        }
        List<String> exempt = List.of(commandLinePrograms);
        DescribedPredicate<JavaClass> notExempt = new DescribedPredicate<>("are not the command-line program(s) " + exempt) {
            @Override
            public boolean test(JavaClass c) {
                return exempt.stream().noneMatch(name -> c.getName().equals(name) || c.getName().startsWith(name + "$"));
            }
        };
        return noClasses().that(notExempt).should(ACCESS_STANDARD_STREAMS).because(because);
    }
}
