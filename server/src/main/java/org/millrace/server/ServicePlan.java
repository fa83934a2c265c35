package org.millrace.server;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.millrace.core.config.ConfigVariable;
import org.millrace.core.config.MillraceConfig;
import org.millrace.core.config.ServiceRole;

/**
 * What a process must bring up for the services it runs, decided before anything starts: PostgreSQL only for
 * auth, streams, recorder, vod, uploads and transcode (and only their migrations), storage only for the gateway,
 * ingest, recorder, vod, uploads and transcode, the embedded PostgreSQL only for the one-process all-in-one server.
 */
record ServicePlan(Set<ServiceRole> services, boolean embeddedDatabase) {
    private static final Set<ServiceRole> DATABASE_USERS = EnumSet.of(
            ServiceRole.AUTH,
            ServiceRole.STREAMS,
            ServiceRole.RECORDER,
            ServiceRole.VOD,
            ServiceRole.UPLOADS,
            ServiceRole.TRANSCODE);
    private static final Set<ServiceRole> STORAGE_USERS = EnumSet.of(
            ServiceRole.GATEWAY,
            ServiceRole.INGEST,
            ServiceRole.RECORDER,
            ServiceRole.VOD,
            ServiceRole.UPLOADS,
            ServiceRole.TRANSCODE);

    ServicePlan {
        services = Set.copyOf(services);
    }

    /**
     * @throws StartupException naming {@code MILLRACE_DATABASE_URL} when a partial set of services needs the
     *                          database and none is configured, or {@code MILLRACE_VOD_IMPORT_URL} when a recorder
     *                          has no gateway in its process to import through
     */
    static ServicePlan of(MillraceConfig config) {
        Set<ServiceRole> services = config.services();
        boolean needsDatabase = services.stream().anyMatch(DATABASE_USERS::contains);
        boolean embedded = needsDatabase && config.database().isEmpty();
        if (embedded && !(config.allInOne() && !config.cluster().clustered())) {
            throw new StartupException(ConfigVariable.DATABASE_URL.env() + " is required: "
                    + names(services.stream().filter(DATABASE_USERS::contains).toList())
                    + " keep their data in PostgreSQL, and the embedded one is only for the all-in-one server"
                    + " (every service in one unclustered process)");
        }
        if (services.contains(ServiceRole.RECORDER)
                && !services.contains(ServiceRole.GATEWAY)
                && config.vodImportUrl().isEmpty()) {
            throw new StartupException(ConfigVariable.VOD_IMPORT_URL.env() + " is required: the recorder imports"
                    + " finished recordings over HTTP through a gateway, and this process runs none"
                    + " (e.g. http://gateway:8080)");
        }
        return new ServicePlan(services, embedded);
    }

    boolean runs(ServiceRole role) {
        return services.contains(role);
    }

    boolean needsDatabase() {
        return services.stream().anyMatch(DATABASE_USERS::contains);
    }

    boolean needsStorage() {
        return services.stream().anyMatch(STORAGE_USERS::contains);
    }

    /** The modules whose migrations this process applies, in dependency order: core, then its services'. */
    List<String> schemaModules() {
        List<String> modules = new ArrayList<>();
        if (!needsDatabase()) {
            return modules;
        }
        modules.add("core");
        if (runs(ServiceRole.AUTH)) {
            modules.add("auth");
        }
        if (runs(ServiceRole.STREAMS)) {
            modules.add("streams");
        }
        if (runs(ServiceRole.RECORDER)) {
            modules.add("recorder");
        }
        if (runs(ServiceRole.VOD)) {
            modules.add("vod");
        }
        if (runs(ServiceRole.UPLOADS) || runs(ServiceRole.TRANSCODE)) {
            modules.add("uploads");
        }
        return modules;
    }

    private static String names(List<ServiceRole> roles) {
        return String.join(
                ", ", roles.stream().sorted().map(ServiceRole::configName).toList());
    }
}
