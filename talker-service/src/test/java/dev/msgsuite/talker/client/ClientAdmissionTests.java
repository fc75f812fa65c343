package dev.msgsuite.talker.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import org.junit.jupiter.api.Test;

class ClientAdmissionTests {

    @Test
    void anIpv6SlashSixtyFourCountsAsOneAddress() {
        assertThat(key("2001:db8:0:7::1")).isEqualTo(key("2001:db8:0:7:ffff:ffff:ffff:ffff"));
        assertThat(key("2001:db8:0:7::1")).isNotEqualTo(key("2001:db8:0:8::1"));
    }

    @Test
    void eachIpv4AddressCountsOnItsOwn() {
        assertThat(key("192.0.2.1")).isEqualTo(key("192.0.2.1")).isNotEqualTo(key("192.0.2.2"));
    }

    private static String key(String address) {
        return ClientAdmission.addressKey(new InetSocketAddress(address, 4242));
    }
}
