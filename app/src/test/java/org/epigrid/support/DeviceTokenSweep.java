package org.epigrid.support;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.epigrid.support.Api.Response;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Calls every operation of the OpenAPI document with a device's token and asserts each
 * one not allowed answers 403 or 404 (what is public under {@code /api/v1/public/} is
 * left out): a device token reaches nothing beyond its own few calls.
 */
public final class DeviceTokenSweep {

	private DeviceTokenSweep() {
	}

	/**
	 * Sweeps the API with a device's token.
	 * @param api the client
	 * @param admin an administrator's token (to read the OpenAPI document)
	 * @param device the device's token
	 * @param allowed the operations the device may call, as {@code METHOD /path/{param}}
	 * @return the operations checked
	 */
	public static List<String> refusedEverywhereBut(Api api, String admin, String device, Set<String> allowed) {
		JsonNode paths = api.get(admin, "/api/docs").json().get("paths");
		List<String> checked = new ArrayList<>();
		for (Iterator<Map.Entry<String, JsonNode>> it = paths.properties().iterator(); it.hasNext();) {
			Map.Entry<String, JsonNode> entry = it.next();
			String path = entry.getKey().replaceAll("\\{[^}]+}", "1");
			for (String method : entry.getValue().propertyNames()) {
				String call = method.toUpperCase() + " " + entry.getKey();
				if (allowed.contains(call) || entry.getKey().startsWith("/api/v1/public/")) {
					continue;
				}
				Response response = switch (method) {
					case "get" -> api.get(device, path);
					case "delete" -> api.delete(device, path);
					case "put" -> api.put(device, path, "{}");
					default -> api.post(device, path, "{}");
				};
				assertThat(response.status()).as(call + " → " + response.body()).isIn(403, 404);
				checked.add(call);
			}
		}
		return checked;
	}

}
