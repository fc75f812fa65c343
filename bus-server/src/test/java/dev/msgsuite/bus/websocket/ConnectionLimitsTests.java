package dev.msgsuite.bus.websocket;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import org.junit.jupiter.api.Test;

class ConnectionLimitsTests {

    @Test
    void countsPerAddressAndInTotalAndFreesOnRelease() {
        ConnectionLimits limits = new ConnectionLimits(3, 2);

        assertThat(limits.acquire("10.0.0.1")).isNull();
        assertThat(limits.acquire("10.0.0.1")).isNull();
        assertThat(limits.check("10.0.0.1")).isEqualTo(ConnectionLimits.Refusal.ADDRESS);
        assertThat(limits.acquire("10.0.0.1")).isEqualTo(ConnectionLimits.Refusal.ADDRESS);
        assertThat(limits.acquire("10.0.0.2")).isNull();
        assertThat(limits.check("10.0.0.3")).isEqualTo(ConnectionLimits.Refusal.TOTAL);
        assertThat(limits.acquire("10.0.0.3")).isEqualTo(ConnectionLimits.Refusal.TOTAL);
        assertThat(limits.total()).isEqualTo(3);

        limits.release("10.0.0.1");
        assertThat(limits.acquire("10.0.0.3")).isNull();
        assertThat(limits.check("10.0.0.1")).isEqualTo(ConnectionLimits.Refusal.TOTAL);
    }

    @Test
    void ipv6AddressesAreCountedPerSlash64() {
        String one = ConnectionLimits.addressKey(new InetSocketAddress("2001:db8:1:2:aaaa::1", 1234));
        String sameNetwork = ConnectionLimits.addressKey(new InetSocketAddress("2001:db8:1:2:ffff::9", 1234));
        String other = ConnectionLimits.addressKey(new InetSocketAddress("2001:db8:1:3::1", 1234));

        assertThat(one).isEqualTo(sameNetwork).isEqualTo("20010db800010002::/64");
        assertThat(other).isNotEqualTo(one);
        assertThat(ConnectionLimits.addressKey(new InetSocketAddress("192.0.2.7", 1))).isEqualTo("192.0.2.7");
        assertThat(ConnectionLimits.addressKey(null)).isEqualTo("unknown");
    }
}
