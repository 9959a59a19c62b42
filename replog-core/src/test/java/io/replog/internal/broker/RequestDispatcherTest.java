package io.replog.internal.broker;

import io.replog.protocol.ApiKey;
import io.replog.protocol.ControlledShutdownRequest;
import io.replog.protocol.ProduceRequest;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The dispatch's type check: a request whose type does not match its key is refused, naming both. */
class RequestDispatcherTest {

    @Test
    void aRequestOfTheKeysTypeIsHandedOnAsIs() {
        ControlledShutdownRequest request = new ControlledShutdownRequest(3, 7L);

        assertThat(RequestDispatcher.expect(ApiKey.CONTROLLED_SHUTDOWN, request, ControlledShutdownRequest.class))
                .isSameAs(request);
    }

    @Test
    void aRequestOfAnotherTypeIsRefusedNamingTheKeyAndBothTypes() {
        assertThatThrownBy(() -> RequestDispatcher.expect(ApiKey.PRODUCE, new ControlledShutdownRequest(3, 7L),
                ProduceRequest.class))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("a PRODUCE request must be a ProduceRequest, got "
                        + ControlledShutdownRequest.class.getName());
    }
}
