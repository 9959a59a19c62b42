package io.replog.testkit.junit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Client config overrides, as {@code "key=value"} with Kafka's names, for an {@code Admin},
 * {@code Producer} or {@code Consumer} parameter that {@link ReplogExtension} makes:
 * {@code @ClientConfig({"acks=all", "linger.ms=0"}) Producer<String, String> producer}.
 * {@code bootstrap.servers} is the cluster's; a bad key or value fails the parameter's resolution
 * with the client config's message.
 */
@Target(ElementType.PARAMETER)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface ClientConfig {
    /** The overrides, each {@code "key=value"}. */
    String[] value();
}
