package org.epigrid.datahub.internal;

import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The ids of place names ({@code record_place}), adding names not seen before. Names are
 * added in their own transaction, never in an import's: an id handed out stays valid even
 * if the import that asked for it rolls back (an unused name costs nothing).
 */
@Component
class RecordPlaceRepository {

	/** How many names are remembered before the memory starts over. */
	static final int CACHE_SIZE = 100_000;

	private final JdbcClient jdbc;

	private final TransactionTemplate ownTx;

	private final Map<String, Long> cache = new ConcurrentHashMap<>();

	RecordPlaceRepository(JdbcClient jdbc, PlatformTransactionManager transactions) {
		this.jdbc = jdbc;
		this.ownTx = new TransactionTemplate(transactions);
		this.ownTx.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
	}

	/**
	 * The ids of place names, adding the new ones.
	 * @param names the names
	 * @return the id of each name
	 */
	Map<String, Long> ids(Collection<String> names) {
		Map<String, Long> ids = new HashMap<>();
		Set<String> missing = new LinkedHashSet<>();
		for (String name : names) {
			Long id = this.cache.get(name);
			if (id != null) {
				ids.put(name, id);
			}
			else {
				missing.add(name);
			}
		}
		if (missing.isEmpty()) {
			return ids;
		}
		String[] wanted = missing.toArray(String[]::new);
		this.ownTx.executeWithoutResult(s -> {
			this.jdbc.sql("""
					INSERT INTO record_place (name) SELECT DISTINCT n FROM unnest(CAST(:names AS text[])) AS n
					ON CONFLICT (name) DO NOTHING
					""").param("names", wanted).update();
			this.jdbc.sql("SELECT name, id FROM record_place WHERE name = ANY(CAST(:names AS text[]))")
				.param("names", wanted)
				.query((rs, i) -> ids.put(rs.getString(1), rs.getLong(2)))
				.list();
		});
		if (this.cache.size() + missing.size() > CACHE_SIZE) {
			this.cache.clear();
		}
		for (String name : missing) {
			this.cache.put(name, ids.get(name));
		}
		return ids;
	}

}
