package io.replog.architecture;

import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

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
    public static final ArchRule NO_STANDARD_STREAMS = noClasses().should(ACCESS_STANDARD_STREAMS)
            .because("a library never writes to the embedding application's System.out/System.err "
                    + "(nor printStackTrace()): log through SLF4J; programs that print live in replog-examples");

    @ArchTest
    public static final ArchRule NO_PROCESS_EXIT = noClasses()
            .should().callMethod(System.class, "exit", int.class)
            .orShould().callMethod(Runtime.class, "exit", int.class)
            .orShould().callMethod(Runtime.class, "halt", int.class)
            .because("a library never ends the embedding application's JVM: report the failure to the caller instead");
}
