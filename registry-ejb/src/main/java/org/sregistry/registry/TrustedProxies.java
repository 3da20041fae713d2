package org.sregistry.registry;

import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;

/**
 * The reverse proxies whose {@code X-Forwarded-*} headers are believed: IP addresses or CIDR
 * ranges ({@code registry.proxy.trusted}). Any other client could otherwise choose the host that
 * the registry writes into redirects and signed URLs.
 */
public final class TrustedProxies {

    private record Range(BigInteger network, int prefix, int bits) {
        boolean contains(BigInteger address, int addressBits) {
            if (addressBits != bits) {
                return false;
            }
            return address.shiftRight(bits - prefix).equals(network.shiftRight(bits - prefix));
        }
    }

    private final List<Range> ranges;

    private TrustedProxies(List<Range> ranges) {
        this.ranges = List.copyOf(ranges);
    }

    public static final TrustedProxies NONE = new TrustedProxies(List.of());

    /** Parses {@code 10.0.0.5, 192.168.0.0/16, ::1}; only literal addresses (no host names) are accepted. */
    public static TrustedProxies parse(String list) {
        List<Range> ranges = new ArrayList<>();
        if (list != null) {
            for (String item : list.split(",")) {
                String s = item.trim();
                if (s.isEmpty()) {
                    continue;
                }
                String[] parts = s.split("/", 2);
                byte[] address = literal(parts[0]);
                int bits = address.length * 8;
                int prefix = parts.length == 2 ? Integer.parseInt(parts[1]) : bits;
                if (prefix < 0 || prefix > bits) {
                    throw new IllegalArgumentException("bad prefix in " + s);
                }
                ranges.add(new Range(new BigInteger(1, address), prefix, bits));
            }
        }
        return new TrustedProxies(ranges);
    }

    public boolean trusts(String remoteAddress) {
        if (ranges.isEmpty() || remoteAddress == null) {
            return false;
        }
        try {
            byte[] address = literal(remoteAddress);
            BigInteger value = new BigInteger(1, address);
            return ranges.stream().anyMatch(r -> r.contains(value, address.length * 8));
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static byte[] literal(String s) {
        String t = s.trim();
        if (t.startsWith("[") && t.endsWith("]")) {
            t = t.substring(1, t.length() - 1);
        }
        boolean looksLiteral = t.matches("[0-9.]+") || (t.contains(":") && t.matches("[0-9a-fA-F:.%a-z]+"));
        if (!looksLiteral) {
            throw new IllegalArgumentException("not an IP address: " + s);
        }
        try {
            return InetAddress.getByName(t).getAddress(); // a literal: no name lookup happens
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("not an IP address: " + s, e);
        }
    }
}
