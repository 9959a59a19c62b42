package io.replog.coordinator;

import org.junit.jupiter.api.Test;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ForwardingCoordinatorTest {

    /** Every method of the SPI, default ones included, reaches the delegate unchanged. */
    @Test
    void everyCallOfTheSpiReachesTheDelegate() throws Exception {
        List<String> reached = new ArrayList<>();
        Coordinator recorder = (Coordinator) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[]{Coordinator.class}, (proxy, method, args) -> {
                    reached.add(method.getName() + "/" + method.getParameterCount());
                    return null;
                });
        Coordinator forwarding = new ForwardingCoordinator(recorder) {
        };
        List<String> expected = new ArrayList<>();
        for (Method m : Coordinator.class.getMethods()) {
            if (Modifier.isStatic(m.getModifiers())) {
                continue;
            }
            expected.add(m.getName() + "/" + m.getParameterCount());
            m.invoke(forwarding, defaults(m.getParameterTypes()));
        }
        assertThat(reached).containsExactlyInAnyOrderElementsOf(expected);
    }

    private static Object[] defaults(Class<?>[] types) {
        Object[] args = new Object[types.length];
        for (int i = 0; i < types.length; i++) {
            if (types[i] == int.class) {
                args[i] = 0;
            } else if (types[i] == long.class) {
                args[i] = 0L;
            }
        }
        return args;
    }
}
