package dev.dqnotify.ingest.reference;

import java.io.Serializable;

/**
 * One row of the store metadata: {@code store_id,name,size_class,region,team,timezone}.
 *
 * @param sizeClass {@code S}, {@code M} or {@code L}
 */
public record Store(String storeId, String name, String sizeClass, String region, String team, String timezone)
    implements Serializable {}
