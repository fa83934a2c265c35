package org.millrace.core.config;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/** One service a Millrace process can run, as named in {@code MILLRACE_SERVICES}. */
public enum ServiceRole {
    GATEWAY,
    AUTH,
    STREAMS,
    INGEST,
    RECORDER,
    VOD,
    UPLOADS,
    TRANSCODE;

    /** The name used in {@code MILLRACE_SERVICES}. */
    public String configName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * Parses a comma-separated list; null or blank means every service (the all-in-one server).
     *
     * @throws ConfigException naming the variable and the unknown name
     */
    public static Set<ServiceRole> parse(String value) {
        if (value == null || value.isBlank()) {
            return EnumSet.allOf(ServiceRole.class);
        }
        EnumSet<ServiceRole> roles = EnumSet.noneOf(ServiceRole.class);
        for (String part : value.split(",")) {
            String name = part.strip().toLowerCase(Locale.ROOT);
            if (name.isEmpty()) {
                continue;
            }
            ServiceRole role = Arrays.stream(values())
                    .filter(r -> r.configName().equals(name))
                    .findFirst()
                    .orElseThrow(() ->
                            new ConfigException(ConfigVariable.SERVICES.env() + ": unknown service '" + part.strip()
                                    + "' (known: gateway, auth, streams, ingest, recorder, vod, uploads, transcode)"));
            roles.add(role);
        }
        if (roles.isEmpty()) {
            throw new ConfigException(ConfigVariable.SERVICES.env() + " names no service");
        }
        return Set.copyOf(roles);
    }
}
